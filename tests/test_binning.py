"""Histogram and Gaussian-kernel estimators: closed forms, known biases, independent implementations."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import gaussian_kde, multivariate_normal, norm

from infolab.measures import (
    histogram_entropy,
    histogram_mutual_information,
    kde_entropy,
    kde_mutual_information,
)

GAUSS_H = 0.5 * np.log(2 * np.pi * np.e)          # h of N(0, 1), nats


def gaussian_pair(n: int, rho: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return x, rho * x + np.sqrt(1 - rho * rho) * rng.standard_normal(n)


def gaussian_mi(rho: float) -> float:
    return -0.5 * np.log(1 - rho * rho)


# ---------------------------------------------------------------------------
# Independent implementations, written here from the definitions
# ---------------------------------------------------------------------------

def numpy_histogram_entropy(x: np.ndarray, bins) -> float:
    """−Σ p log p + log(cell volume) from numpy.histogramdd with per-coordinate numpy edges."""
    x = x.reshape(len(x), -1)
    edges = [np.histogram_bin_edges(x[:, j], bins=bins) for j in range(x.shape[1])]
    counts, _ = np.histogramdd(x, bins=edges)
    p = counts[counts > 0] / len(x)
    return float(-np.sum(p * np.log(p)) + sum(np.log(e[1] - e[0]) for e in edges))


def numpy_histogram_mi(x: np.ndarray, y: np.ndarray, bins) -> tuple[float, int, int, int]:
    """Plug-in MI of the binned pair from numpy.histogram2d, with the occupied-cell counts."""
    counts, _, _ = np.histogram2d(x, y, bins=[np.histogram_bin_edges(x, bins), np.histogram_bin_edges(y, bins)])
    pxy = counts / counts.sum()
    px, py = pxy.sum(1), pxy.sum(0)
    nz = pxy > 0
    mi = float(np.sum(pxy[nz] * np.log(pxy[nz] / np.outer(px, py)[nz])))
    return mi, int(np.count_nonzero(px)), int(np.count_nonzero(py)), int(np.count_nonzero(pxy))


def loo_kde_entropy_dense(x: np.ndarray, factor: float) -> float:
    """Leave-one-out Gaussian KDE entropy with a dense pairwise density matrix (scipy.stats)."""
    x = x.reshape(len(x), -1)
    n = len(x)
    cov = np.atleast_2d(np.cov(x, rowvar=False)) * factor ** 2
    diffs = (x[:, None, :] - x[None, :, :]).reshape(-1, x.shape[1])
    dens = multivariate_normal(mean=np.zeros(x.shape[1]), cov=cov).pdf(diffs).reshape(n, n)
    np.fill_diagonal(dens, 0.0)
    return float(-np.mean(np.log(dens.sum(1) / (n - 1))))


def binned_gaussian_mi(rho: float, ex: np.ndarray, ey: np.ndarray) -> tuple[float, float]:
    """Exact MI of a standard bivariate normal cut at the interior edges (outer cells extended to ±inf),
    and the variance of its information density (the per-sample variance of the plug-in estimate).

    P(cell i, j) = ∫ φ(x) [Φ((b_j+1 − ρx)/s) − Φ((b_j − ρx)/s)] dx over x-bin i, s = sqrt(1 − ρ²),
    by 200-node Gauss-Legendre quadrature on each x-bin (cut at ±12).
    """
    ax = np.clip(np.r_[-np.inf, ex[1:-1], np.inf], -12, 12)
    by = np.r_[-np.inf, ey[1:-1], np.inf]
    s = np.sqrt(1 - rho * rho)
    nodes, weights = np.polynomial.legendre.leggauss(200)
    p = np.empty((len(ax) - 1, len(by) - 1))
    for i in range(len(ax) - 1):
        lo, hi = ax[i], ax[i + 1]
        t = 0.5 * (hi - lo) * nodes + 0.5 * (hi + lo)
        w = 0.5 * (hi - lo) * weights * norm.pdf(t)
        cdf = norm.cdf((by[None, :] - rho * t[:, None]) / s)
        p[i] = w @ np.diff(cdf, axis=1)
    px, py = p.sum(1), p.sum(0)
    nz = p > 1e-300
    dens = np.log(p[nz] / np.outer(px, py)[nz])
    mi = float(np.sum(p[nz] * dens))
    return mi, float(np.sum(p[nz] * dens ** 2) - mi ** 2)


# ---------------------------------------------------------------------------
# Histogram entropy
# ---------------------------------------------------------------------------

def test_histogram_entropy_uniform_matches_the_known_downward_bias():
    # Uniform on [0, a]: h = log a. The plug-in part is low by (K - 1)/(2n) and the sample
    # range is short of a by 2a/(n + 1) on average, so E[error] = -(K - 1)/(2n) - 2/n + O(1/n²);
    # the sd is about sqrt((K - 1)/2 + 2)/n (multinomial and range fluctuations).
    n, a = 10_000, 3.0
    for seed in range(3):
        u = np.random.default_rng(seed).uniform(0, a, n)
        k = len(np.histogram_bin_edges(u, "fd")) - 1
        expected_bias = -(k - 1) / (2 * n) - 2 / n
        sd = np.sqrt((k - 1) / 2 + 2) / n
        err = histogram_entropy(u) - np.log(a)
        assert abs(err - expected_bias) < 4 * sd
        err_mm = histogram_entropy(u, correction="miller_madow") - np.log(a)
        assert abs(err_mm + 2 / n) < 4 * sd


def test_histogram_entropy_gaussian_closed_form():
    # n = 20000, "fd" (w ≈ 0.1): bias about -(K - 1)/(2n) + w²/24 ≈ -0.002, sd sqrt(Var log f / n)
    # = 0.005; 4 sd + |bias| < 0.025. Sturges: 16 bins over the range, w ≈ 0.55 σ, so the
    # discretisation term w²/24 ≈ 0.013 dominates; 4 sd + 0.013 < 0.04.
    x = np.random.default_rng(1).standard_normal(20_000)
    assert abs(histogram_entropy(x) - GAUSS_H) < 0.025
    assert abs(histogram_entropy(3.0 * x, bins="sturges") - (GAUSS_H + np.log(3.0))) < 0.04


def test_histogram_entropy_bias_is_downward_and_shrinks_with_n():
    a = 2.0
    def mean_error(n):
        return np.mean([histogram_entropy(np.random.default_rng(s).uniform(0, a, n)) - np.log(a)
                        for s in range(5)])
    small, large = mean_error(500), mean_error(20_000)
    assert small < 0 and large < 0
    assert abs(small) > abs(large)


@pytest.mark.parametrize("bins", ["fd", "sturges", "sqrt", "scott", 7])
def test_histogram_entropy_matches_numpy_histogramdd(bins):
    rng = np.random.default_rng(2)
    x1 = rng.standard_normal(3000)
    x2 = rng.standard_normal((3000, 2)) @ np.array([[1.0, 0.5], [0.0, 2.0]])
    assert histogram_entropy(x1, bins=bins) == pytest.approx(numpy_histogram_entropy(x1, bins), abs=1e-12)
    assert histogram_entropy(x2, bins=bins) == pytest.approx(numpy_histogram_entropy(x2, bins), abs=1e-12)


@pytest.mark.parametrize("bins", ["fd", "sturges", "sqrt", "scott", 3, 9])
def test_histogram_cells_match_numpy_on_edges_and_heavy_tails(bins):
    # whole numbers fall exactly on edges (3, 6 with bins=3 on [0, 9]); a Cauchy sample has a
    # range far wider than its interquartile range
    rng = np.random.default_rng(24)
    for x in (np.repeat(np.arange(10.0), 7), rng.integers(0, 50, 1000).astype(float), rng.standard_cauchy(5000)):
        assert histogram_entropy(x, bins=bins) == pytest.approx(numpy_histogram_entropy(x, bins), abs=1e-12)


def test_histogram_entropy_matches_infomeasure_discrete_on_the_cells():
    im = pytest.importorskip("infomeasure")
    x = np.random.default_rng(3).standard_normal(2000)
    edges = np.histogram_bin_edges(x, "fd")
    cells = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    log_w = np.log(edges[1] - edges[0])
    assert histogram_entropy(x) == pytest.approx(im.entropy(cells, approach="discrete", base="e") + log_w,
                                                 abs=1e-10)
    assert histogram_entropy(x, correction="miller_madow") == pytest.approx(
        im.entropy(cells, approach="miller_madow", base="e") + log_w, abs=1e-10)


def test_histogram_entropy_base_and_scaling():
    x = np.random.default_rng(4).standard_normal(1000)
    assert histogram_entropy(x, base=2) == pytest.approx(histogram_entropy(x) / np.log(2), rel=1e-12)
    # equal-width bins on the range: rescaling moves the edges with the data, h moves by log c
    assert histogram_entropy(5.0 * x + 1.0) == pytest.approx(histogram_entropy(x) + np.log(5.0), abs=1e-9)


# ---------------------------------------------------------------------------
# Histogram mutual information
# ---------------------------------------------------------------------------

def test_histogram_mi_against_the_exact_binned_gaussian():
    # With fixed edges, E[plug-in] = I(binned) + (K_xy - K_x - K_y + 1)/(2n) + O(1/n²) and
    # Miller-Madow removes that term; I(binned) is computed exactly from the bivariate normal cdf
    # and the sd from the variance of the binned information density.
    rho, n, bins = 0.8, 20_000, 10
    x, y = gaussian_pair(n, rho, seed=5)
    ex, ey = np.histogram_bin_edges(x, bins), np.histogram_bin_edges(y, bins)
    exact, var = binned_gaussian_mi(rho, ex, ey)
    assert exact < gaussian_mi(rho)                      # data processing: binning loses information
    _, kx, ky, kxy = numpy_histogram_mi(x, y, bins)
    first_order = (kxy - kx - ky + 1) / (2 * n)
    sd = np.sqrt(var / n)
    assert abs(histogram_mutual_information(x, y, bins=bins) - (exact + first_order)) < 4 * sd
    assert abs(histogram_mutual_information(x, y, bins=bins, correction="miller_madow") - exact) < 4 * sd


def test_histogram_mi_closed_form_fd():
    # "fd" at n = 20000: about 85 bins per coordinate and ~2000 occupied cells, upward plug-in
    # bias ≈ (K_xy - K_x - K_y + 1)/(2n) ≈ 0.045 and second-order terms of the same sign; the
    # Miller-Madow value must sit within that first-order term of the truth.
    rho = 0.8
    x, y = gaussian_pair(20_000, rho, seed=6)
    plug = histogram_mutual_information(x, y)
    mm = histogram_mutual_information(x, y, correction="miller_madow")
    first_order = plug - mm
    assert plug > gaussian_mi(rho)
    assert abs(mm - gaussian_mi(rho)) < first_order


def test_histogram_mi_upward_bias_shrinks_with_n():
    rho = 0.8
    def mean_error(n):
        return np.mean([histogram_mutual_information(*gaussian_pair(n, rho, s)) - gaussian_mi(rho)
                        for s in range(5)])
    small, large = mean_error(500), mean_error(20_000)
    assert small > 0 and large > 0
    assert small > large


@pytest.mark.parametrize("bins", ["fd", "sqrt", 12])
def test_histogram_mi_matches_numpy_histogram2d(bins):
    x, y = gaussian_pair(4000, 0.5, seed=7)
    mi, kx, ky, kxy = numpy_histogram_mi(x, y, bins)
    assert histogram_mutual_information(x, y, bins=bins) == pytest.approx(mi, abs=1e-12)
    assert histogram_mutual_information(x, y, bins=bins, correction="miller_madow") == pytest.approx(
        mi + (kx + ky - kxy - 1) / (2 * len(x)), abs=1e-12)


def test_histogram_mi_multivariate_coordinates_and_symmetry():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((3000, 2))
    y = x[:, :1] + rng.standard_normal((3000, 1))
    xy = histogram_mutual_information(x, y, bins=6)
    assert xy == pytest.approx(histogram_mutual_information(y, x, bins=6), abs=1e-12)
    # x of two coordinates binned cell by cell: the same as the entropies of the cells
    hx = histogram_entropy(x, bins=6)
    hy = histogram_entropy(y, bins=6)
    hxy = histogram_entropy(np.column_stack([x, y]), bins=6)
    assert xy == pytest.approx(hx + hy - hxy, abs=1e-10)


# ---------------------------------------------------------------------------
# KDE entropy
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("bandwidth", ["scott", "silverman", 0.4])
def test_kde_entropy_resubstitution_matches_scipy_gaussian_kde(bandwidth):
    rng = np.random.default_rng(9)
    for x in (rng.standard_normal(800), rng.standard_normal((600, 3)) @ np.triu(np.ones((3, 3)))):
        kde = gaussian_kde(x.T, bw_method=bandwidth)
        expected = float(-np.mean(kde.logpdf(x.T)))
        assert kde_entropy(x, bandwidth=bandwidth) == pytest.approx(expected, abs=1e-10)


def test_kde_entropy_leave_one_out_matches_a_dense_twin():
    rng = np.random.default_rng(10)
    for x in (rng.standard_normal(300), rng.standard_normal((250, 2))):
        d = x.reshape(len(x), -1).shape[1]
        factor = len(x) ** (-1 / (d + 4))
        assert kde_entropy(x, method="leave_one_out") == pytest.approx(loo_kde_entropy_dense(x, factor),
                                                                        abs=1e-10)


def test_kde_entropy_matches_infomeasure_kernel():
    im = pytest.importorskip("infomeasure")
    x = np.random.default_rng(11).standard_normal(700)
    expected = im.entropy(x, approach="kernel", bandwidth=700 ** (-1 / 5), kernel="gaussian", base="e")
    assert kde_entropy(x) == pytest.approx(float(expected), abs=1e-10)


def test_kde_entropy_gaussian_closed_form():
    # n = 3000: sd sqrt(0.5/n) = 0.013; smoothing adds at most ½ log(1 + h²) = 0.02 (h = n^(-1/5));
    # the self peak of resubstitution and the Jensen gap of leave-one-out are O(1/(n h)).
    x = np.random.default_rng(12).standard_normal(3000)
    for method in ("resubstitution", "leave_one_out"):
        assert abs(kde_entropy(x, method=method) - GAUSS_H) < 0.07


def test_kde_resubstitution_never_exceeds_leave_one_out():
    rng = np.random.default_rng(13)
    for x in (rng.standard_normal(400), rng.exponential(size=(300, 2)), rng.uniform(size=50)):
        for bw in ("scott", 0.05, 2.0):
            assert kde_entropy(x, bandwidth=bw) <= kde_entropy(x, bandwidth=bw, method="leave_one_out")


def test_kde_leave_one_out_boundary_bias_is_upward_and_shrinks_with_n():
    # Uniform on [0, 1]: h = 0; kernel mass leaks over the edges, an upward bias O(h) with
    # h = n^(-1/5) times the sd (Jensen also makes leave-one-out biased high).
    def mean_error(n):
        return np.mean([kde_entropy(np.random.default_rng(s).uniform(0, 1, n), method="leave_one_out")
                        for s in range(5)])
    small, large = mean_error(200), mean_error(3000)
    assert small > large > 0


def test_kde_entropy_affine_equivariance():
    rng = np.random.default_rng(14)
    x = rng.standard_normal((500, 2))
    a = np.array([[2.0, 1.0], [0.0, 0.5]])
    assert kde_entropy(x @ a.T + 3.0) == pytest.approx(kde_entropy(x) + np.log(abs(np.linalg.det(a))), abs=1e-9)
    assert kde_entropy(x, base=2) == pytest.approx(kde_entropy(x) / np.log(2), rel=1e-12)


# ---------------------------------------------------------------------------
# KDE mutual information
# ---------------------------------------------------------------------------

def test_kde_mi_matches_scipy_densities():
    x, y = gaussian_pair(600, 0.6, seed=15)
    factor = 600 ** (-1 / 6)
    joint = gaussian_kde(np.vstack([x, y]), bw_method=factor).logpdf(np.vstack([x, y]))
    fx = gaussian_kde(x, bw_method=factor).logpdf(x)
    fy = gaussian_kde(y, bw_method=factor).logpdf(y)
    assert kde_mutual_information(x, y) == pytest.approx(float(np.mean(joint - fx - fy)), abs=1e-10)


def test_kde_mi_matches_infomeasure_kernel():
    im = pytest.importorskip("infomeasure")
    x, y = gaussian_pair(500, 0.7, seed=16)
    expected = im.mutual_information(x, y, approach="kernel", bandwidth=500 ** (-1 / 6), kernel="gaussian",
                                     base="e")
    assert kde_mutual_information(x, y) == pytest.approx(float(expected), abs=1e-10)


def test_kde_mi_gaussian_closed_form():
    # Gaussian data: smoothing keeps the correlation, so only finite-sample terms remain:
    # sd about ρ/sqrt(n) = 0.015 at n = 3000, and the self-peak (resubstitution) or Jensen
    # (leave-one-out) terms O(1/(n h²)) with h² = n^(-1/3), 0.005 times a density factor;
    # 4 sd + 0.02 = 0.08.
    rho = 0.8
    x, y = gaussian_pair(3000, rho, seed=17)
    for method in ("resubstitution", "leave_one_out"):
        assert abs(kde_mutual_information(x, y, method=method) - gaussian_mi(rho)) < 0.08


def test_kde_mi_resubstitution_bias_upward_under_independence_and_shrinks():
    def mean_mi(n):
        return np.mean([kde_mutual_information(*gaussian_pair(n, 0.0, s)) for s in range(5)])
    small, large = mean_mi(200), mean_mi(1000)
    assert small > large > 0


def test_kde_mi_invariant_under_affine_maps_of_each_variable():
    rng = np.random.default_rng(18)
    x = rng.standard_normal((400, 2))
    y = x[:, :1] + rng.standard_normal((400, 1))
    a = np.array([[1.0, 2.0], [0.0, 3.0]])
    base = kde_mutual_information(x, y)
    assert kde_mutual_information(x @ a.T - 1.0, 4.0 * y + 2.0) == pytest.approx(base, abs=1e-9)
    assert kde_mutual_information(y, x) == pytest.approx(base, abs=1e-10)


# ---------------------------------------------------------------------------
# Contract: determinism, no mutation, bad input
# ---------------------------------------------------------------------------

CALLS = [
    (histogram_entropy, 1, {}),
    (histogram_mutual_information, 2, {}),
    (kde_entropy, 1, {}),
    (kde_mutual_information, 2, {}),
    (kde_entropy, 1, {"method": "leave_one_out", "bandwidth": 0.3}),
    (histogram_entropy, 1, {"bins": 9, "correction": "miller_madow"}),
]


@pytest.mark.parametrize("func,nargs,kw", CALLS)
def test_deterministic_and_inputs_untouched(func, nargs, kw):
    rng = np.random.default_rng(19)
    args = [rng.standard_normal((300, 2)), rng.integers(0, 1000, 300)][:nargs]
    copies = [a.copy() for a in args]
    first = func(*args, **kw)
    assert func(*args, **kw) == first
    for a, c in zip(args, copies, strict=True):
        assert a.dtype == c.dtype
        np.testing.assert_array_equal(a, c)
    assert isinstance(first, float)


FUNCS = [histogram_entropy, histogram_mutual_information, kde_entropy, kde_mutual_information]


@pytest.mark.parametrize("func", FUNCS)
def test_bad_samples_are_refused_naming_the_argument(func):
    good = np.random.default_rng(20).standard_normal(50)
    two = func.__name__.endswith("mutual_information")
    def call(bad, position=0):
        args = [good, good.copy()][:2 if two else 1]
        args[position] = bad
        return func(*args)
    name = func.__name__
    positions = (0, 1) if two else (0,)
    for pos in positions:
        arg = "xy"[pos]
        with pytest.raises(ValueError, match=f"'{arg}' parameter of {name}.*finite"):
            call(np.r_[good[:-1], np.nan], pos)
        with pytest.raises(ValueError, match=f"'{arg}' parameter of {name}.*finite"):
            call(np.r_[good[:-1], np.inf], pos)
        with pytest.raises(TypeError, match=f"'{arg}' parameter of {name}.*real"):
            call(good + 1j, pos)
        with pytest.raises(ValueError, match=f"'{arg}' parameter of {name}.*non-empty"):
            call(np.empty((0, 1)), pos)
        with pytest.raises(ValueError, match=f"'{arg}' parameter of {name}.*1-D or 2-D"):
            call(np.zeros((5, 2, 2)), pos)
        with pytest.raises(ValueError, match=f"'{arg}' parameter of {name} is constant"):
            call(np.full(50, 2.5), pos)
    if two:
        with pytest.raises(ValueError, match=f"'x' and 'y' parameters of {name}.*same number"):
            func(good, good[:40])
    with pytest.raises(ValueError, match=f"'base' parameter of {name}"):
        func(*([good, good[::-1].copy()] if two else [good]), base=1)


@pytest.mark.parametrize("func", [histogram_entropy, histogram_mutual_information])
def test_histogram_options_refused(func):
    name = func.__name__
    x, y = gaussian_pair(200, 0.5, seed=21)
    args = (x, y) if func is histogram_mutual_information else (x,)
    with pytest.raises(ValueError, match=f"'bins' parameter of {name} must be one of"):
        func(*args, bins="auto")
    with pytest.raises(ValueError, match=f"'bins' parameter of {name}.*Got 0"):
        func(*args, bins=0)
    with pytest.raises(TypeError, match=f"'bins' parameter of {name}"):
        func(*args, bins=10.0)
    with pytest.raises(TypeError, match=f"'bins' parameter of {name}"):
        func(*args, bins=True)
    with pytest.raises(ValueError, match=f"'correction' parameter of {name}"):
        func(*args, correction="chao_shen")
    # more than half the samples equal: zero IQR, the Freedman-Diaconis width would be 0
    tied = np.r_[np.zeros(120), np.random.default_rng(0).standard_normal(80)]
    bad = (tied, y) if func is histogram_mutual_information else (tied,)
    with pytest.raises(ValueError, match=f"'x' parameter of {name} has a zero interquartile range"):
        func(*bad)
    func(*bad, bins="sturges")          # a rule that does not divide by the IQR is fine
    heavy = np.r_[np.random.default_rng(1).standard_normal(199), 1e12]
    with pytest.raises(ValueError, match="Freedman-Diaconis bins"):
        func(*((heavy, y) if func is histogram_mutual_information else (heavy,)))


@pytest.mark.parametrize("func", [kde_entropy, kde_mutual_information])
def test_kde_options_and_degenerate_data_refused(func):
    name = func.__name__
    x, y = gaussian_pair(200, 0.5, seed=22)
    two = func is kde_mutual_information
    args = (x, y) if two else (x,)
    with pytest.raises(ValueError, match=f"'bandwidth' parameter of {name} must be one of"):
        func(*args, bandwidth="isj")
    with pytest.raises(ValueError, match=f"'bandwidth' parameter of {name}"):
        func(*args, bandwidth=0.0)
    with pytest.raises(TypeError, match=f"'bandwidth' parameter of {name}"):
        func(*args, bandwidth=None)
    with pytest.raises(ValueError, match=f"'method' parameter of {name}"):
        func(*args, method="cross_validation")
    col = np.column_stack([x, np.ones(200)])
    with pytest.raises(ValueError, match=f"'x' parameter of {name} is constant in column 1"):
        func(*((col, y) if two else (col,)))
    collinear = np.column_stack([x, 2.0 * x - 1.0])
    with pytest.raises(ValueError, match="singular sample covariance"):
        func(*((collinear, y) if two else (collinear,)))
    with pytest.raises(ValueError, match="more samples than coordinates"):
        func(*((np.eye(3)[:2], np.eye(3)[:2, :1]) if two else (np.eye(3)[:2],)))


def test_kde_mi_refuses_a_deterministic_linear_pair():
    x = np.random.default_rng(23).standard_normal(100)
    with pytest.raises(ValueError, match="joint sample of 'x' and 'y' passed to kde_mutual_information"):
        kde_mutual_information(x, 3.0 * x + 1.0)
