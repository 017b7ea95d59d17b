"""Tests of the bias-corrected discrete estimators (Miller–Madow, Chao–Shen, NSB) in measures.discrete."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures import entropy_from_labels, mutual_information_from_labels

METHODS = ("plugin", "miller_madow", "chao_shen", "nsb")


def _h(x, method, **kw):
    if method == "nsb":
        kw.setdefault("alphabet_size", int(np.max(x)) + 1)
    return entropy_from_labels(x, method=method, **kw)


def test_miller_madow_known_value():
    # counts (2, 2): log 2 + (2 - 1) / (2 * 4)
    assert entropy_from_labels([0, 0, 1, 1], method="miller_madow") == pytest.approx(math.log(2) + 1 / 8, abs=1e-15)


def test_chao_shen_known_value():
    # counts (2, 1, 1), n = 4: f1 = 2, coverage C = 1 - 2/4; p = C * (2, 1, 1) / 4 = (1/4, 1/8, 1/8)
    terms = [(0.25, 1 - 0.75 ** 4), (0.125, 1 - 0.875 ** 4), (0.125, 1 - 0.875 ** 4)]
    expected = sum(-p * math.log(p) / inclusion for p, inclusion in terms)
    assert entropy_from_labels(["a", "a", "b", "c"], method="chao_shen") == pytest.approx(expected, abs=1e-14)


def test_chao_shen_all_singletons_uses_n_minus_one():
    # f1 = n would give coverage 0; Chao & Shen use f1 = n - 1, so C = 1/n
    n = 5
    p = (1 / n) * (1 / n)
    expected = n * (-p * math.log(p) / (1 - (1 - p) ** n))
    assert entropy_from_labels(np.arange(n), method="chao_shen") == pytest.approx(expected, abs=1e-13)


def test_nsb_well_sampled_agrees_with_plugin():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 4, 20000)
    plugin = entropy_from_labels(x)
    assert abs(entropy_from_labels(x, method="nsb", alphabet_size=4) - plugin) < 0.002


def test_corrections_reduce_undersampling_bias():
    # uniform over 200 symbols, n = 150: the plug-in estimate is far too low
    truth = math.log(200)
    rng = np.random.default_rng(1)
    samples = [rng.integers(0, 200, 150) for _ in range(20)]
    bias = {m: np.mean([entropy_from_labels(s, method=m, **({"alphabet_size": 200} if m == "nsb" else {}))
                        for s in samples]) - truth for m in METHODS}
    assert bias["plugin"] < -0.4
    assert abs(bias["miller_madow"]) < abs(bias["plugin"])
    assert abs(bias["chao_shen"]) < abs(bias["miller_madow"])
    assert abs(bias["nsb"]) < 0.1


def test_mutual_information_methods_known_values():
    x = [0, 0, 1, 1, 2, 2, 2, 0]
    y = [1, 1, 0, 0, 1, 0, 1, 1]
    plugin = mutual_information_from_labels(x, y)
    # Miller-Madow: (Kx - 1 + Ky - 1 - (Kxy - 1)) / (2n) with Kx = 3, Ky = 2, Kxy = 4 pairs seen
    assert mutual_information_from_labels(x, y, method="miller_madow") == pytest.approx(
        plugin + (2 + 1 - 3) / 16, abs=1e-14)
    cs = (entropy_from_labels(x, method="chao_shen") + entropy_from_labels(y, method="chao_shen")
          - entropy_from_labels(np.column_stack([x, y]), method="chao_shen"))
    assert mutual_information_from_labels(x, y, method="chao_shen") == pytest.approx(cs, abs=1e-14)


def test_mutual_information_default_unchanged():
    from sklearn.metrics import mutual_info_score
    rng = np.random.default_rng(2)
    x, y = rng.integers(0, 4, 300), rng.integers(0, 3, 300)
    assert mutual_information_from_labels(x, y) == pytest.approx(mutual_info_score(x, y), abs=1e-12)


def test_miller_madow_mi_is_less_biased_under_independence():
    rng = np.random.default_rng(3)
    plug, mm = [], []
    for _ in range(30):
        x, y = rng.integers(0, 6, 200), rng.integers(0, 6, 200)
        plug.append(mutual_information_from_labels(x, y))
        mm.append(mutual_information_from_labels(x, y, method="miller_madow"))
    assert np.mean(plug) > 0.05  # about (6-1)^2 / (2 * 200) = 0.0625
    assert abs(np.mean(mm)) < 0.015


@settings(max_examples=40, deadline=None)
@given(labels=st.lists(st.integers(0, 6), min_size=1, max_size=60))
def test_properties(labels):
    x = np.array(labels)
    n, k = x.size, np.unique(x).size
    plugin = entropy_from_labels(x)
    # Miller-Madow adds exactly (K - 1) / (2n)
    assert entropy_from_labels(x, method="miller_madow") == pytest.approx(plugin + (k - 1) / (2 * n), abs=1e-12)
    # relabelling changes nothing
    perm = np.random.default_rng(0).permutation(7)
    for m in METHODS:
        kw = {"alphabet_size": 7} if m == "nsb" else {}  # the other methods refuse an option they ignore
        assert _h(perm[x], m, **kw) == pytest.approx(_h(x, m, **kw), abs=1e-9)
    # every estimate is at least 0; Chao-Shen is at least the plug-in
    assert all(_h(x, m) >= -1e-12 for m in METHODS)
    assert entropy_from_labels(x, method="chao_shen") >= plugin - 1e-12
    # bits = nats / log 2
    assert entropy_from_labels(x, method="chao_shen", base=2) == pytest.approx(
        entropy_from_labels(x, method="chao_shen") / math.log(2), abs=1e-12)


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="'method'.*chao_shen.*miller_madow.*nsb.*plugin"):
        entropy_from_labels([0, 1], method="magic")
    with pytest.raises(ValueError, match="'weights'"):
        entropy_from_labels([0, 1], method="miller_madow", weights=[0.5, 0.5])
    with pytest.raises(ValueError, match="'alphabet_size'"):
        entropy_from_labels([0, 1], method="nsb")
    with pytest.raises(ValueError, match="'alphabet_size'"):
        entropy_from_labels([0, 1, 2], method="nsb", alphabet_size=2)
    with pytest.raises(TypeError, match="'alphabet_size'"):
        entropy_from_labels([0, 1, 2], method="nsb", alphabet_size=3.5)
    with pytest.raises(ValueError, match="'x'"):
        entropy_from_labels([0.5, 1.0], method="chao_shen")
    with pytest.raises(ValueError, match="'method'.*miller_madow"):
        mutual_information_from_labels([0, 1], [0, 1], method="nsb")
    with pytest.raises(ValueError, match="'weights'"):
        mutual_information_from_labels([0, 1], [0, 1], method="chao_shen", weights=[0.5, 0.5])
    with pytest.raises(ValueError, match="same length"):
        mutual_information_from_labels([0, 1], [0, 1, 1], method="miller_madow")
