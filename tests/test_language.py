"""Tests of infolab.models.language: n-gram models, KT code, context MLP, Markov source."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import gammaln

from infolab.measures import arithmetic_decode, arithmetic_encode, code_length_bits
from infolab.models import (
    ContextMLPLanguageModel,
    MarkovTextSource,
    NGramLanguageModel,
    adaptive_ngram_probabilities,
    finite_difference_gradients,
    kt_regret_bound_bits,
    text_to_symbols,
)

TEXT = ("the cat sat on the mat and the dog sat on the log; " * 20)


def test_text_to_symbols_round_trip_and_errors():
    s, a = text_to_symbols(TEXT)
    assert bytes(a[i] for i in s) == TEXT.encode()
    with pytest.raises(ValueError, match="'text'"):
        text_to_symbols("xyz!", alphabet=a)
    with pytest.raises(TypeError, match="'text'"):
        text_to_symbols(3)
    with pytest.raises(ValueError, match="'alphabet'"):
        text_to_symbols("ab", alphabet=b"ba")


@pytest.mark.parametrize("smoothing", ["kneser_ney", "add_k"])
@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_ngram_rows_are_distributions_and_positive(smoothing, order):
    s, a = text_to_symbols(TEXT)
    m = NGramLanguageModel(order, len(a) + 2, smoothing=smoothing).fit(s)
    p = m.next_symbol_probabilities(s[:200])
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-12)
    assert p.min() > 0


def test_kneser_ney_known_values():
    # bigram on "abab": counts c(a,b) = 2, c(b,a) = 1; continuation unigram N1+(.w): a:1, b:1
    m = NGramLanguageModel(2, 3, discount=0.5).fit(np.array([0, 1, 0, 1]))
    # order 0: max(cc - D, 0)/2 + D * 2/2 * uniform = [0.25, 0.25, 0] + 0.5 * [1/3]*3
    p0 = np.array([0.25, 0.25, 0.0]) + 0.5 / 3
    # after "a": max(2 - .5, 0)/2 on b, plus .5 * 1/2 * p0
    expected = np.array([0.0, 0.75, 0.0]) + 0.25 * p0
    got = m.next_symbol_probabilities(np.array([0, 1]))
    assert np.allclose(got[1], expected)
    assert np.allclose(got[0], p0)


def test_higher_order_kn_fits_text_better():
    s, a = text_to_symbols(TEXT)
    rates = [code_length_bits(NGramLanguageModel(o, len(a)).fit(s).next_symbol_probabilities(s)[np.arange(s.size), s])
             for o in (1, 2, 3)]
    assert rates[0] > rates[1] > rates[2]


def test_ngram_bad_input():
    with pytest.raises(ValueError, match="'order'"):
        NGramLanguageModel(0, 4)
    with pytest.raises(ValueError, match="'smoothing'"):
        NGramLanguageModel(2, 4, smoothing="witten_bell")
    with pytest.raises(ValueError, match="'k'"):
        NGramLanguageModel(2, 4, k=1.0)
    with pytest.raises(ValueError, match="'discount'"):
        NGramLanguageModel(2, 4, smoothing="add_k", discount=0.5)
    with pytest.raises(ValueError, match="'discount'"):
        NGramLanguageModel(2, 4, discount=1.0)
    with pytest.raises(RuntimeError, match="fit"):
        NGramLanguageModel(2, 4).next_symbol_probabilities(np.array([0]))
    with pytest.raises(ValueError, match="'symbols'"):
        NGramLanguageModel(2, 4).fit(np.array([0, 5]))
    with pytest.raises(TypeError, match="'symbols'"):
        NGramLanguageModel(2, 4).fit(np.array([0.0, 1.0]))


def _kt_log2_prob(counts):
    counts = np.asarray(counts, float)
    k, n = counts.size, counts.sum()
    return float((gammaln(k / 2) - gammaln(n + k / 2) + np.sum(gammaln(counts + 0.5) - gammaln(0.5))) / math.log(2))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(1, 200), k=st.integers(2, 6))
def test_kt_sequential_equals_closed_form_and_regret_bound(seed, n, k):
    rng = np.random.default_rng(seed)
    s = rng.integers(0, k, size=n)
    p = adaptive_ngram_probabilities(s, 1, k)
    bits = code_length_bits(p[np.arange(n), s])
    counts = np.bincount(s, minlength=k)
    assert bits == pytest.approx(-_kt_log2_prob(counts), rel=1e-9)
    ml_bits = -float(np.sum(counts[counts > 0] * np.log2(counts[counts > 0] / n)))
    assert bits - ml_bits <= kt_regret_bound_bits(np.array([n]), k) + 1e-9


def test_kt_regret_bound_worst_case_sequences():
    # the bound must hold for the deterministic sequence (the worst case for small n)
    for k in (2, 3, 5):
        for n in (1, 10, 100, 1000):
            bits = -_kt_log2_prob([n] + [0] * (k - 1))
            assert bits <= kt_regret_bound_bits(np.array([n]), k) + 1e-9
    with pytest.raises(ValueError, match="'context_counts'"):
        kt_regret_bound_bits(np.array([-1]), 2)
    with pytest.raises(ValueError, match="'alphabet_size'"):
        kt_regret_bound_bits(np.array([3]), 1)


def test_adaptive_bad_input():
    with pytest.raises(ValueError, match="'alpha'"):
        adaptive_ngram_probabilities(np.array([0, 1]), 1, 2, alpha=0.0)
    with pytest.raises(ValueError, match="'symbols'"):
        adaptive_ngram_probabilities(np.array([0, 2]), 1, 2)


def test_markov_source_entropy_rate_and_sampling():
    src = MarkovTextSource(2, 4, concentration=0.7, seed=3)
    # stationarity: pi is invariant under the context chain
    new = np.zeros_like(src.stationary)
    K = 4
    for c in range(K ** 2):
        for w in range(K):
            new[(c * K + w) % K ** 2] += src.stationary[c] * src.transition[c, w]
    assert np.allclose(new, src.stationary, atol=1e-12)
    s = src.sample(200000, seed=1)
    rate = code_length_bits(src.true_probabilities(s)[np.arange(s.size), s]) / s.size
    assert rate == pytest.approx(src.entropy_rate(base=2), abs=0.02)
    assert src.entropy_rate() == pytest.approx(src.entropy_rate(base=2) * math.log(2))
    assert np.array_equal(src.sample(50, seed=4), src.sample(50, seed=4))
    with pytest.raises(ValueError, match="'order'"):
        MarkovTextSource(4, 64)
    with pytest.raises(ValueError, match="'concentration'"):
        MarkovTextSource(1, 4, concentration=0.0)
    with pytest.raises(ValueError, match="'n'"):
        src.sample(1)


def test_context_mlp_learns_and_codes():
    s, a = text_to_symbols(TEXT)
    m = ContextMLPLanguageModel(3, len(a), hidden=16, seed=0)
    hist = m.fit(s, epochs=15, batch_size=32, learning_rate=0.01)
    assert hist[-1] < hist[0]
    p = m.next_symbol_probabilities(s)
    nll = code_length_bits(p[np.arange(s.size), s]) / s.size
    assert nll < math.log2(len(a)) / 2
    code = arithmetic_encode(s, p)
    assert np.array_equal(arithmetic_decode(code, p), s)
    assert m.flops_per_token == 2 * (3 * (len(a) + 1) * 16 + 16 * len(a))
    assert m.n_parameters == 3 * (len(a) + 1) * 16 + 16 + 16 * len(a) + len(a)


def test_context_mlp_gradients_match_finite_differences():
    from infolab.models import softmax_cross_entropy
    s = np.array([0, 1, 2, 1, 0, 2, 2, 1])
    m = ContextMLPLanguageModel(2, 3, hidden=5, seed=1)
    x = m._inputs(s)

    def loss():
        return softmax_cross_entropy(m.net.forward(x), s)[0]

    _, g = softmax_cross_entropy(m.net.forward(x), s)
    grads = m.net.backward(g)
    fd = finite_difference_gradients(loss, m.net.params)
    for k in grads:
        assert np.allclose(grads[k], fd[k], atol=1e-6)


def test_context_mlp_bad_input():
    with pytest.raises(ValueError, match="'hidden'"):
        ContextMLPLanguageModel(2, 3, hidden=0)
    with pytest.raises(ValueError, match="'window'"):
        ContextMLPLanguageModel(0, 3, hidden=2)
    m = ContextMLPLanguageModel(2, 3, hidden=2)
    with pytest.raises(ValueError, match="'symbols'"):
        m.fit(np.array([0, 3]))
    with pytest.raises(ValueError, match="'epochs'"):
        m.fit(np.array([0, 1]), epochs=0)
    with pytest.raises(ValueError, match="'learning_rate'"):
        m.fit(np.array([0, 1]), learning_rate=-1.0)
