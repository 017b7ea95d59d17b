"""Permutation tests: calibrated p-values under each null, power, the schemes' shuffles, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import cKDTree

from infolab.measures import mutual_information_from_labels, permutation_test
from infolab.measures.significance import _blocks, _local_permutation, _strata, _within_strata


def _gaussian_mi(a, b):
    r = np.corrcoef(np.ravel(a), np.ravel(b))[0, 1]
    return -0.5 * np.log1p(-r * r)


def _gaussian_cmi(a, b, c):
    """I(A; B | C) of jointly Gaussian scalars, from the partial correlation."""
    r = np.corrcoef(np.vstack([np.ravel(a), np.ravel(b), np.ravel(c)]))
    partial = (r[0, 1] - r[0, 2] * r[1, 2]) / np.sqrt((1 - r[0, 2] ** 2) * (1 - r[1, 2] ** 2))
    return -0.5 * np.log1p(-partial * partial)


def _rejection_rate(pvalues, level):
    return float(np.mean(np.asarray(pvalues) <= level))


def test_p_values_are_uniform_under_independence():
    """Plug-in MI of independent labels: the fraction of p <= a is a, within 3 binomial sd of 300 tests."""
    rng = np.random.default_rng(1)
    pvalues = [permutation_test(mutual_information_from_labels, rng.integers(0, 3, 80), rng.integers(0, 3, 80),
                                n_permutations=99, seed=i).p_value for i in range(300)]
    for level in (0.05, 0.1, 0.5):
        sd = np.sqrt(level * (1 - level) / 300)
        assert abs(_rejection_rate(pvalues, level) - level) <= 3 * sd, level


def test_dependence_gives_the_smallest_p_value():
    rng = np.random.default_rng(2)
    x = rng.normal(size=200)
    result = permutation_test(_gaussian_mi, x, x + rng.normal(size=200), n_permutations=99, seed=0)
    assert result.p_value == 1 / 100
    assert result.estimate > result.null_quantiles[0.95] and result.scheme == "permute"
    assert result.n_permutations == 99 and set(result.null_quantiles) == {0.05, 0.5, 0.95}


def test_conditional_shuffles_are_calibrated_and_have_power():
    """X and Y both driven by Z: X ⊥ Y | Z holds and the local and within-bins shuffles reject it at
    about the nominal rate; add a direct X -> Y link and they reject it every time."""
    rng = np.random.default_rng(3)
    rates = {("local", 0.0): [], ("within_bins", 0.0): [], ("local", 0.5): [], ("within_bins", 0.5): []}
    for rep in range(60):
        z = rng.normal(size=150)
        x = z + 0.5 * rng.normal(size=150)
        noise = 0.5 * rng.normal(size=150)
        for scheme, link in rates:
            kwargs = {"n_bins": 10} if scheme == "within_bins" else {}
            y = z + link * x + noise
            rates[scheme, link].append(permutation_test(_gaussian_cmi, x, y, z, n_permutations=49, scheme=scheme,
                                                        seed=rep, **kwargs).p_value)
    assert _rejection_rate(rates["local", 0.0], 0.1) <= 0.1 + 3 * np.sqrt(0.09 / 60)
    # binning leaves some X–Z dependence within each bin, so it may be a little liberal
    assert _rejection_rate(rates["within_bins", 0.0], 0.1) <= 0.25
    assert _rejection_rate(rates["local", 0.5], 0.05) == 1.0
    assert _rejection_rate(rates["within_bins", 0.5], 0.05) == 1.0


def test_local_shuffle_gives_knn_estimators_no_ties():
    from infolab.measures import knn_conditional_mutual_information

    rng = np.random.default_rng(10)
    z = rng.normal(size=120)
    x, y = z + 0.3 * rng.normal(size=120), z + 0.3 * rng.normal(size=120)
    result = permutation_test(lambda a, b, c: knn_conditional_mutual_information(a, b, c, k=5), x, y, z,
                              n_permutations=19, seed=0)
    assert result.scheme == "local" and result.p_value > 0.05


def test_series_null_needs_a_series_shuffle():
    """Two independent AR(1) series (phi = 0.9): row permutation rejects far too often; circular shifts
    and blocks keep each series' autocorrelation and come close to the nominal rate."""
    rng = np.random.default_rng(4)

    def ar1(n):
        out = np.empty(n)
        out[0] = rng.normal()
        for t in range(1, n):
            out[t] = 0.9 * out[t - 1] + rng.normal()
        return out

    rates = {"permute": [], "circular": [], "block": []}
    for rep in range(80):
        x, y = ar1(300), ar1(300)
        for scheme in rates:
            kwargs = {"block_length": 30} if scheme == "block" else {}
            rates[scheme].append(permutation_test(_gaussian_mi, x, y, n_permutations=49, scheme=scheme, seed=rep,
                                                  **kwargs).p_value)
    assert _rejection_rate(rates["permute"], 0.1) >= 0.4
    assert _rejection_rate(rates["circular"], 0.1) <= 0.2
    assert _rejection_rate(rates["block"], 0.1) <= 0.25


