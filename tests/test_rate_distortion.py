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
    RateDistortionPoint,
    causal_rate_distortion_point,
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
