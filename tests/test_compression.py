"""Tests of infolab.measures.compression: arithmetic coder, code lengths, information capacity, NCD."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures import (
    ArithmeticCode,
    approximate_kolmogorov_complexity,
    arithmetic_code_length_bound,
    arithmetic_decode,
    arithmetic_encode,
    bits_per_byte,
    code_length_bits,
    compressed_size,
    information_capacity,
    normalized_compression_distance,
    quantize_probabilities,
    truncated_reconstruction_errors,
)


def _random_message(rng, n, k, concentration=0.5):
    p = rng.dirichlet(np.full(k, concentration), size=n)
    s = (p.cumsum(axis=1) > rng.random((n, 1))).argmax(axis=1)
    return s, p


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(1, 300), k=st.integers(2, 40),
       static=st.booleans(), precision=st.sampled_from([24, 32, 48]))
def test_round_trip_and_bound(seed, n, k, static, precision):
    rng = np.random.default_rng(seed)
    s, p = _random_message(rng, n, k)
    if static:
        p = p[0]
        s = rng.choice(k, size=n, p=p)
    code = arithmetic_encode(s, p, precision=precision, total_bits=16)
    assert np.array_equal(arithmetic_decode(code, p), s)
    assert code.n_bits <= arithmetic_code_length_bound(s, p, precision=precision, total_bits=16) + 1e-9
    assert len(code.data) == math.ceil(code.n_bits / 8)


def test_code_length_matches_nll_exact_dyadic():
    # dyadic probabilities are quantised exactly, so the code is within 2 bits + n*delta of the NLL
    p = np.array([0.5, 0.25, 0.125, 0.125])
    rng = np.random.default_rng(1)
    s = rng.choice(4, size=5000, p=p)
    code = arithmetic_encode(s, p)
    nll = code_length_bits(p[s])
    delta = -math.log2(1 - 2**16 / 2**30)
    assert code.n_bits >= nll - 2  # no uniquely decodable code beats the NLL by much on a typical message
    assert code.n_bits <= nll + 2 + s.size * delta


def test_code_length_close_to_nll_for_adaptive_tables():
    rng = np.random.default_rng(2)
    s, p = _random_message(rng, 4000, 30, concentration=1.0)
    code = arithmetic_encode(s, p)
    nll = code_length_bits(p[np.arange(s.size), s])
    assert abs(code.n_bits - nll) < 0.001 * nll + 8


def test_quantize_probabilities_sum_and_floor():
    f = quantize_probabilities(np.array([[0.999999, 1e-6, 0.0], [0.2, 0.3, 0.5]]), total_bits=10)
    assert f.sum(axis=1).tolist() == [1024, 1024]
    assert f.min() >= 1
    assert quantize_probabilities([0.5, 0.5], total_bits=8).tolist() == [[128, 128]]


def test_decode_with_wrong_tables_differs():
    p = np.array([0.7, 0.2, 0.1])
    s = np.array([2, 2, 1, 0, 2, 1, 1, 2])
    code = arithmetic_encode(s, p)
    assert not np.array_equal(arithmetic_decode(code, np.array([0.1, 0.2, 0.7])), s)


def test_encoder_bad_input():
    p = np.array([0.5, 0.5])
    with pytest.raises(ValueError, match="'probabilities'"):
        arithmetic_encode(np.array([0, 1]), np.array([0.5, 0.6]))
    with pytest.raises(ValueError, match="'probabilities'"):
        arithmetic_encode(np.array([0, 1]), np.array([np.nan, 1.0]))
    with pytest.raises(ValueError, match="'probabilities'"):
        arithmetic_encode(np.array([0, 1, 1]), np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match="'symbols'"):
        arithmetic_encode(np.array([0, 2]), p)
    with pytest.raises(TypeError, match="'symbols'"):
        arithmetic_encode(np.array([0.0, 1.0]), p)
    with pytest.raises(ValueError, match="'symbols'"):
        arithmetic_encode(np.array([], dtype=int), p)
    with pytest.raises(ValueError, match="'total_bits'"):
        arithmetic_encode(np.array([0]), p, precision=16, total_bits=16)
    with pytest.raises(ValueError, match="'precision'"):
        arithmetic_encode(np.array([0]), p, precision=8)
    with pytest.raises(TypeError, match="'code'"):
        arithmetic_decode(b"\x00", p)
    with pytest.raises(ValueError, match="'probabilities'"):
        arithmetic_decode(arithmetic_encode(np.array([0, 1]), p), np.full((3, 2), 0.5))
    with pytest.raises(ValueError, match="'symbols'"):
        arithmetic_code_length_bound(np.array([3]), p)
    with pytest.raises(ValueError, match="'total_bits'"):
        quantize_probabilities(np.full(300, 1 / 300), total_bits=8)
    assert isinstance(arithmetic_encode(np.array([1]), p), ArithmeticCode)


def test_code_length_helpers():
    assert code_length_bits([0.5, 0.5, 1.0]) == 2.0
    with pytest.raises(ValueError, match="'symbol_probabilities'"):
        code_length_bits([0.5, 0.0])
    with pytest.raises(TypeError, match="'symbol_probabilities'"):
        code_length_bits("0.5")
    assert bits_per_byte(80, 10) == 8.0
    with pytest.raises(ValueError, match="'n_bytes'"):
        bits_per_byte(1.0, 0)
    with pytest.raises(ValueError, match="'code_bits'"):
        bits_per_byte(-1.0, 3)


def test_information_capacity_slope_identity():
    # g = a + s log2 N with b = -a gives IC = s for every N
    a, s = 3.0, 0.25
    for log_n in (10.0, 20.0, 30.0):
        gain = a + s * log_n
        assert information_capacity(16.0, 16.0 - gain, 2.0**log_n, bias=-a) == pytest.approx(s, abs=1e-12)
    with pytest.raises(ValueError, match="'flops_per_token'"):
        information_capacity(8.0, 2.0, 1.0, bias=0.0)
    with pytest.raises(ValueError, match="'text_bits_per_token'"):
        information_capacity(0.0, 2.0, 10.0, bias=0.0)
    with pytest.raises(ValueError, match="'nll_bits_per_token'"):
        information_capacity(8.0, -1.0, 10.0, bias=0.0)
    with pytest.raises(TypeError, match="'bias'"):
        information_capacity(8.0, 1.0, 10.0, bias="x")


TEXT = ("Information is the resolution of uncertainty; a compressor that predicts well writes few bits. " * 30)


@pytest.mark.parametrize("compressor", ["lzma", "zlib", "bz2"])
def test_ncd_properties(compressor):
    rng = np.random.default_rng(3)
    noise = rng.integers(0, 256, size=3000, dtype=np.uint8).tobytes()
    same = normalized_compression_distance(TEXT, TEXT, compressor=compressor)
    far = normalized_compression_distance(TEXT, noise, compressor=compressor)
    assert same < 0.2 < far
    assert far <= 1.1
    # symmetric up to the compressor's order effects
    assert abs(normalized_compression_distance(noise, TEXT, compressor=compressor) - far) < 0.1
    assert normalized_compression_distance(TEXT, TEXT.encode(), compressor=compressor) == same


@settings(max_examples=15, deadline=None)
@given(x=st.binary(min_size=1, max_size=400), y=st.binary(min_size=1, max_size=400))
def test_ncd_bounded_and_deterministic(x, y):
    d = normalized_compression_distance(x, y, compressor="zlib")
    assert -0.1 <= d <= 1.2
    assert d == normalized_compression_distance(x, y, compressor="zlib")


def test_ncd_bad_input():
    with pytest.raises(ValueError, match="'compressor'"):
        normalized_compression_distance("a", "b", compressor="gzip")
    with pytest.raises(TypeError, match="'x'"):
        normalized_compression_distance(1, "b")
    with pytest.raises(ValueError, match="'y'"):
        normalized_compression_distance("a", b"")
    with pytest.raises(TypeError, match="'x'"):
        compressed_size([1, 2])
    assert compressed_size(TEXT, compressor="bz2") < len(TEXT)


# ---------------------------------------------------------------------------
# Token-count description lengths (Duggal et al. 2025, arXiv:2507.07995)
# ---------------------------------------------------------------------------

def _random_orthonormal(rng, k, d):
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    return q[:, :k].T


def test_truncated_errors_identity_basis_closed_form():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 6))
    counts = np.arange(7)
    got = truncated_reconstruction_errors(x, np.eye(6), counts)
    want = np.array([[np.abs(row[t:]).sum() / 6 for t in counts] for row in x])
    assert np.allclose(got, want, atol=1e-14)
    mse = truncated_reconstruction_errors(x, np.eye(6), counts, error="mse")
    assert np.allclose(mse, [[np.sum(row[t:] ** 2) / 6 for t in counts] for row in x], atol=1e-14)


def test_truncated_errors_match_explicit_reconstruction_and_mean():
    rng = np.random.default_rng(1)
    b = _random_orthonormal(rng, 5, 8)
    x = rng.normal(size=(4, 8))
    m = rng.normal(size=8)
    counts = [0, 2, 5]
    got = truncated_reconstruction_errors(x, b, counts, mean=m)
    for k, t in enumerate(counts):
        rec = m + ((x - m) @ b[:t].T) @ b[:t]
        assert np.allclose(got[:, k], np.mean(np.abs(x - rec), axis=1), atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), d=st.integers(2, 12))
def test_truncated_mse_non_increasing_and_complete_basis_exact(seed, d):
    rng = np.random.default_rng(seed)
    b = _random_orthonormal(rng, d, d)
    x = rng.normal(size=(3, d))
    x_before = x.copy()
    mse = truncated_reconstruction_errors(x, b, np.arange(d + 1), error="mse")
    assert np.all(np.diff(mse, axis=1) <= 1e-12)
    assert np.allclose(mse[:, -1], 0.0, atol=1e-24 + 1e-12)
    assert np.array_equal(x, x_before)


def test_truncated_errors_bad_inputs():
    x = np.ones((2, 3))
    with pytest.raises(ValueError, match="'basis'"):
        truncated_reconstruction_errors(x, 2 * np.eye(3), [1])
    with pytest.raises(ValueError, match="'basis'"):
        truncated_reconstruction_errors(x, np.eye(4), [1])
    with pytest.raises(ValueError, match="'token_counts'"):
        truncated_reconstruction_errors(x, np.eye(3), [2, 1])
    with pytest.raises(ValueError, match="'token_counts'"):
        truncated_reconstruction_errors(x, np.eye(3), [4])
    with pytest.raises(TypeError, match="'token_counts'"):
        truncated_reconstruction_errors(x, np.eye(3), [0.5])
    with pytest.raises(ValueError, match="'x'"):
        truncated_reconstruction_errors(np.full((2, 3), np.nan), np.eye(3), [1])
    with pytest.raises(ValueError, match="'mean'"):
        truncated_reconstruction_errors(x, np.eye(3), [1], mean=np.zeros(2))
    with pytest.raises(ValueError, match="'error'"):
        truncated_reconstruction_errors(x, np.eye(3), [1], error="l2")


def test_kc_known_values_and_budget():
    errors = np.array([[0.3, 0.1, 0.04, 0.02], [0.5, 0.4, 0.3, 0.2], [0.01, 0.2, 0.01, 0.0]])
    counts = [16, 32, 64, 128]
    kc, met = approximate_kolmogorov_complexity(errors, counts, 0.05, return_met=True)
    assert kc.tolist() == [64, 128, 16] and met.tolist() == [True, False, True]
    kc32 = approximate_kolmogorov_complexity(errors, counts, 0.05, budget=40)
    assert kc32.tolist() == [32, 32, 16]
    assert approximate_kolmogorov_complexity(errors[0], counts, 0.3) == 16


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), m=st.integers(1, 20))
def test_kc_monotone_in_epsilon_and_budget_invariant(seed, m):
    rng = np.random.default_rng(seed)
    counts = np.cumsum(rng.integers(1, 5, size=m))
    errors = rng.random((6, m))
    eps = np.sort(rng.random(4))
    kcs = [approximate_kolmogorov_complexity(errors, counts, e) for e in eps]
    assert all(np.all(a >= b) for a, b in zip(kcs, kcs[1:], strict=False))
    budget = int(counts[rng.integers(0, m)])
    small, met = approximate_kolmogorov_complexity(errors, counts, eps[1], budget=budget, return_met=True)
    large = approximate_kolmogorov_complexity(errors, counts, eps[1])
    assert np.array_equal(small[met], large[met])
    assert np.all(small[~met] == budget) and np.all(large[~met] >= budget)


def test_kc_bad_inputs():
    with pytest.raises(ValueError, match="'epsilon'"):
        approximate_kolmogorov_complexity([0.1, 0.0], [1, 2], -0.1)
    with pytest.raises(ValueError, match="'errors'"):
        approximate_kolmogorov_complexity([-0.1, 0.0], [1, 2], 0.1)
    with pytest.raises(ValueError, match="'token_counts'"):
        approximate_kolmogorov_complexity([0.1, 0.0], [1, 2, 3], 0.1)
    with pytest.raises(ValueError, match="'budget'"):
        approximate_kolmogorov_complexity([0.1, 0.0], [4, 8], 0.1, budget=2)
    with pytest.raises(TypeError, match="'errors'"):
        approximate_kolmogorov_complexity("abc", [1], 0.1)
    with pytest.raises(TypeError, match="'return_met'"):
        approximate_kolmogorov_complexity([0.1, 0.0], [1, 2], 0.1, return_met=1)
