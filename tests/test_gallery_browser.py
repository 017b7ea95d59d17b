"""The front page (``outputs/index.html``) in a real browser.

A throwaway workbook gets one real run (every claim outcome, so the run
fails; two figures; a parameter changed on the command line), the report is
written, and Debian's Chromium, driven by Playwright, opens it: every image
loads, every local link opens, anchors exist, nothing is fetched from the
network, no console error; a full-page screenshot is kept in
``test-artifacts/gallery.png``. ``make test`` installs Chromium when it can;
without it the browser tests skip and say why. The last tests check the
page's data (metadata, parameters, runs still going) without a browser.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
import pytest
import yaml

from conftest import FIXTURE_NOTEBOOKS, ROOT, write_notebook
from infolab.workbook.catalogue import papers
from infolab.workbook.report import write_report
from infolab.workbook.runner import run_paper

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=(
    f"Debian's Chromium is not installed at {CHROMIUM}: `make test` installs it when run as root with apt "
    "(apt-get install -y --no-install-recommends chromium)"))

GALLERY = "05-fixture-gallery"
GALLERY_META = {"reproduces": "Fig. 2: the curve against <i>noise</i>", "kind": "analogue"}
GALLERY_PARAMS = "seed = 0\nn = 3"
GALLERY_BODY = """
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from infolab.workbook import at_least, at_most, claim, close_to, declare_not_reproduced, not_run, save_figure
declare_not_reproduced("resilient at d=512", reason="the quick ambient dimension is too small <b>to show it</b>")
declare_not_reproduced("entropy decreases", reason="the paper's axis is log-scaled")
claim("n is positive", n, at_least(1), source="exact")
claim("resilient at d=512", 0.5, at_least(0.9), source="paper, Fig. 3")
claim("entropy decreases", 1.0, at_most(2.0), source="paper, Sec. 4")
claim("one plus one is three", 1 + 1, close_to(3.0, atol=1e-9), source="exact")
not_run(["training curve matches"], reason="full parameters only: no training under quick")
for name in ("curve", "spectrum"):
    fig, ax = plt.subplots(figsize=(4, 3)); ax.plot(range(n + 2)); ax.set_title(name); save_figure(fig, name)
"""


@pytest.fixture(scope="module")
def gallery(tmp_path_factory) -> Path:
    """A workbook with the fixture notebooks, one real run and the report written; the outputs folder."""
    root = tmp_path_factory.mktemp("gallery")
    notebooks = {**FIXTURE_NOTEBOOKS, GALLERY: (GALLERY_PARAMS, GALLERY_BODY)}
    (root / "notebooks").mkdir()
    for slug, (params_src, body) in notebooks.items():
        path = root / "notebooks" / f"{slug}.ipynb"
        write_notebook(path, params_src, body)
        (root / "params" / slug).mkdir(parents=True)
        defaults: dict = {}
        exec(params_src, {}, defaults)
        for name in ("quick", "full"):
            (root / "params" / slug / f"{name}.yaml").write_text(yaml.safe_dump(defaults))
    nb = nbformat.read(root / "notebooks" / f"{GALLERY}.ipynb", as_version=4)
    nb.metadata["infolab"] = GALLERY_META
    nbformat.write(nb, root / "notebooks" / f"{GALLERY}.ipynb")
    outputs = root / "outputs"
    run = run_paper(GALLERY, overrides=["n=4"], root=root, outputs=outputs)
    assert run.status == "failed" and run.manifest["claims"]["failed"] == 1, run.manifest.get("error")
    write_report(root, outputs)
    return outputs


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: ARG002 - keep the test output clean
        pass


@pytest.fixture(scope="module")
def server(gallery):
    """The outputs folder over local HTTP, so the page can fetch every file it links to."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(gallery)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (dev extra)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