def test_same_seed_same_null_and_inputs_untouched():
    rng = np.random.default_rng(5)
    x, y = rng.integers(0, 4, 100), rng.integers(0, 4, 100)
    x0, y0 = x.copy(), y.copy()
    a = permutation_test(mutual_information_from_labels, x, y, n_permutations=30, seed=7)
    b = permutation_test(mutual_information_from_labels, x, y, n_permutations=30, seed=7)
    c = permutation_test(mutual_information_from_labels, x, y, n_permutations=30, seed=8)
    np.testing.assert_array_equal(a.null_distribution, b.null_distribution)
    assert not np.array_equal(a.null_distribution, c.null_distribution)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(y, y0)


def test_progress_wraps_the_loop():
    seen = []

    def progress(iterable, **kwargs):
        seen.append(kwargs)
        return iterable

    rng = np.random.default_rng(6)
    permutation_test(mutual_information_from_labels, rng.integers(0, 2, 50), rng.integers(0, 2, 50),
                     n_permutations=5, progress=progress)
    assert seen == [{"desc": "permutation test", "total": 5}]


def test_shuffles_respect_their_constraints():
    rng = np.random.default_rng(7)
    z = rng.integers(0, 4, 200)
    strata = _strata(z, None)
    perm = _within_strata(strata, rng)
    assert np.array_equal(np.sort(perm), np.arange(200)) and np.array_equal(z[perm], z)
    zc = rng.normal(size=(200, 2))
    tree = cKDTree(zc)
    _, neighbours = tree.query(zc, k=5, p=np.inf)
    local = _local_permutation(neighbours, rng, tree, zc)
    assert np.array_equal(np.sort(local), np.arange(200))  # a permutation: no value used twice
    assert np.mean([local[i] in neighbours[i] for i in range(200)]) >= 0.8  # within the 5 nearest for most i
    blocks = _blocks(103, 10, rng)
    assert np.array_equal(np.sort(blocks), np.arange(103))
    starts = [i for i in range(103) if i == 0 or blocks[i] != blocks[i - 1] + 1]
    assert len(starts) == 11  # every block is kept whole


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"estimator": "mi"}, TypeError, "'estimator' parameter of permutation_test must be a callable"),
    ({"x": np.arange(5.0), "y": np.arange(4.0)}, ValueError, "same number of samples"),
    ({"x": np.array([1.0, np.nan, 2.0]), "y": np.arange(3.0)}, ValueError, "'x' parameter.*finite"),
    ({"x": np.arange(3) + 1j, "y": np.arange(3)}, TypeError, "'x' parameter.*real values"),
    ({"x": [], "y": []}, ValueError, "at least one sample"),
    ({"x": [1.0], "y": [2.0]}, ValueError, "at least 2 samples"),
    ({"n_permutations": 0}, ValueError, "'n_permutations' parameter.*range \\[1, 1000000\\]"),
    ({"scheme": "shuffle"}, ValueError, "'scheme' parameter"),
    ({"scheme": "local"}, ValueError, "needs 'z'"),
    ({"block_length": 5}, ValueError, "applies only to scheme='block'"),
    ({"scheme": "block"}, ValueError, "needs 'block_length'"),
    ({"scheme": "circular", "k_perm": 3}, ValueError, "'k_perm' parameter.*scheme='local'"),
    ({"scheme": "circular", "min_shift": 40}, ValueError, "'min_shift' parameter.*range \\[1, 20\\]"),
    ({"quantiles": (0.5, 1.5)}, ValueError, "'quantiles' parameter"),
    ({"seed": -1}, TypeError, "'seed' parameter"),
    ({"estimator": lambda a, b: float("nan")}, ValueError, "returned nan for the data"),
    ({"estimator": lambda a, b: "high"}, TypeError, "must return a real number"),
])
def test_bad_input_is_refused_with_the_argument_named(kwargs, error, message):
    rng = np.random.default_rng(8)
    args = {"estimator": _gaussian_mi, "x": rng.normal(size=40), "y": rng.normal(size=40), **kwargs}
    with pytest.raises(error, match=message):
        permutation_test(args.pop("estimator"), args.pop("x"), args.pop("y"), **args)


def test_within_bins_refuses_a_continuous_z_without_bins():
    rng = np.random.default_rng(9)
    with pytest.raises(ValueError, match="its own stratum"):
        permutation_test(_gaussian_cmi, rng.normal(size=30), rng.normal(size=30), rng.normal(size=30),
                         scheme="within_bins")
