"""Tests of infolab.data.processes: samplers and their ground truth."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.data.processes import (
    causal_path_law,
    hmm_predictive_beliefs,
    hmm_sample,
    markov_chain_sample,
    stationary_distribution,
    var_autocovariances,
    var_is_stable,
    var_sample,
)

P2 = np.array([[0.9, 0.1], [0.3, 0.7]])


def test_stationary_distribution_two_state_closed_form():
    a, b = 0.1, 0.3
    assert stationary_distribution(P2) == pytest.approx([b / (a + b), a / (a + b)], abs=1e-12)


def test_markov_chain_frequencies_and_reproducibility():
    paths = markov_chain_sample(P2, 20000, seed=1)
    assert paths.shape == (1, 20000)
    assert np.mean(paths == 1) == pytest.approx(0.25, abs=0.02)
    flips = np.mean(paths[0, 1:][paths[0, :-1] == 0] == 1)
    assert flips == pytest.approx(0.1, abs=0.01)
    assert np.array_equal(paths, markov_chain_sample(P2, 20000, seed=1))
    assert not np.array_equal(paths, markov_chain_sample(P2, 20000, seed=2))


def test_hmm_beliefs_match_bayes_by_enumeration():
    rng = np.random.default_rng(0)
    a = rng.dirichlet(np.ones(3), size=3)
    b = rng.dirichlet(np.ones(4), size=3)
    p0 = rng.dirichlet(np.ones(3))
    obs = np.array([2, 0, 3])
    beliefs, pred = hmm_predictive_beliefs(a, b, obs, initial=p0)
    # brute force: P(S_4 | W_1..3) ∝ Σ_{s1..s3} p0 b a b a b a
    post = np.zeros(3)
    for s in itertools.product(range(3), repeat=3):
        w = p0[s[0]] * b[s[0], obs[0]] * a[s[0], s[1]] * b[s[1], obs[1]] * a[s[1], s[2]] * b[s[2], obs[2]]
        post += w * a[s[2]]
    assert beliefs[0, 3] == pytest.approx(post / post.sum(), abs=1e-12)
    assert pred[0, 3] == pytest.approx(post / post.sum() @ b, abs=1e-12)
    assert beliefs[0, 0] == pytest.approx(p0, abs=0)


def test_hmm_sample_mixture_keeps_state():
    s, w = hmm_sample(np.eye(3), np.full((3, 2), 0.5), 10, initial=[0.2, 0.3, 0.5], n_paths=50, seed=3)
    assert np.all(s == s[:, :1])
    assert w.shape == (50, 10)


def test_var_autocovariances_ar1_and_var2_yule_walker():
    gam = var_autocovariances([[0.6]], [[2.0]], 5)
    for h in range(6):
        assert gam[h, 0, 0] == pytest.approx(2.0 * 0.6**h / (1 - 0.36), rel=1e-12)
    a = np.array([[[0.5, 0.1], [0.0, 0.3]], [[-0.2, 0.0], [0.1, 0.2]]])
    s = np.array([[1.0, 0.3], [0.3, 0.5]])
    g = var_autocovariances(a, s, 4)
    # Γ_0 = A1 Γ_1ᵀ + A2 Γ_2ᵀ + Σ (Yule-Walker at lag 0)
    assert g[0] == pytest.approx(a[0] @ g[1].T + a[1] @ g[2].T + s, abs=1e-12)
    assert g[3] == pytest.approx(a[0] @ g[2] + a[1] @ g[1], abs=1e-12)


def test_var_sample_matches_autocovariance():
    a = [[0.5, 0.0], [0.4, 0.5]]
    x = var_sample(a, np.eye(2), 50000, seed=0)
    g = var_autocovariances(a, np.eye(2), 1)
    assert np.cov(x.T, bias=True) == pytest.approx(g[0], abs=0.05)
    assert np.mean(x[1:, :, None] * x[:-1, None, :], axis=0) == pytest.approx(g[1], abs=0.05)
    assert np.array_equal(x, var_sample(a, np.eye(2), 50000, seed=0))
    assert var_is_stable(a) and not var_is_stable([[1.01]])


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(1, 4))
def test_causal_path_law_is_a_law_with_the_given_conditionals(seed, n):
    rng = np.random.default_rng(seed)
    qx = rng.dirichlet(np.ones(2), size=3)
    qy = rng.dirichlet(np.ones(3), size=2)
    law = causal_path_law(lambda xp, yp: qx[yp[-1] if yp else 2], lambda x, yp: qy[x[-1]], n,
                          x_alphabet=2, y_alphabet=3)
    assert law.shape == (2,) * n + (3,) * n
    assert law.sum() == pytest.approx(1.0, abs=1e-12)
    # P(y_1 | x_1) is the kernel
    m = law.sum(axis=tuple(a for a in range(2 * n) if a not in (0, n)))
    assert m / m.sum(axis=1, keepdims=True) == pytest.approx(qy, abs=1e-12)


def test_bad_inputs():
    with pytest.raises(ValueError, match="'transition'"):
        stationary_distribution([[0.5, 0.6], [0.5, 0.5]])
    with pytest.raises(ValueError, match="'transition'"):
        stationary_distribution(np.eye(2))
    with pytest.raises(ValueError, match="'n_steps'"):
        markov_chain_sample(P2, 0)
    with pytest.raises(TypeError, match="'seed'"):
        markov_chain_sample(P2, 3, seed="x")
    with pytest.raises(ValueError, match="'initial'"):
        markov_chain_sample(P2, 3, initial=[1.0])
    with pytest.raises(ValueError, match="'emission'"):
        hmm_sample(P2, np.ones((3, 2)) / 2, 3, initial=[0.5, 0.5])
    with pytest.raises(ValueError, match="'observations'"):
        hmm_predictive_beliefs(P2, P2, [[0, 2]], initial=[0.5, 0.5])
    with pytest.raises(ValueError, match="'observations'"):
        hmm_predictive_beliefs(np.eye(2), np.eye(2), [[0, 1]], initial=[1.0, 0.0])  # impossible path under identity
    with pytest.raises(ValueError, match="'coefs'"):
        var_autocovariances([[1.2]], [[1.0]], 2)
    with pytest.raises(ValueError, match="'max_lag'"):
        var_autocovariances([[0.2]], [[1.0]], -1)
    with pytest.raises(ValueError, match="'noise_cov'"):
        var_sample([[0.2]], [[0.0]], 10)
    with pytest.raises(ValueError, match="'coefs'"):
        var_is_stable(np.ones((2, 3)))
    with pytest.raises(ValueError, match="'x_kernel'"):
        causal_path_law(lambda xp, yp: [0.7, 0.7], lambda x, yp: [1, 0], 2, x_alphabet=2, y_alphabet=2)
    with pytest.raises(TypeError, match="'y_kernel'"):
        causal_path_law(lambda xp, yp: [1, 0], None, 2, x_alphabet=2, y_alphabet=2)
    with pytest.raises(ValueError, match="'n_steps'"):
        causal_path_law(lambda xp, yp: [1, 0], lambda x, yp: [1, 0], 13, x_alphabet=2, y_alphabet=2)


def _brute_force_sequence_probability(a, b, p0, word):
    """P(W_1..W_n = word), summing over every hidden-state sequence."""
    total = 0.0
    for states in itertools.product(range(len(p0)), repeat=len(word)):
        prob = p0[states[0]] * b[states[0], word[0]]
        for t in range(1, len(word)):
            prob *= a[states[t - 1], states[t]] * b[states[t], word[t]]
        total += prob
    return total


def test_hmm_block_law_matches_a_sum_over_hidden_paths():
    from infolab.data.processes import hmm_block_law

    rng = np.random.default_rng(7)
    a, b, p0 = rng.dirichlet(np.ones(3), 3), rng.dirichlet(np.ones(2), 3), rng.dirichlet(np.ones(3))
    law, beliefs, pasts = hmm_block_law(a, b, p0, 2, 3)
    assert law.shape == (4, 2, 4) and beliefs.shape == (4, 3) and pasts.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert law.sum() == pytest.approx(1.0, abs=1e-12)
    for i, past in enumerate(pasts):
        for w in range(2):
            for j, later in enumerate([(0, 0), (0, 1), (1, 0), (1, 1)]):
                word = [*past, w, *later]
                assert law[i, w, j] == pytest.approx(_brute_force_sequence_probability(a, b, p0, word), rel=1e-12)
    bel, _ = hmm_predictive_beliefs(a, b, pasts, initial=p0)
    assert np.allclose(beliefs, bel[:, -1], rtol=0, atol=1e-15)
    law0, beliefs0, pasts0 = hmm_block_law(a, b, p0, 0, 2)
    assert law0.shape == (1, 2, 2) and pasts0.shape == (1, 0) and np.array_equal(beliefs0[0], p0)
    assert np.allclose(law0.sum(axis=0), law.reshape(2, 2, 2, 2, 2).sum(axis=(2, 3, 4)), rtol=1e-12)


def test_hmm_block_law_gives_impossible_pasts_zero_mass_and_leaves_inputs_alone():
    from infolab.data.processes import hmm_block_law

    a, b, p0 = np.eye(2), np.eye(2), np.array([0.5, 0.5])
    law, beliefs, pasts = hmm_block_law(a, b, p0, 2, 2)
    assert beliefs.tolist() == [[1.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 1.0]]
    assert law[1].sum() == 0.0 and law[2].sum() == 0.0 and law[0, 0, 0] == 0.5 and law[3, 1, 1] == 0.5
    assert np.array_equal(a, np.eye(2)) and np.array_equal(p0, [0.5, 0.5])


def test_hmm_block_law_bad_input():
    from infolab.data.processes import hmm_block_law

    with pytest.raises(ValueError, match="'block_len' parameter of hmm_block_law"):
        hmm_block_law(np.eye(2), np.eye(2), [0.5, 0.5], 1, 1)
    with pytest.raises(ValueError, match="'past_len' parameter of hmm_block_law"):
        hmm_block_law(np.eye(2), np.eye(2), [0.5, 0.5], 9, 2)
    with pytest.raises(ValueError, match="'transition' parameter of hmm_block_law"):
        hmm_block_law([[0.5, 0.6], [0.5, 0.5]], np.eye(2), [0.5, 0.5], 1, 2)
    with pytest.raises(ValueError, match="'emission' parameter of hmm_block_law"):
        hmm_block_law(np.eye(2), np.eye(3), [0.5, 0.5], 1, 2)
    with pytest.raises(ValueError, match="'initial' parameter of hmm_block_law"):
        hmm_block_law(np.eye(2), np.eye(2), [1.0], 1, 2)


def test_causal_path_law_refuses_a_nan_or_unnormalised_kernel_row():
    ok = lambda xp, yp: [0.5, 0.5]  # noqa: E731
    with pytest.raises(ValueError, match=r"'y_kernel' parameter of causal_path_law.*row of histories \(\(1,\), \(\)\)"):
        causal_path_law(ok, lambda x, yp: [np.nan, 1.0] if x[-1] == 1 else [0.5, 0.5], 1, x_alphabet=2, y_alphabet=2)
    with pytest.raises(ValueError, match="'x_kernel' parameter of causal_path_law.*sum 0.9"):
        causal_path_law(lambda xp, yp: [0.5, 0.4], ok, 1, x_alphabet=2, y_alphabet=2)
    with pytest.raises(TypeError, match="'x_kernel' parameter of causal_path_law"):
        causal_path_law(lambda xp, yp: ["a", "b"], ok, 1, x_alphabet=2, y_alphabet=2)
