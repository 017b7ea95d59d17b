"""The claims API: outcomes computed by the workbook, declared non-reproductions, experiments not run, the table."""

from __future__ import annotations

import json

import numpy as np
import pytest

from infolab.workbook import claims as C
from infolab.workbook import recording


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.delenv(recording.RUN_DIR_ENV, raising=False)
    recording.reset()
    yield
    recording.reset()


def outcomes() -> dict[str, str]:
    return {c["name"]: c["status"] for c in recording.results()["claims"]}


@pytest.mark.parametrize(("observed", "expected", "status"), [
    (1.0 + 5e-10, C.close_to(1.0, atol=1e-9), C.PASS),
    (1.0 + 2e-9, C.close_to(1.0, atol=1e-9), C.FAIL),
    (101.0, C.close_to(100.0, rtol=0.02), C.PASS),
    (103.0, C.close_to(100.0, rtol=0.02), C.FAIL),
    (0.95, C.at_least(0.95), C.PASS),
    (0.9499, C.at_least(0.95), C.FAIL),
    (0.5, C.at_most(0.5), C.PASS),
    (0.5, C.below(0.5), C.FAIL),
    (0.5, C.above(0.5), C.FAIL),
    (0.3, C.between(0.2, 0.4), C.PASS),
    (0.41, C.between(0.2, 0.4), C.FAIL),
    (7, C.equal_to(7), C.PASS),
    ("abc", C.equal_to("abd"), C.FAIL),
    ([0.01, 0.02, 0.09], C.at_most(0.1), C.PASS),          # a scalar expectation holds for each element
    (np.array([0.01, 0.2]), C.at_most(0.1), C.FAIL),
    (float("nan"), C.at_most(1.0), C.FAIL),                 # NaN never passes
    ((0.1, 0.3), C.interval_above(0.0), C.PASS),
    ((-0.1, 0.3), C.interval_above(0.0), C.FAIL),
    ((-0.3, -0.1), C.interval_below(0.0), C.PASS),
])
def test_the_workbook_computes_the_outcome(observed, expected, status):
    C.claim("statement", observed, expected, source="exact")
    assert outcomes() == {"statement": status}


def test_a_dict_of_expectations_holds_only_if_every_entry_holds():
    C.claim("both", {"rho": 0.97, "max": 8.1}, {"rho": C.at_least(0.95), "max": C.at_most(8.2)}, source="paper")
    C.claim("one fails", {"rho": 0.97, "max": 8.3}, {"rho": C.at_least(0.95), "max": C.at_most(8.2)}, source="paper")
    assert outcomes() == {"both": C.PASS, "one fails": C.FAIL}
    expected = recording.results()["claims"][0]["expected"]
    assert expected == {"rho": "≥ 0.95", "max": "≤ 8.2"}
    with pytest.raises(ValueError, match="same keys"):
        C.claim("keys", {"rho": 0.9}, {"rho": C.at_least(0.95), "max": C.at_most(1)}, source="paper")


def test_direction_claims_need_three_paired_seeds():
    C.claim("A beats B", [0.6, 0.7, 0.65], C.consistently_above([0.5, 0.6, 0.6]), source="paper")
    C.claim("A beats B in one seed only", [0.6, 0.5, 0.65], C.consistently_above([0.5, 0.6, 0.6]), source="paper")
    C.claim("A below B", [0.1, 0.2, 0.3], C.consistently_below([0.2, 0.3, 0.4], margin=0.05), source="paper")
    assert outcomes() == {"A beats B": C.PASS, "A beats B in one seed only": C.FAIL, "A below B": C.PASS}
    with pytest.raises(ValueError, match="at least 3 paired values"):
        C.consistently_above([0.5])
    with pytest.raises(ValueError, match="paired"):
        C.claim("unpaired", [0.6, 0.7], C.consistently_above([0.5, 0.6, 0.6]), source="paper")