def _watch(page, origin: str) -> dict[str, list[str]]:
    """Console errors, page errors and any request that leaves ``origin`` (aborted: the page must work offline)."""
    seen: dict[str, list[str]] = {"console": [], "pageerror": [], "offsite": [], "bad": []}
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["pageerror"].append(str(e)))
    page.on("response", lambda r: seen["bad"].append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def route(r):
        if r.request.url.startswith(origin) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            seen["offsite"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return seen


def _images(page) -> list[list]:
    return page.eval_on_selector_all("img", "els => els.map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])")


@needs_chromium
@pytest.mark.slow
def test_front_page_in_chromium(browser, gallery, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = _watch(page, server)
    response = page.goto(urljoin(server, "index.html"), wait_until="load")
    assert response is not None and response.ok

    # every image loaded, and the figures of the runs are there
    images = _images(page)
    assert sorted(Path(src).name for src, _, _ in images) == ["curve.png", "spectrum.png"], images
    assert all(complete and width > 0 for _, complete, width in images), images

    # every link: anchors exist, external ones are arXiv, local ones exist and load
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    anchors = [h[1:] for h in hrefs if h.startswith("#")]
    external = [h for h in hrefs if urlparse(h).scheme]
    local = sorted({h for h in hrefs if not h.startswith("#") and not urlparse(h).scheme})
    assert any(h.endswith("notebook.html") for h in local), local
    assert all(h.startswith("https://arxiv.org/abs/") for h in external), external
    missing = page.evaluate("ids => ids.filter(id => !document.getElementById(id))", anchors)
    assert not missing, missing
    assert {GALLERY, "01-fixture-ok", "without-notebook"} <= set(anchors)
    for h in local:
        assert not h.startswith("/") and (gallery / h).is_file(), h
    fetched = page.evaluate("""async hrefs => Promise.all(hrefs.map(async h => {
        const r = await fetch(h); const body = await r.arrayBuffer(); return [h, r.status, body.byteLength];
    }))""", local)
    assert all(status == 200 and size > 0 for _, status, size in fetched), fetched
    for h in local:
        name = Path(h).name
        if name.endswith(".json"):
            json.loads((gallery / h).read_text())
        elif name == "notebook.ipynb":
            nbformat.read(gallery / h, as_version=4)
    # the rendered notebooks open as pages (their own CDN scripts are not this page's concern)
    other = context.new_page()
    other.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
    for h in (h for h in local if h.endswith(".html")):
        assert other.goto(urljoin(server, h), wait_until="domcontentloaded").ok, h
    other.close()

    # the page's content: summary, order, claims with their reasons, parameters
    summary_rows = page.locator("table.summary tbody tr")
    assert summary_rows.count() == 5
    order = page.evaluate("""() => {
        const all = [...document.querySelectorAll('section.paper, #without-notebook')];
        return all.map(e => e.id);
    }""")
    assert order[-1] == "without-notebook" and len(order) == 6, order
    pending = page.locator("ol.pending li")
    assert pending.count() == len(papers())
    card = page.locator(f"[id='{GALLERY}']")
    assert "analogue" in card.locator(".badge").first.inner_text()
    assert "Fig. 2: the curve against <i>noise</i>" in card.locator(".reproduces").inner_text()  # escaped, not markup
    assert "one plus one is three" in card.locator(".claim-fail").inner_text()
    assert "entropy decreases" in card.locator(".claim-review").inner_text()
    reasons = card.locator("details.reasons")
    assert "1 not reproduced, 1 not run" in reasons.locator("summary").inner_text()
    assert not reasons.locator(".why").first.is_visible()  # folded until asked for
    reasons.locator("summary").click()
    text = reasons.inner_text()
    assert "too small <b>to show it</b>" in text and "full parameters only" in text
    assert card.locator(".chip").all_inner_texts() == ["1 pass", "1 fail", "1 not reproduced",
                                                       "1 reproduced, declared not", "1 not run"]
    assert card.locator("table.runs .pset").inner_text() == "quick"
    assert card.locator("table.runs .changed").inner_text() == "+ n=4"
    assert card.locator("table.runs .status-failed").count() == 1
    assert "ClaimFailed" in card.locator("table.runs .error").inner_text()
    never = page.locator("[id='01-fixture-ok']")
    assert "No runs yet" in never.inner_text() and "never run" in summary_rows.first.inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "gallery.png"), full_page=True)
    assert not seen["offsite"], f"the page reached outside its folder: {seen['offsite']}"
    assert not seen["bad"], seen["bad"]
    assert not seen["console"] and not seen["pageerror"], seen
    context.close()


@needs_chromium
def test_front_page_from_disk(browser, gallery):
    """Opened as a file (a double click), the page shows its figures with no error."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((gallery / "index.html").as_uri(), wait_until="load")
    images = _images(page)
    assert images and all(complete and width > 0 for _, complete, width in images), images
    assert not errors, errors
    page.close()


# ---------------------------------------------------------------------------
# The page's data, without a browser or a kernel
# ---------------------------------------------------------------------------

def test_notebook_metadata_is_read_and_its_absence_tolerated(tmp_path):
    from infolab.workbook.report import notebook_info

    cases = {"full": GALLERY_META, "none": None, "not-a-dict": "analogue", "bad-values": {"kind": 3, "reproduces": " "}}
    for name, meta in cases.items():
        write_notebook(tmp_path / f"{name}.ipynb", "seed = 0", "pass")
        if meta is not None:
            nb = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
            nb.metadata["infolab"] = meta
            nbformat.write(nb, tmp_path / f"{name}.ipynb")
    (tmp_path / "broken.ipynb").write_text("{ not json")
    assert notebook_info(tmp_path / "full.ipynb") == GALLERY_META
    for name in ("none", "not-a-dict", "bad-values", "broken", "missing"):
        assert notebook_info(tmp_path / f"{name}.ipynb") == {}, name


def _fake_run(outputs: Path, slug: str, run_id: str, manifest: dict, results: dict) -> Path:
    folder = outputs / slug / run_id
    (folder / "figures").mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"run_id": run_id, **manifest}))
    (folder / "results.json").write_text(json.dumps(results))
    (folder / "params.yaml").write_text("seed: 0\n")
    return folder


def test_a_run_still_going_is_listed_but_not_the_latest(workbook):
    """The latest run is the newest finished one; a running run's unchecked declarations are not failures yet."""
    outputs = workbook / "outputs"
    done = {"passed": 1, "failed": 0, "not_reproduced": 0, "reproduced_declared_not": 0, "not_run": 0,
            "failed_names": [], "review_names": [], "not_run_names": []}
    claim = {"name": "n is positive", "status": "pass", "observed": 3, "expected": ">= 1", "source": "exact",
             "note": None, "reason": None}
    _fake_run(outputs, "01-fixture-ok", "20260101T000000Z-quick-aaaaaaaa",
              {"status": "succeeded", "params_set": "quick", "started": "2026-01-01T00:00:00+00:00",
               "duration_s": 75.0, "claims": done, "overrides": ["n=3"]},
              {"claims": [claim], "declared": {}})
    _fake_run(outputs, "01-fixture-ok", "20260101T010000Z-full-bbbbbbbb",
              {"status": "running", "params_set": "full", "started": "2026-01-01T01:00:00+00:00"},
              {"claims": [], "declared": {"slow <claim>": "needs the full run"}})
    text = write_report(workbook, outputs).read_text()
    assert "declared, never checked" not in text and "slow &lt;claim&gt;" not in text
    latest = text.split('<div class="latest">', 1)[1].split("</h4>", 1)[0]
    assert "succeeded" in latest and "+ n=3" in latest
    runs = text.split("Runs, newest first", 1)[1]
    assert runs.index("20260101T010000Z-full") < runs.index("20260101T000000Z-quick")
    assert "1 min 15 s" in runs and "status-running" in runs
    # papers with a notebook first, every other paper after them, once each
    tail = text.split('id="without-notebook"', 1)[1]
    assert all(f'id="{p.slug}"' in tail for p in papers()) and 'id="01-fixture-ok"' not in tail


def test_a_failed_run_names_its_cell_and_a_missing_html(workbook):
    from infolab.workbook.runner import HTML_FILE

    outputs = workbook / "outputs"
    folder = _fake_run(outputs, "02-fixture-raises", "20260101T000000Z-quick-cccccccc",
                       {"status": "failed", "params_set": "quick", "started": "2026-01-01T00:00:00+00:00",
                        "duration_s": 2.0, "claims": {},
                        "error": {"type": "ValueError", "message": "deliberate failure", "cell_index": 3,
                                  "cell_id": "abc123", "first_line": "record(\"before_error\", 1)"},
                        "html_error": {"type": "OSError", "message": "disk full"}},
                       {"claims": [], "declared": {}})
    (folder / HTML_FILE).write_text("<html></html>")
    text = write_report(workbook, outputs).read_text()
    assert 'notebook.html#cell-id=abc123">raised in cell 3: record(&#34;before_error&#34;, 1)</a>' in text \
        or 'notebook.html#cell-id=abc123">raised in cell 3: record(&quot;before_error&quot;, 1)</a>' in text
    assert "could not be rendered to HTML (OSError: disk full)" in text
