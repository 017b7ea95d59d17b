"""Tests of infolab.measures.hypothesis: CoT information and version-space learning curves."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures.hypothesis import (
    LearningCurve,
    consistent_learner_sample_size,
    cot_agreement,
    cot_information,
    cot_information_from_rates,
    e2e_disagreement,
    e2e_information,
    pairwise_cot_information,
    two_point_risk_lower_bound,
    version_space_learning_curve,
)
from infolab.papers.p29_cot_information import coarsen_traces, dfa_class, linear_threshold_class


def random_class(seed, n_h=12, n_x=6, n_ans=2, n_tr=3, t_len=2):
    rng = np.random.default_rng(seed)
    answers = rng.integers(0, n_ans, (n_h, n_x))
    traces = rng.integers(0, n_tr, (n_h, n_x, t_len))
    weights = rng.dirichlet(np.ones(n_x))
    return answers, traces, weights


def slow_cot_information(answers, traces, target, eps, weights):
    """Loop over hypotheses and inputs, straight from the definition."""
    best = np.inf
    for h in range(answers.shape[0]):
        err = sum(weights[x] for x in range(answers.shape[1]) if answers[h, x] != answers[target, x])
        if err <= eps:
            continue
        agree = sum(weights[x] for x in range(answers.shape[1])
                    if answers[h, x] == answers[target, x] and np.array_equal(traces[h, x], traces[target, x]))
        best = min(best, np.inf if agree == 0 else -np.log(agree))
    return best


# ---------------------------------------------------------------- known values

def test_rates_known_values():
    ans = np.array([[0, 0, 0, 0], [1, 0, 0, 0], [1, 1, 0, 0]])
    tr = np.array([[0, 0, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0]])
    assert e2e_disagreement(ans, 0).tolist() == [0.0, 0.25, 0.5]
    assert cot_agreement(ans, tr, 0).tolist() == [1.0, 0.5, 0.5]
    assert cot_information(ans, tr, 0, [0.0, 0.3, 0.5]) == pytest.approx([np.log(2), np.log(2), np.inf])
    assert e2e_information(ans, 0, [0.0, 0.3]) == pytest.approx([-np.log(0.75), -np.log(0.5)])
    assert pairwise_cot_information(ans, tr, 1, 2) == pytest.approx(-np.log(0.75))
    assert pairwise_cot_information(ans, tr, 0, 2, base=2) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), eps=st.floats(0.0, 0.95))
def test_vectorised_equals_loop_definition(seed, eps):
    answers, traces, weights = random_class(seed)
    for target in (0, 5):
        fast = cot_information(answers, traces, target, eps, weights=weights)
        slow = slow_cot_information(answers, traces, target, eps, weights)
        assert fast == pytest.approx(slow, abs=1e-12) or (np.isinf(fast) and np.isinf(slow))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_information_ordering_and_monotonicity(seed):
    answers, traces, weights = random_class(seed, n_h=20, n_x=8)
    grid = np.linspace(0, 0.9, 31)
    cot = cot_information(answers, traces, 3, grid, weights=weights)
    e2e = e2e_information(answers, 3, grid, weights=weights)
    finite = np.isfinite(e2e)
    assert np.all(cot[finite] >= e2e[finite] - 1e-12)
    assert np.all(e2e[finite] >= -np.log1p(-grid[finite]) - 1e-12)
    assert np.all(-np.log1p(-grid) >= grid - 1e-15)
    assert np.all(cot[1:] >= cot[:-1] - 1e-12)
    assert np.all(np.isinf(cot[~finite]))


def test_uninformative_traces_collapse_to_e2e():
    answers, _, weights = random_class(7)
    traces = np.zeros((answers.shape[0], answers.shape[1]), dtype=int)
    grid = np.linspace(0, 0.5, 11)
    assert cot_information(answers, traces, 0, grid, weights=weights) == pytest.approx(
        e2e_information(answers, 0, grid, weights=weights), abs=1e-12)


def test_base_and_2d_traces():
    answers, traces, weights = random_class(11)
    codes = traces[:, :, 0] * 3 + traces[:, :, 1]
    assert cot_information(answers, codes, 1, 0.1, weights=weights) == pytest.approx(
        cot_information(answers, traces, 1, 0.1, weights=weights), abs=1e-15)
    assert cot_information(answers, traces, 1, 0.1, base=2) == pytest.approx(
        cot_information(answers, traces, 1, 0.1) / np.log(2), rel=1e-12)


def test_coarser_traces_lower_information_on_dfa_class():
    c = dfa_class(2, 4)
    grid = np.linspace(0, 0.9, 10)
    prev = None
    for k in (1, 2, 4):  # nested reveal sets {all} ⊃ {1, 3} ⊃ {3}
        cur = cot_information(c.answers, coarsen_traces(c.traces, k), 5, grid)
        if prev is not None:
            assert np.all(cur <= prev + 1e-12)
        prev = cur


# ---------------------------------------------------------------- learning curves

def test_learning_curve_matches_exact_probability():
    # target answers 0 everywhere; h1 errs on input 0 only, h2 on inputs 0 and 1; 4 uniform inputs.
    ans = np.array([[0, 0, 0, 0], [1, 0, 0, 0], [1, 1, 0, 0]])
    tr = ans.copy()
    ms = np.array([1, 2, 4, 8])
    lc = version_space_learning_curve(ans, tr, 0, ms, supervision="e2e", n_trials=4000, seed=0)
    exact = 1 - 0.75**ms  # success once input 0 is drawn (it eliminates both)
    se = np.sqrt(exact * (1 - exact) / 4000)
    assert isinstance(lc, LearningCurve)
    assert np.all(np.abs(lc.success - exact) <= 4 * se + 1e-12)
    assert lc.median_sample_size() == pytest.approx(np.median(lc.first_success))


def test_cot_supervision_is_never_slower_per_trial():
    c = linear_threshold_class(4, 4)
    ms = np.array([1, 5, 20, 100, 400])
    lc = version_space_learning_curve(c.answers, c.traces, 40, ms, supervision="cot", n_trials=50, seed=3)
    le = version_space_learning_curve(c.answers, c.traces, 40, ms, supervision="e2e", n_trials=50, seed=3)
    assert np.all(lc.first_success <= le.first_success)  # same draws: CoT eliminates a superset
    again = version_space_learning_curve(c.answers, c.traces, 40, ms, supervision="cot", n_trials=50, seed=3)
    assert np.array_equal(lc.first_success, again.first_success)


def test_bounds_known_values():
    assert consistent_learner_sample_size(100, 0.1, 0.05) == pytest.approx((np.log(100) + np.log(20)) / 0.1)
    assert consistent_learner_sample_size(10, [1.0, np.inf], 0.5) == pytest.approx([np.log(20), 0.0])
    assert two_point_risk_lower_bound([0.1, 0.2], [0.5, 1.0], 1) == pytest.approx(0.5 * max(0.1 * np.exp(-0.5), 0.2 * np.exp(-1)))
    assert two_point_risk_lower_bound([0.1, 0.2], [0.5, 1.0], [0, 2]) == pytest.approx([0.1, 0.5 * max(0.1 * np.exp(-1), 0.2 * np.exp(-2))])


def test_linear_class_shapes_and_generation_rule():
    c = linear_threshold_class(3, 4)
    assert c.answers.shape == (27, 8) and c.traces.shape == (27, 8, 4)
    w = c.params[17].astype(int)
    seq = list(c.inputs[5].astype(int))
    for _ in range(4):
        seq.append(int(np.dot(w, seq[-3:]) > 0))
    assert c.traces[17, 5].tolist() == seq[3:]
    assert c.answers[17, 5] == seq[-1]


def test_dfa_class_runs():
    c = dfa_class(2, 3)
    # params row: δ(0,0), δ(0,1), δ(1,0), δ(1,1), accept0, accept1
    i = int(np.where((c.params == [0, 1, 1, 0, 0, 1]).all(axis=1))[0][0])  # parity automaton, accept odd
    parity = c.inputs.sum(axis=1) % 2
    assert c.answers[i].tolist() == parity.tolist()
    assert c.traces[i, :, -1].tolist() == parity.tolist()


# ---------------------------------------------------------------- bad input

def test_bad_inputs():
    ans = np.array([[0, 1], [1, 1]])
    tr = np.array([[0, 0], [0, 1]])
    with pytest.raises(ValueError, match="'answers'"):
        e2e_disagreement([0, 1], 0)
    with pytest.raises(TypeError, match="'answers'"):
        e2e_disagreement(np.array([[0.5, 1.0]]), 0)
    with pytest.raises(ValueError, match="'target'"):
        e2e_disagreement(ans, 2)
    with pytest.raises(ValueError, match="'weights'"):
        e2e_disagreement(ans, 0, weights=[0.5, 0.6])
    with pytest.raises(ValueError, match="'weights'"):
        e2e_disagreement(ans, 0, weights=[1.0])
    with pytest.raises(ValueError, match="'traces'"):
        cot_agreement(ans, tr[:1], 0)
    with pytest.raises(ValueError, match="'epsilon'"):
        cot_information(ans, tr, 0, 1.0)
    with pytest.raises(ValueError, match="'epsilon'"):
        e2e_information(ans, 0, -0.1)
    with pytest.raises(ValueError, match="'second'"):
        pairwise_cot_information(ans, tr, 0, 5)
    with pytest.raises(ValueError, match="'supervision'"):
        version_space_learning_curve(ans, tr, 0, [1], supervision="both")
    with pytest.raises(ValueError, match="'sample_sizes'"):
        version_space_learning_curve(ans, tr, 0, [0, 1])
    with pytest.raises(ValueError, match="'n_trials'"):
        version_space_learning_curve(ans, tr, 0, [1], n_trials=0)
    with pytest.raises(ValueError, match="'information'"):
        consistent_learner_sample_size(10, 0.0, 0.1)
    with pytest.raises(ValueError, match="'delta'"):
        consistent_learner_sample_size(10, 1.0, 1.0)
    with pytest.raises(ValueError, match="'epsilons'"):
        two_point_risk_lower_bound([0.1], [0.1, 0.2], 1)
    with pytest.raises(ValueError, match="'m'"):
        two_point_risk_lower_bound([0.1], [0.1], -1)
    with pytest.raises(ValueError, match="'window'"):
        linear_threshold_class(0, 2)
    with pytest.raises(ValueError, match="'n_states'"):
        dfa_class(5, 2)
    with pytest.raises(ValueError, match="'every'"):
        coarsen_traces(np.zeros((1, 1, 4)), 5)


def test_from_rates_matches_arrays_and_rejects_bad_rates():
    answers, traces, weights = random_class(21)
    e = e2e_disagreement(answers, 2, weights=weights)
    a = cot_agreement(answers, traces, 2, weights=weights)
    grid = np.linspace(0, 0.8, 9)
    assert cot_information_from_rates(e, a, grid) == pytest.approx(
        cot_information(answers, traces, 2, grid, weights=weights), abs=0)
    with pytest.raises(ValueError, match="'agreement'"):
        cot_information_from_rates([0.5], [0.6], 0.0)
    with pytest.raises(ValueError, match="'disagreement'"):
        cot_information_from_rates([1.5], [0.0], 0.0)
    with pytest.raises(ValueError, match="'disagreement' and 'agreement'"):
        cot_information_from_rates([0.5, 0.1], [0.1], 0.0)


def test_streamed_dfa_rates_match_dense_class():
    from infolab.papers.p29_cot_information import dfa_target_rates

    c = dfa_class(2, 5)
    for tg in (3, 40):
        e, a = dfa_target_rates(2, 5, c.params[tg], (1, 5), chunk=3)
        assert e == pytest.approx(e2e_disagreement(c.answers, tg), abs=1e-15)
        for j, k in enumerate((1, 5)):
            assert a[j] == pytest.approx(cot_agreement(c.answers, coarsen_traces(c.traces, k), tg), abs=1e-15)
    with pytest.raises(ValueError, match="'target'"):
        dfa_target_rates(2, 5, np.array([0, 1, 2, 0, 1, 1]))


def test_two_point_bound_without_samples_is_half_epsilon_even_for_infinite_information():
    import numpy as np

    from infolab.measures import two_point_risk_lower_bound

    assert two_point_risk_lower_bound([0.1, 0.2], [np.inf, 1.0], 0) == 0.1
    assert two_point_risk_lower_bound([0.1, 0.2], [np.inf, 1.0], 2) == 0.5 * 0.2 * np.exp(-2.0)


def test_two_point_risk_lower_bound_refuses_a_nan_sample_size():
    with pytest.raises(ValueError, match="'m' parameter of two_point_risk_lower_bound"):
        two_point_risk_lower_bound([0.1, 0.2], [0.5, 1.0], float("nan"))
    with pytest.raises(TypeError, match="'m' parameter of two_point_risk_lower_bound"):
        two_point_risk_lower_bound([0.1, 0.2], [0.5, 1.0], "x")
    with pytest.raises(TypeError, match="'epsilons' parameter of two_point_risk_lower_bound"):
        two_point_risk_lower_bound(np.array([0.1, 0.2]) + 1j, [0.5, 1.0], 1)
    assert two_point_risk_lower_bound([0.1, 0.2], [0.5, np.inf], 1) == pytest.approx(0.05 * np.exp(-0.5))