@pytest.mark.parametrize(("call", "match"), [
    (lambda: C.claim("c", True, C.equal_to(True), source="exact"), "bare boolean"),
    (lambda: C.claim("c", 1.0, 1.0, source="exact"), "must be an expectation"),
    (lambda: C.claim("c", 1.0, C.at_most(2), source=""), "'source'"),
    (lambda: C.claim("", 1.0, C.at_most(2), source="exact"), "'name'"),
    (lambda: C.claim("c", "x", C.at_most(2), source="exact"), "real number"),
    (lambda: C.claim("c", [], C.at_most(2), source="exact"), "empty"),
    (lambda: C.close_to(1.0), "needs a tolerance"),
    (lambda: C.close_to(1.0, atol=-1), "needs a tolerance"),
    (lambda: C.at_most(float("nan")), "NaN"),
    (lambda: C.at_least("1"), "real number"),
    (lambda: C.between(2, 1), "low <= high"),
    (lambda: C.claim("c", (1, 2, 3), C.interval_above(), source="exact"), "interval"),
    (lambda: C.declare_not_reproduced("c", reason=""), "'reason'"),
    (lambda: C.not_run([], reason="full only"), "at least one"),
    (lambda: C.not_run("c", reason=" "), "'reason'"),
])
def test_bad_calls_are_refused_with_a_message_naming_the_argument(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()


def test_declared_non_reproduction_reports_both_ways():
    C.declare_not_reproduced("fails as declared", reason="the paper's scale does not fit a CPU")
    C.declare_not_reproduced("holds after all", reason="it failed at the paper's tolerance before")
    C.claim("fails as declared", 0.58, C.at_most(0.5), source="paper, Fig. 2")
    C.claim("holds after all", 0.2, C.at_most(0.5), source="paper, Fig. 2")
    C.claim("ordinary", 0.2, C.at_most(0.5), source="paper, Fig. 2")
    assert outcomes() == {"fails as declared": C.NOT_REPRODUCED, "holds after all": C.UNEXPECTED,
                          "ordinary": C.PASS}
    entry = recording.results()["claims"][0]
    assert entry["reason"] == "the paper's scale does not fit a CPU"


def test_a_declaration_must_come_before_its_check():
    C.claim("late", 1.0, C.at_most(2.0), source="exact")
    with pytest.raises(ValueError, match="up front"):
        C.declare_not_reproduced("late", reason="too late")
    C.declare_not_reproduced("twice", reason="r")
    with pytest.raises(ValueError, match="already declared"):
        C.declare_not_reproduced("twice", reason="r")


def test_declared_but_never_checked_is_visible():
    C.declare_not_reproduced("forgotten", reason="r")
    C.declare_not_reproduced("skipped", reason="r")
    C.not_run("skipped", reason="full parameters only")
    assert C.unchecked_declarations() == ["forgotten"]
    assert "declared, never checked" in C.claims_table()._repr_html_()


def test_not_run_claims_carry_their_reason():
    C.not_run(["training: DSMI rises", "training: DSE rises"], reason="full parameters only (train_epochs > 0)")
    claims = recording.results()["claims"]
    assert [c["status"] for c in claims] == [C.NOT_RUN, C.NOT_RUN]
    assert all(c["reason"] == "full parameters only (train_epochs > 0)" for c in claims)


def test_the_table_escapes_and_shows_each_claim_once():
    C.claim("||C||_* ≤ <bound> & H(W|X) ≥ 0", [1.0, 2.0], C.at_least(0.0), source="paper | Table 2")
    C.claim("second", 3.0, C.close_to(3.0, atol=0.1), source="exact", note="tol 0.1")
    C.claim("second", 3.05, C.close_to(3.0, atol=0.1), source="exact", note="tol 0.1")  # re-checked: replaced
    table = C.claims_table()
    page = table._repr_html_()
    assert page.count('class="claim-row"') == 2
    assert "||C||_* ≤ &lt;bound&gt; &amp; H(W|X) ≥ 0" in page
    assert "<bound>" not in page
    assert "2 pass" in page
    assert "[pass] second: expected 3 ± 0.1, observed 3.05 (tol 0.1)" in repr(table)


def test_claims_are_written_to_the_run_folder_as_they_go(tmp_path, monkeypatch):
    monkeypatch.setenv(recording.RUN_DIR_ENV, str(tmp_path))
    C.declare_not_reproduced("declared", reason="r")
    C.claim("checked", 1.0, C.at_most(2.0), source="exact")
    written = json.loads((tmp_path / recording.RESULTS_FILE).read_text())
    assert written["declared"] == {"declared": "r"}
    assert [c["status"] for c in written["claims"]] == [C.PASS]


def test_summary_text_names_every_nonzero_outcome():
    counts = {"passed": 9, "failed": 0, "not_reproduced": 2, "reproduced_declared_not": 0, "not_run": 1}
    assert C.claims_summary_text(counts) == "9 passed, 0 failed, 2 not reproduced, 1 not run"
    assert C.claims_summary_text(counts, short=True) == "9 pass, 0 fail, 2 n.r., 1 not run"


def test_explore_draws_the_static_figure_outside_jupyterlab():
    seen = []
    recording.explore(lambda sigma, c: seen.append((sigma, c)), sigma=(1.0, 20.0, 10.0), c=(0.0, 1.0, 0.2))
    assert seen == [(10.0, 0.2)]
    with pytest.raises(ValueError, match="knob 'sigma'"):
        recording.explore(lambda sigma: None, sigma=(1.0, 20.0, 30.0))
    with pytest.raises(TypeError, match="'draw'"):
        recording.explore("not a function", sigma=(1.0, 2.0, 1.5))


def test_progress_needs_no_widgets_and_warns_nothing(monkeypatch, recwarn):
    from tqdm.std import tqdm as text_bar

    # a JupyterLab kernel without ipywidgets: the text bar, and no "IProgress not found" warning
    monkeypatch.setattr(recording, "_in_jupyter_frontend", lambda: True)
    monkeypatch.setattr(recording, "_widgets_available", lambda: False)
    bar = recording.progress(range(3), desc="steps", disable=True)
    assert type(bar) is text_bar and list(bar) == [0, 1, 2]
    assert not [w for w in recwarn if "IProgress" in str(w.message)]
    # with ipywidgets, the widget bar; under `infolab run` it stays silent
    pytest.importorskip("ipywidgets")
    monkeypatch.setattr(recording, "_widgets_available", lambda: True)
    assert type(recording.progress(range(3), disable=True)).__module__ == "tqdm.notebook"
    monkeypatch.setenv(recording.RUN_DIR_ENV, "/nonexistent-run-folder")
    assert recording.progress(range(3)).disable


DECLARING_NOTEBOOK = """
from infolab.workbook import at_most, claim, declare_not_reproduced, not_run
declare_not_reproduced("gap within 0.5", reason="the noise lifts every distance at this dimension")
if forget:
    declare_not_reproduced("never checked", reason="declared, then forgotten")
claim("gap within 0.5", gap, at_most(0.5), source="paper, Fig. 2")
claim("exact identity", 0.0, at_most(1e-12), source="exact")
if epochs > 0:
    claim("training", 1.0, at_most(2.0), source="paper")
else:
    not_run(["training"], reason="full parameters only (epochs > 0)")
"""


@pytest.mark.parametrize(("overrides", "status", "counts"), [
    (["gap=0.58"], "succeeded", {"passed": 1, "not_reproduced": 1, "not_run": 1, "failed": 0}),
    (["gap=0.2"], "succeeded", {"passed": 1, "reproduced_declared_not": 1, "not_run": 1, "failed": 0}),
    (["gap=0.58", "epochs=3"], "succeeded", {"passed": 2, "not_reproduced": 1, "not_run": 0}),
    (["gap=0.58", "forget=true"], "failed", {"failed": 1}),
])
def test_the_runner_counts_each_outcome(tmp_path, overrides, status, counts):
    from conftest import write_notebook
    from infolab.workbook.runner import run_paper

    (tmp_path / "notebooks").mkdir()
    params = "seed = 0\ngap = 0.58\nepochs = 0\nforget = False"
    write_notebook(tmp_path / "notebooks" / "01-declares.ipynb", params, DECLARING_NOTEBOOK)
    (tmp_path / "params" / "01-declares").mkdir(parents=True)
    for name in ("quick", "full"):
        (tmp_path / "params" / "01-declares" / f"{name}.yaml").write_text("seed: 0\ngap: 0.58\nepochs: 0\nforget: false\n")
    result = run_paper("01", overrides=overrides, root=tmp_path, outputs=tmp_path / "outputs")
    assert result.status == status, result.manifest.get("error")
    summary = result.manifest["claims"]
    assert {k: summary[k] for k in counts} == counts
    if "gap=0.2" in overrides:
        assert summary["review_names"] == ["gap within 0.5"]
    if "forget=true" in overrides:
        assert "never checked" in result.manifest["error"]["message"]
