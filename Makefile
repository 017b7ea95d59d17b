# infolab: `make reproduce` runs every notebook (quick parameters) and writes the report;
# `make test` runs the whole test suite. Both create the environment when it is missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXTRAS := lab,dev,peers
PYTEST_WORKERS ?= 2
# Debian's Chromium, driven by Playwright in tests/test_gallery_browser.py
CHROMIUM := /usr/bin/chromium
# Two pytest workers, each running a notebook kernel, on 2 cores: one BLAS thread per process
# avoids oversubscription (notebook kernels inherit it).
# The Examples of every docstring in lib/infolab run as tests too.
DOCTESTS := tests lib/infolab --doctest-modules
TEST_ENV := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

.PHONY: help venv chromium test test-unit test-notebooks reproduce report lab lint gpu-check bench clean-venv

help:
	@echo "make reproduce       run every notebook with quick parameters, then write outputs/index.html"
	@echo "make test            the whole test suite (unit, workbook, every notebook's quick run)"
	@echo "make lab             JupyterLab on notebooks/"
	@echo "make gpu-check       GPU tests and CPU-vs-GPU comparison (on a machine with a GPU)"
	@echo "make bench           speed comparisons against peer libraries"

$(STAMP): pyproject.toml
	@if [ -x $(BIN)/python ]; then echo "== $(VENV) exists: bringing it up to date"; \
	else echo "== creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV) || exit 1; fi
	@echo "== upgrading pip"
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "== installing infolab and its dependencies, extras [$(EXTRAS)] (about a minute on a fresh machine)"
	@$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	@touch $(STAMP)
	@echo "== $(VENV) is ready"

venv: $(STAMP)

# tests/test_gallery_browser.py opens the report in Debian's Chromium (Playwright never downloads a
# browser here). Install it when missing and we are root; never fail: without it that test skips.
chromium:
	@if [ -x $(CHROMIUM) ]; then echo "== $(CHROMIUM) found for the browser test of the report"; \
	elif [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "== no $(CHROMIUM), and not root with apt-get: the browser test of the report will skip"; \
	else \
	  echo "== installing Debian's chromium for the browser test of the report:"; \
	  echo "   apt-get update && apt-get install -y --no-install-recommends chromium"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
	    && echo "== chromium installed: $$($(CHROMIUM) --version 2>/dev/null)" \
	    || echo "== chromium could not be installed: the browser test of the report will skip"; \
	fi

test: $(STAMP) chromium
	$(BIN)/ruff check lib tests benchmarks
	$(TEST_ENV) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --durations=25 $(DOCTESTS)

test-unit: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not notebook" $(DOCTESTS)

test-notebooks: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m notebook

reproduce: $(STAMP)
	$(BIN)/infolab run-all --params quick; status=$$?; $(BIN)/infolab report; exit $$status

report: $(STAMP)
	$(BIN)/infolab report

lab: $(STAMP)
	$(BIN)/infolab lab

lint: $(STAMP)
	$(BIN)/ruff check lib tests benchmarks

bench: $(STAMP)
	for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# On a lent GPU machine: no registry, no venv; its own python3 has numpy, scipy, cupy, pytest.
gpu-check:
	PYTHONPATH=lib python3 benchmarks/gpu_check.py

clean-venv:
	rm -rf $(VENV)
