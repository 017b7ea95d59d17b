"""Tests of infolab.measures.rate_distortion (Blahut-Arimoto)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.data.processes import causal_path_law
from infolab.measures.directed import directed_information, path_mutual_information
from infolab.measures.discrete import entropy, joint_entropy
from infolab.measures.rate_distortion import (
    CausalRateDistortionPoint,
    ChannelCapacity,
    InformationBottleneckCurve,
    RateDistortionPoint,
    causal_rate_distortion_point,
    channel_capacity,
    information_bottleneck_curve,
    rate_distortion_curve,
    rate_distortion_point,
)

HAMMING2 = [[0.0, 1.0], [1.0, 0.0]]


def h2(u):
    return -u * np.log(u) - (1 - u) * np.log(1 - u)


@pytest.mark.parametrize("p", [0.5, 0.3, 0.11])
def test_bernoulli_hamming_closed_form(p):
    for s in (1.5, 3.0, 6.0):
        pt = rate_distortion_point([1 - p, p], HAMMING2, s)
        assert isinstance(pt, RateDistortionPoint)
        if pt.distortion < min(p, 1 - p) - 1e-9:
            assert pt.distortion == pytest.approx(1 / (1 + np.exp(s)), abs=1e-12)
            assert pt.rate == pytest.approx(h2(p) - h2(pt.distortion), abs=1e-10)


def test_uniform_source_hamming_m_ary():
    # R(D) = log m − h(D) − D log(m − 1) for a uniform m-ary source (Cover & Thomas, Problem 10.x)
    m = 4
    d = 1 - np.eye(m)
    pt = rate_distortion_point(np.full(m, 1 / m), d, 2.0)
    dd = pt.distortion
    assert pt.rate == pytest.approx(np.log(m) - h2(dd) - dd * np.log(m - 1), abs=1e-10)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), s=st.floats(0.1, 8.0))
def test_rate_is_mutual_information_of_channel_and_curve_is_monotone(seed, s):
    rng = np.random.default_rng(seed)
    px = rng.dirichlet(np.ones(3))
    d = rng.random((3, 4))
    # Blahut-Arimoto converges only sublinearly near slopes where the output support changes, so
    # the iterates are asked for 1e-9 (reached well within max_iter) and the curve checks allow 1e-8.
    pt = rate_distortion_point(px, d, s, tol=1e-9)
    assert pt.channel.sum(axis=1) == pytest.approx(np.ones(3), abs=1e-12)
    joint = px[:, None] * pt.channel
    # I = H(X) + H(Y) - H(X, Y): entropies, so no product p(x) p(y) can underflow
    assert pt.rate == pytest.approx(entropy(px) + entropy(joint.sum(axis=0)) - joint_entropy(joint), abs=1e-10)
    pt2 = rate_distortion_point(px, d, s * 1.5, tol=1e-9)
    assert pt2.distortion <= pt.distortion + 1e-8
    assert pt2.rate >= pt.rate - 1e-8


def test_curve_and_base():
    dist, rate = rate_distortion_curve([0.5, 0.5], HAMMING2, [0.0, 2.0], base=2)
    assert rate[0] == pytest.approx(0.0, abs=1e-12)
    assert dist[0] == pytest.approx(0.5, abs=1e-12)
    assert rate[1] == pytest.approx(rate_distortion_point([0.5, 0.5], HAMMING2, 2.0).rate / np.log(2), rel=1e-12)


def test_input_not_mutated():
    px = np.array([0.2, 0.8])
    d = np.array(HAMMING2)
    rate_distortion_point(px, d, 1.0)
    assert px.tolist() == [0.2, 0.8] and d.tolist() == HAMMING2


def test_bad_inputs():
    with pytest.raises(ValueError, match="'p_x'"):
        rate_distortion_point([0.5, 0.6], HAMMING2, 1.0)
    with pytest.raises(ValueError, match="'distortion'"):
        rate_distortion_point([0.5, 0.5], [[0, 1, 2]], 1.0)
    with pytest.raises(ValueError, match="'distortion'"):
        rate_distortion_point([0.5, 0.5], [[0, -1], [1, 0]], 1.0)
    with pytest.raises(ValueError, match="'slope'"):
        rate_distortion_point([0.5, 0.5], HAMMING2, -1.0)
    with pytest.raises(ValueError, match="'max_iter'"):
        rate_distortion_point([0.3, 0.7], HAMMING2, 1.0, max_iter=2)
    with pytest.raises(ValueError, match="'slopes'"):
        rate_distortion_curve([0.5, 0.5], HAMMING2, [])


def markov_source(n, flip):
    law = causal_path_law(lambda xp, yp: [0.5, 0.5] if not xp else ([1 - flip, flip] if xp[-1] == 0 else [flip, 1 - flip]),
                          lambda x, yp: [1.0], n, x_alphabet=2, y_alphabet=1)
    return law.reshape((2,) * n)


@pytest.mark.parametrize("p", [0.5, 0.2])
def test_causal_rdf_of_iid_source_is_classical(p):
    src = np.array([1 - p, p])
    block = src[:, None, None] * src[None, :, None] * src[None, None, :]
    for s in (1.0, 2.5):
        pt = causal_rate_distortion_point(block, HAMMING2, s)
        classical = rate_distortion_point(src, HAMMING2, s)
        assert isinstance(pt, CausalRateDistortionPoint)
        assert pt.distortion == pytest.approx(classical.distortion, abs=1e-9)
        assert pt.rate == pytest.approx(classical.rate, abs=1e-9)


def test_causal_rdf_markov_source_properties():
    n = 4
    src = markov_source(n, 0.1)
    xs = np.array(np.unravel_index(np.arange(2**n), (2,) * n)).T
    dblock = (xs[:, None, :] != xs[None, :, :]).sum(-1) / n
    h_rate = -np.sum(src * np.log(src)) / n
    slopes = [1.0, 2.0, 4.0]
    pts = [causal_rate_distortion_point(src, HAMMING2, s) for s in slopes]
    for s, pt in zip(slopes, pts, strict=True):
        # directed information of the reproduction = mutual information (no feedback into the source)
        assert directed_information(pt.path_law) / n == pytest.approx(pt.rate, abs=1e-12)
        assert path_mutual_information(pt.path_law) / n == pytest.approx(pt.rate, abs=1e-12)
        # causal channels are a subset: the causal Lagrangian is at least the block one
        blk = rate_distortion_point(src.reshape(-1), dblock, s * n)
        assert pt.rate + s * pt.distortion >= blk.rate / n + s * blk.distortion - 1e-9
        # Fano-type lower bound
        assert pt.rate >= h_rate - h2(pt.distortion) - 1e-12
    d = [p.distortion for p in pts]
    r = [p.rate for p in pts]
    assert np.all(np.diff(d) < 0) and np.all(np.diff(r) > 0)
    # chord slopes lie between the tangent slopes -s_i (optimality of each point)
    for i in range(2):
        chord = (r[i + 1] - r[i]) / (d[i + 1] - d[i])
        assert -slopes[i + 1] - 1e-6 <= chord <= -slopes[i] + 1e-6
    top = causal_rate_distortion_point(src, HAMMING2, 40.0)
    assert top.rate == pytest.approx(h_rate, abs=1e-9)


def test_causal_rdf_bad_inputs():
    with pytest.raises(ValueError, match="'source_pmf'"):
        causal_rate_distortion_point(np.full((2, 3), 1 / 6), HAMMING2, 1.0)
    with pytest.raises(ValueError, match="'distortion'"):
        causal_rate_distortion_point(np.full((2, 2), 0.25), [[0, 1]], 1.0)
    with pytest.raises(ValueError, match="'slope'"):
        causal_rate_distortion_point(np.full((2, 2), 0.25), HAMMING2, -2.0)
    with pytest.raises(ValueError, match="'max_iter'"):
        causal_rate_distortion_point(markov_source(3, 0.1), HAMMING2, 0.5, max_iter=2)


# --- channel capacity --------------------------------------------------------------


def bits(u):
    return -u * np.log2(u) - (1 - u) * np.log2(1 - u)


@pytest.mark.parametrize("p", [0.01, 0.11, 0.3, 0.5])
def test_capacity_of_the_binary_symmetric_channel_is_one_minus_h(p):
    out = channel_capacity([[1 - p, p], [p, 1 - p]], base=2)
    assert isinstance(out, ChannelCapacity)
    assert out.capacity == pytest.approx(1 - bits(p), abs=1e-12)
    np.testing.assert_allclose(out.input_law, [0.5, 0.5], atol=1e-12)


@pytest.mark.parametrize("eps", [0.0, 0.2, 0.75])
def test_capacity_of_the_binary_erasure_channel_is_one_minus_eps(eps):
    out = channel_capacity([[1 - eps, eps, 0.0], [0.0, eps, 1 - eps]], base=2)
    assert out.capacity == pytest.approx(1 - eps, abs=1e-12)
    np.testing.assert_allclose(out.output_law, [(1 - eps) / 2, eps, (1 - eps) / 2], atol=1e-12)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_capacity_of_the_z_channel_closed_form(p):
    # input 1 is read as 0 with probability p: C = log2(1 + (1 - p) p^(p / (1 - p))),
    # reached at P(X = 1) = 1 / ((1 - p) (1 + 2^(h(p) / (1 - p))))  (p = 1/2: C = log2(5/4) at 2/5)
    out = channel_capacity([[1.0, 0.0], [p, 1 - p]], base=2, tol=1e-13)
    assert out.capacity == pytest.approx(np.log2(1 + (1 - p) * p ** (p / (1 - p))), abs=1e-11)
    assert out.input_law[1] == pytest.approx(1 / ((1 - p) * (1 + 2 ** (bits(p) / (1 - p)))), abs=1e-5)
    assert 0 <= out.gap < 1e-13 / np.log(2)


@pytest.mark.parametrize("k", [2, 3, 7])
def test_capacity_of_a_noiseless_channel_is_log_k(k):
    perm = np.eye(k)[np.random.default_rng(k).permutation(k)]
    assert channel_capacity(perm).capacity == pytest.approx(np.log(k), abs=1e-12)
    # each input spread over its own block of outputs: still noiseless about the input
    spread = np.kron(np.eye(k), [[0.25, 0.75]])
    assert channel_capacity(spread, base=2).capacity == pytest.approx(np.log2(k), abs=1e-12)


def test_capacity_of_a_k_ary_symmetric_channel():
    k, e = 4, 0.3
    w = np.full((k, k), e / (k - 1)) + np.eye(k) * (1 - e - e / (k - 1))
    h_row = -(1 - e) * np.log(1 - e) - e * np.log(e / (k - 1))
    assert channel_capacity(w).capacity == pytest.approx(np.log(k) - h_row, abs=1e-12)


@settings(max_examples=15, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4), st.integers(0, 2**31 - 1))
def test_capacity_beats_every_input_and_respects_the_alphabet_bounds(nx, ny, seed):
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.ones(ny) * 0.7, size=nx)
    out = channel_capacity(w)
    assert -1e-15 <= out.capacity <= np.log(min(nx, ny)) + 1e-12
    for _ in range(20):
        r = rng.dirichlet(np.ones(nx))
        joint = r[:, None] * w
        assert entropy(joint.sum(axis=1)) + entropy(joint.sum(axis=0)) - joint_entropy(joint) \
            <= out.capacity + out.gap + 1e-12
    np.testing.assert_allclose(out.output_law, out.input_law @ w, atol=1e-15)


def test_channel_capacity_refuses_bad_channels():
    with pytest.raises(ValueError, match="'channel'.*rows summing to 1"):
        channel_capacity([[0.5, 0.6], [0.5, 0.5]])
    with pytest.raises(ValueError, match="'channel'.*non-negative"):
        channel_capacity([[1.2, -0.2], [0.5, 0.5]])
    with pytest.raises(ValueError, match="'channel'.*NaN or inf"):
        channel_capacity([[np.nan, 1.0], [0.5, 0.5]])
    with pytest.raises(ValueError, match="'channel'.*2-D"):
        channel_capacity([0.5, 0.5])
    with pytest.raises(ValueError, match="'channel'.*2-D"):
        channel_capacity(np.full((2, 2, 2), 0.5))
    with pytest.raises(ValueError, match="'channel'"):
        channel_capacity(np.zeros((0, 2)))
    with pytest.raises(TypeError, match="'channel'"):
        channel_capacity("bsc")
    with pytest.raises(ValueError, match="'tol'"):
        channel_capacity([[1.0, 0.0], [0.0, 1.0]], tol=0.0)
    with pytest.raises(ValueError, match="'base'"):
        channel_capacity([[1.0, 0.0], [0.0, 1.0]], base=1)
    with pytest.raises(ValueError, match="'max_iter' .* tol=1e-12.*still"):
        channel_capacity([[1.0, 0.0], [0.5, 0.5]], max_iter=3)


def test_channel_capacity_does_not_mutate_its_input():
    w = np.array([[1.0, 0.0], [0.3, 0.7]])
    channel_capacity(w)
    assert w.tolist() == [[1.0, 0.0], [0.3, 0.7]]


# --- discrete information bottleneck ---------------------------------------------------


def test_bottleneck_at_large_beta_keeps_all_of_i_xy():
    joint = np.random.default_rng(4).dirichlet(np.ones(12)).reshape(4, 3)
    # twice as many clusters as inputs: a cluster that empties on the annealing path never comes back
    out = information_bottleneck_curve(joint, np.geomspace(0.5, 1e4, 40), n_clusters=8)
    assert isinstance(out, InformationBottleneckCurve)
    i_xy = entropy(joint.sum(axis=1)) + entropy(joint.sum(axis=0)) - joint_entropy(joint)
    assert out.i_xy == pytest.approx(i_xy, abs=1e-14)
    assert out.i_ty[-1] == pytest.approx(i_xy, abs=1e-6)
    assert out.i_xt[-1] == pytest.approx(entropy(joint.sum(axis=1)), abs=1e-5)  # distinct rows: T = X


def test_bottleneck_at_small_beta_has_rate_zero():
    joint = np.random.default_rng(5).dirichlet(np.ones(12)).reshape(4, 3)
    out = information_bottleneck_curve(joint, [1e-3, 1e-2, 1e-1], n_clusters=3, base=2)
    assert np.all(out.i_xt < 1e-12) and np.all(out.i_ty < 1e-12)


def test_bottleneck_of_a_binary_symmetric_pair_matches_brute_force():
    """Every encoder of X into two symbols, (a, b) = (p(t=0|x=0), p(t=0|x=1)), searched directly."""
    from scipy.optimize import minimize

    joint = np.array([[0.4, 0.1], [0.1, 0.4]])
    beta = 6.0
    out = information_bottleneck_curve(joint, [2.0, 4.0, beta], n_clusters=2, tol=1e-12)

    def mi(t):  # I of 2x2 tables t[..., i, j], written out (0 log 0 = 0)
        rows, cols = t.sum(axis=-1, keepdims=True), t.sum(axis=-2, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(t > 0, t * np.log(t / (rows * cols)), 0.0)
        return terms.sum(axis=(-2, -1))

    def lagrangian(ab):
        a, b = np.clip(np.asarray(ab[0]), 0.0, 1.0), np.clip(np.asarray(ab[1]), 0.0, 1.0)
        enc = np.stack([np.stack([a, 1 - a], -1), np.stack([b, 1 - b], -1)], -2)   # p(t|x)
        return mi(0.5 * enc) - beta * mi(np.swapaxes(enc, -1, -2) @ joint)

    g = np.linspace(0, 1, 201)
    values = lagrangian(np.meshgrid(g, g, indexing="ij"))
    i, j = np.unravel_index(np.argmin(values), values.shape)
    best = (g[i], g[j])
    res = minimize(lambda ab: float(lagrangian(ab)), best, method="Nelder-Mead",
                   options={"xatol": 1e-12, "fatol": 1e-15})
    assert out.i_xt[-1] - beta * out.i_ty[-1] == pytest.approx(res.fun, abs=1e-9)
    # the binary-symmetric answer: T is X through a BSC(δ), I(T;Y) = log 2 - h(δ(0.8) + (1 - δ)0.2)
    delta = float(out.encoders[-1][0, 1] if out.encoders[-1][0, 0] > 0.5 else out.encoders[-1][0, 0])
    assert out.i_xt[-1] == pytest.approx(np.log(2) - h2(delta), abs=1e-9)
    assert out.i_ty[-1] == pytest.approx(np.log(2) - h2(delta * 0.8 + (1 - delta) * 0.2), abs=1e-9)


def test_bottleneck_refuses_bad_input_and_an_unconverged_beta():
    with pytest.raises(ValueError, match="'p_xy'"):
        information_bottleneck_curve([[0.5, 0.6], [0.0, 0.0]], [1.0])
    with pytest.raises(ValueError, match="'betas'"):
        information_bottleneck_curve([[0.5, 0.0], [0.0, 0.5]], [np.nan])
    with pytest.raises(ValueError, match="'n_clusters'"):
        information_bottleneck_curve([[0.5, 0.0], [0.0, 0.5]], [1.0], n_clusters=0)
    with pytest.raises(ValueError, match="'max_iter' .* at beta 5"):
        information_bottleneck_curve([[0.4, 0.1], [0.1, 0.4]], [5.0], n_clusters=2, max_iter=2)


def test_capacity_gap_bounds_the_error_when_an_input_is_useless():
    # The third input is a mixture of the first two: C = log 2 with input law (1/2, 1/2, 0), which
    # Blahut-Arimoto only approaches (the useless input's mass decays geometrically).
    w = [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    out = channel_capacity(w, tol=1e-9)
    assert 0.0 <= np.log(2) - out.capacity <= out.gap < 1e-9
    assert out.input_law[2] < 1e-6


@pytest.mark.parametrize("shape", [(3, 4), (6, 5), (12, 8), (20, 20), (50, 80)])
@pytest.mark.parametrize("seed", range(4))
def test_capacity_certificate_holds_at_the_returned_law(shape, seed):
    # max_x KL(W(.|x) || r W) - I(r; W) is computed here from the returned law, independently of the iteration
    w = np.random.default_rng(seed).dirichlet(np.full(shape[1], 0.5), size=shape[0])
    out = channel_capacity(w, tol=1e-10)
    q = out.input_law @ w
    kl = np.array([np.sum(row[row > 0] * np.log(row[row > 0] / q[row > 0])) for row in w])
    assert 0.0 <= kl.max() - out.capacity <= 1e-10 + 1e-13
    assert out.gap == pytest.approx(kl.max() - out.capacity, abs=1e-13)


def test_arrays_are_checked_for_real_numbers_before_conversion():
    hamming = np.array([[0.0, 1.0], [1.0, 0.0]])
    px = [0.7, 0.3]
    src = np.full((2, 2), 0.25)
    for bad in (hamming + 1j, np.full((2, 2), "a")):
        for func, args in ((rate_distortion_point, (px, bad, 1.0)), (rate_distortion_curve, (px, bad, [1.0])),
                           (causal_rate_distortion_point, (src, bad, 1.0))):
            with pytest.raises(TypeError, match=f"'distortion' parameter of {func.__name__} must hold real numbers"):
                func(*args)
    with pytest.raises(TypeError, match="'channel' parameter of channel_capacity must hold real numbers"):
        channel_capacity(np.eye(2) + 1j)
    for bad in (np.array([0.5, 2.0]) + 1j, np.array(["a", "b"])):
        with pytest.raises(TypeError, match="'slopes' parameter of rate_distortion_curve must hold real numbers"):
            rate_distortion_curve(px, hamming, bad)
    joint = [[0.4, 0.1], [0.1, 0.4]]
    for bad in (np.array([0.5, 2.0]) + 1j, np.array(["a", "b"])):
        with pytest.raises(TypeError, match="'betas' parameter of information_bottleneck_curve must hold real"):
            information_bottleneck_curve(joint, bad)
    with pytest.raises(ValueError, match="'betas' parameter of information_bottleneck_curve must be 1-D"):
        information_bottleneck_curve(joint, np.array([[0.5, 2.0]]))
