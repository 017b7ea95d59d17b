"""Information measures over finite hypothesis classes with answer and trace supervision.

A finite class H is given by its behaviour on a finite input space: each
hypothesis h has an end-to-end answer h_e2e(x) and a trace h_cot(x) (a chain
of thought: a code, or a vector of intermediate tokens) for every input x, and
the inputs have a law D. With a target h* ∈ H (the realizable setting):

* E2E disagreement  e_h = P_x[h_e2e(x) ≠ h*_e2e(x)];
* CoT agreement     a_h = P_x[(h_e2e(x), h_cot(x)) = (h*_e2e(x), h*_cot(x))];
* **CoT information** I^CoT(ε) = min over h with e_h > ε of −log a_h
  (Altabaa, Montasser & Lafferty 2025), and its end-to-end counterpart
  I^E2E(ε) = min over the same h of −log(1 − e_h) ≥ −log(1 − ε);
* version-space learning curves of the consistent learner under either
  supervision, and the finite-class sample-complexity bounds.

One CoT example is worth about I^CoT(ε) / I^E2E(ε) end-to-end examples.
Information is in nats unless ``base`` says otherwise.

References
----------
.. [1] A. Altabaa, O. Montasser, J. Lafferty, "CoT information: improved
   sample complexity under chain-of-thought supervision", NeurIPS 2025,
   arXiv:2505.15927.
.. [2] S. Shalev-Shwartz, S. Ben-David, *Understanding Machine Learning*,
   Cambridge (2014), Cor. 2.3: the realizable finite-class bound.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..validation import (
    check_array,
    check_choice,
    check_int,
    check_real,
    check_rng,
    check_weights,
    log_base,
)

__all__ = [
    "e2e_disagreement",
    "cot_agreement",
    "cot_information",
    "cot_information_from_rates",
    "e2e_information",
    "pairwise_cot_information",
    "LearningCurve",
    "version_space_learning_curve",
    "consistent_learner_sample_size",
    "two_point_risk_lower_bound",
]

_SUPERVISION = ("cot", "e2e")


def _behaviour(answers: Any, func: str, name: str = "answers") -> np.ndarray:
    arr = np.asarray(answers)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be a 2-D array (n_hypotheses, n_inputs). Got shape {arr.shape} instead.")
    if arr.dtype.kind not in "biu":
        raise TypeError(f"The '{name}' parameter of {func} must hold integer (or boolean) codes. Got dtype {arr.dtype} instead.")
    return arr


def _traces(traces: Any, shape: tuple[int, int], func: str) -> np.ndarray:
    arr = np.asarray(traces)
    if arr.ndim not in (2, 3) or arr.shape[:2] != shape:
        raise ValueError(f"The 'traces' parameter of {func} must have shape {shape} or {shape} + (T,). Got {arr.shape} instead.")
    if arr.dtype.kind not in "biu":
        raise TypeError(f"The 'traces' parameter of {func} must hold integer (or boolean) codes. Got dtype {arr.dtype} instead.")
    return arr


def _target(target: Any, n_h: int, func: str) -> int:
    return check_int(target, "target", low=0, high=n_h - 1, func=func)


def _input_law(weights: Any, n_x: int, func: str) -> np.ndarray:
    return check_weights(weights, n_x, func=func, unit="input")


def _answer_mismatch(answers: np.ndarray, t: int) -> np.ndarray:
    return answers != answers[t]


def _cot_mismatch(answers: np.ndarray, traces: np.ndarray, t: int) -> np.ndarray:
    diff = traces != traces[t]
    if diff.ndim == 3:
        diff = diff.any(axis=2)
    return diff | (answers != answers[t])


def e2e_disagreement(answers: Any, target: int, *, weights: Any = None) -> np.ndarray:
    """E2E disagreement e_h = P_x[h_e2e(x) ≠ h*_e2e(x)] of every hypothesis with the target.

    Parameters
    ----------
    answers : array_like of int, shape (n_hypotheses, n_inputs)
        ``answers[h, x]`` = h_e2e(x).
    target : int
        Row of the target hypothesis h*.
    weights : array_like, shape (n_inputs,), optional
        Law D of the inputs; default uniform.

    Returns
    -------
    numpy.ndarray, shape (n_hypotheses,)
        e_h in [0, 1]; 0 for the target.

    Notes
    -----
    Exact under D (a weighted count over the finite input space, no sampling);
    e_h is the E2E risk of h in the realizable setting. Cost O(n_hypotheses ·
    n_inputs).

    References
    ----------
    Altabaa, Montasser & Lafferty, "CoT information: improved sample complexity
    under chain-of-thought supervision", NeurIPS 2025, arXiv:2505.15927.

    Examples
    --------
    >>> e2e_disagreement([[0, 0, 1, 1], [0, 1, 1, 1]], 0).tolist()
    [0.0, 0.25]
    """
    func = "e2e_disagreement"
    ans = _behaviour(answers, func)
    t = _target(target, ans.shape[0], func)
    return _answer_mismatch(ans, t) @ _input_law(weights, ans.shape[1], func)


def cot_agreement(answers: Any, traces: Any, target: int, *, weights: Any = None) -> np.ndarray:
    """CoT agreement a_h = P_x[h_e2e(x) = h*_e2e(x) and h_cot(x) = h*_cot(x)].

    Parameters
    ----------
    answers : array_like of int, shape (n_hypotheses, n_inputs)
        ``answers[h, x]`` = h_e2e(x).
    traces : array_like of int, shape (n_hypotheses, n_inputs) or (n_hypotheses, n_inputs, T)
        Trace codes; with a third axis, traces agree when every entry does.
    target : int
        Row of the target hypothesis h*.
    weights : array_like, shape (n_inputs,), optional
        Law D of the inputs; default uniform.

    Returns
    -------
    numpy.ndarray, shape (n_hypotheses,)
        a_h ≤ 1 − e_h; 1 for the target.

    Notes
    -----
    a_h is the probability that one CoT-labelled example fails to rule h out;
    −log a_h is the information that example carries against h, the quantity
    minimised in :func:`cot_information`. Exact under D.

    References
    ----------
    Altabaa, Montasser & Lafferty, "CoT information: improved sample complexity
    under chain-of-thought supervision", NeurIPS 2025, arXiv:2505.15927.

    Examples
    --------
    >>> cot_agreement([[0, 0], [0, 1]], [[5, 6], [5, 7]], 0).tolist()
    [1.0, 0.5]
    """
    func = "cot_agreement"
    ans = _behaviour(answers, func)
    tr = _traces(traces, ans.shape, func)
    t = _target(target, ans.shape[0], func)
    return ~_cot_mismatch(ans, tr, t) @ _input_law(weights, ans.shape[1], func)


def _min_info_over_bad(e: np.ndarray, info: np.ndarray, epsilon: Any, func: str) -> np.ndarray | float:
    eps = check_array(epsilon, "epsilon", func=func, allow_inf=True)
    if not np.all(np.isfinite(eps)) or np.any(eps < 0) or np.any(eps >= 1):
        raise ValueError(f"The 'epsilon' parameter of {func} must be in [0, 1). Got {epsilon!r} instead.")
    order = np.argsort(e)
    e_sorted, info_sorted = e[order], info[order]
    # suffix minima: min of info over {h : e_h > eps} = suffix_min[first index with e_sorted > eps]
    suffix = np.minimum.accumulate(info_sorted[::-1])[::-1]
    suffix = np.append(suffix, np.inf)
    idx = np.searchsorted(e_sorted, eps, side="right")
    out = suffix[idx]
    return float(out) if out.ndim == 0 else out


def cot_information(answers: Any, traces: Any, target: int, epsilon: Any, *, weights: Any = None,
                    base: float | str = "e") -> np.ndarray | float:
    """CoT information I^CoT(ε) = min over {h : e_h > ε} of −log a_h.

    Parameters
    ----------
    answers : array_like of int, shape (n_hypotheses, n_inputs)
    traces : array_like of int, shape (n_hypotheses, n_inputs[, T])
    target : int
        Row of h*.
    epsilon : float or array_like
        E2E error level(s) ε in [0, 1).
    weights : array_like, optional
        Input law D; default uniform.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float or numpy.ndarray
        I^CoT(ε) per ε; ``inf`` when no hypothesis is ε-bad, or when every
        ε-bad one is told apart from h* on every input (a_h = 0).

    Notes
    -----
    I^CoT(ε) ≥ I^E2E(ε) ≥ −log(1 − ε) ≥ ε and it is non-decreasing in ε.
    The realizable consistent learner needs m ≥ (log|H| + log(1/δ)) / I^CoT(ε)
    CoT examples for E2E risk ≤ ε with probability 1 − δ (Altabaa et al.
    2025, Thm. 1). Computed by sorting e_h once, so a grid of ε costs one pass.

    References
    ----------
    Altabaa, Montasser & Lafferty, arXiv:2505.15927 (2025), Def. 1.

    Examples
    --------
    >>> ans = [[0, 0, 0, 0], [1, 0, 0, 0]]
    >>> tr = [[0, 0, 0, 0], [1, 1, 1, 0]]    # the trace shows the difference on 3 of 4 inputs
    >>> round(cot_information(ans, tr, 0, 0.0), 6)  # log 4: agreement only on 1 of 4 inputs
    1.386294
    """
    func = "cot_information"
    ans = _behaviour(answers, func)
    tr = _traces(traces, ans.shape, func)
    t = _target(target, ans.shape[0], func)
    w = _input_law(weights, ans.shape[1], func)
    e = _answer_mismatch(ans, t) @ w
    a = ~_cot_mismatch(ans, tr, t) @ w
    with np.errstate(divide="ignore"):
        info = -np.log(a)
    return _min_info_over_bad(e, info, epsilon, func) / log_base(base, func)


def cot_information_from_rates(disagreement: Any, agreement: Any, epsilon: Any, *,
                               base: float | str = "e") -> np.ndarray | float:
    """CoT information from per-hypothesis rates: min over {h : e_h > ε} of −log a_h.

    For classes too large to hold as answer and trace arrays, compute
    e_h = P[h_e2e ≠ h*_e2e] and a_h = P[(h_e2e, h_cot) = (h*_e2e, h*_cot)] in
    a stream and pass them here (see :func:`cot_information` for the rest).

    Parameters
    ----------
    disagreement, agreement : array_like, shape (n_hypotheses,)
        e_h and a_h in [0, 1], with a_h ≤ 1 − e_h (checked within 1e-12).
    epsilon : float or array_like in [0, 1)
        E2E error level(s) ε.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float or numpy.ndarray
        I^CoT(ε) per ε; ``inf`` when no hypothesis has e_h > ε or every such one
        has a_h = 0.

    Notes
    -----
    Gives the same value as :func:`cot_information` on the rates it computes; the
    target itself (e_h = 0) never enters the minimum. Rates estimated from
    samples rather than computed exactly make the result a plug-in estimate,
    biased upward where a small a_h is estimated as 0.

    References
    ----------
    Altabaa, Montasser & Lafferty, "CoT information: improved sample complexity
    under chain-of-thought supervision", NeurIPS 2025, arXiv:2505.15927.

    Examples
    --------
    >>> round(cot_information_from_rates([0.0, 0.25], [1.0, 0.25], 0.0), 6)  # log 4
    1.386294
    """
    func = "cot_information_from_rates"
    e = check_array(disagreement, "disagreement", func=func, allow_inf=True)
    a = check_array(agreement, "agreement", func=func, allow_inf=True)
    if e.ndim != 1 or e.shape != a.shape or e.size == 0:
        raise ValueError(f"The 'disagreement' and 'agreement' parameters of {func} must be 1-D of one length. Got {e.shape} and {a.shape} instead.")
    if not (np.all(np.isfinite(e)) and np.all((e >= 0) & (e <= 1))):
        raise ValueError(f"The 'disagreement' parameter of {func} must hold rates in [0, 1]. Got {_value_range(e)} instead.")
    if not (np.all(np.isfinite(a)) and np.all(a >= 0) and np.all(a <= 1 - e + 1e-12)):
        raise ValueError(f"The 'agreement' parameter of {func} must hold rates in [0, 1 − e_h]. Got {_value_range(a)} instead.")
    with np.errstate(divide="ignore"):
        info = -np.log(a)
    return _min_info_over_bad(e, info, epsilon, func) / log_base(base, func)


def e2e_information(answers: Any, target: int, epsilon: Any, *, weights: Any = None,
                    base: float | str = "e") -> np.ndarray | float:
    """End-to-end counterpart I^E2E(ε) = min over {h : e_h > ε} of −log(1 − e_h).

    This is the information one answer-only example gives against the
    hardest ε-bad hypothesis; it is at least −log(1 − ε) and equals
    −log(1 − ε_min) for ε below the smallest positive e_h.

    Parameters
    ----------
    answers : array_like of int, shape (n_hypotheses, n_inputs)
        ``answers[h, x]`` = h_e2e(x).
    target : int
        Row of the target hypothesis h*.
    epsilon : float or array_like
        E2E error level(s) ε in [0, 1).
    weights : array_like, shape (n_inputs,), optional
        Input law D; default uniform.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float or numpy.ndarray
        I^E2E(ε) per ε; ``inf`` when no hypothesis is ε-bad.

    Notes
    -----
    I^E2E(ε) ≤ I^CoT(ε), since a_h ≤ 1 − e_h; the ratio of the two is the
    number of answer-only examples one CoT example is worth. Plugged into
    :func:`consistent_learner_sample_size` it gives the classical realizable
    bound (with −log(1 − ε) ≥ ε in place of ε).

    References
    ----------
    Altabaa, Montasser & Lafferty, "CoT information: improved sample complexity
    under chain-of-thought supervision", NeurIPS 2025, arXiv:2505.15927.
    Shalev-Shwartz & Ben-David, *Understanding Machine Learning*, Cambridge
    University Press (2014), Cor. 2.3.

    Examples
    --------
    >>> round(e2e_information([[0, 0, 0, 0], [1, 0, 0, 0]], 0, 0.0), 6)  # −log(3/4)
    0.287682
    """
    func = "e2e_information"
    ans = _behaviour(answers, func)
    t = _target(target, ans.shape[0], func)
    w = _input_law(weights, ans.shape[1], func)
    mismatch = _answer_mismatch(ans, t)
    e = mismatch @ w
    with np.errstate(divide="ignore"):
        info = -np.log(~mismatch @ w)  # 1 − e_h summed directly, never below 0
    return _min_info_over_bad(e, info, epsilon, func) / log_base(base, func)


def pairwise_cot_information(answers: Any, traces: Any, first: int, second: int, *, weights: Any = None,
                             base: float | str = "e") -> float:
    """I(h₁, h₂) = −log P_x[h₁ and h₂ agree on both answer and trace].

    Parameters
    ----------
    answers : array_like of int, shape (n_hypotheses, n_inputs)
        ``answers[h, x]`` = h_e2e(x).
    traces : array_like of int, shape (n_hypotheses, n_inputs[, T])
        Trace codes; with a third axis, traces agree when every entry does.
    first, second : int
        Rows of the two hypotheses, in [0, n_hypotheses − 1].
    weights : array_like, shape (n_inputs,), optional
        Input law D; default uniform.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        I(h₁, h₂) ≥ 0; ``inf`` when the two differ on every input of positive
        weight, 0 when they agree everywhere.

    Notes
    -----
    Symmetric in the two hypotheses; with one of them the target it is −log a_h
    of :func:`cot_agreement`, so :func:`cot_information` is the minimum of this
    over the ε-bad hypotheses paired with h*.

    References
    ----------
    Altabaa, Montasser & Lafferty, "CoT information: improved sample complexity
    under chain-of-thought supervision", NeurIPS 2025, arXiv:2505.15927.

    Examples
    --------
    >>> round(pairwise_cot_information([[0, 0], [0, 1]], [[0, 0], [0, 0]], 0, 1), 6)  # log 2
    0.693147
    """
    func = "pairwise_cot_information"
    ans = _behaviour(answers, func)
    tr = _traces(traces, ans.shape, func)
    i = check_int(first, "first", low=0, high=ans.shape[0] - 1, func=func)
    j = check_int(second, "second", low=0, high=ans.shape[0] - 1, func=func)
    w = _input_law(weights, ans.shape[1], func)
    agree = ~_cot_mismatch(ans[[i, j]], tr[[i, j]], 0)[1]
    p = float(agree @ w)
    return (np.inf if p <= 0 else -float(np.log(p))) / log_base(base, func)


def _distinct_rows(rows: np.ndarray) -> np.ndarray:
    """The distinct rows of a boolean matrix (compared as packed bit strings, in first-seen order)."""
    if rows.shape[0] == 0:
        return rows
    packed = np.ascontiguousarray(np.packbits(rows, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first = np.unique(keys, return_index=True)
    return rows[np.sort(first)]


class LearningCurve(NamedTuple):
    """Outcome of :func:`version_space_learning_curve`.

    Attributes
    ----------
    sample_sizes : numpy.ndarray of int
    success : numpy.ndarray of float
        Fraction of trials in which, after m examples, every hypothesis
        consistent with the sample has zero E2E error.
    first_success : numpy.ndarray of float, shape (n_trials,)
        Per trial, the smallest m at which that happens (``inf`` if not
        within ``max(sample_sizes)``).
    """

    sample_sizes: np.ndarray
    success: np.ndarray
    first_success: np.ndarray

    def median_sample_size(self) -> float:
        """m₅₀: the median of ``first_success`` (``inf`` if half the trials never succeed)."""
        return float(np.median(self.first_success))


def version_space_learning_curve(answers: Any, traces: Any, target: int, sample_sizes: Any, *,
                                 supervision: str = "cot", n_trials: int = 100, weights: Any = None,
                                 seed: Any = 0) -> LearningCurve:
    """Monte-Carlo learning curve of the consistent learner (exact per trial).

    In each trial a sequence of i.i.d. inputs x₁, x₂, ... ~ D is drawn, with
    labels from the target (answers only, or answers and traces). Hypothesis h
    leaves the version space at the first example where it differs from h*
    under the chosen supervision; the trial succeeds at m once every
    hypothesis with e_h > 0 has left. Because the samples are nested, one
    sequence of max(m) draws gives the whole curve of the trial exactly.

    Parameters
    ----------
    answers : array_like of int, shape (n_hypotheses, n_inputs)
    traces : array_like of int, shape (n_hypotheses, n_inputs[, T])
        Ignored (but validated) for ``supervision="e2e"``.
    target : int
    sample_sizes : array_like of int
        The m at which to report the success probability (≥ 1).
    supervision : {"cot", "e2e"}, default "cot"
    n_trials : int, default 100
    weights : array_like, optional
        Input law D; default uniform.
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    LearningCurve

    Notes
    -----
    Hypotheses with identical disagreement sets are merged first, so the
    cost per trial is (number of distinct sets) × n_inputs.

    References
    ----------
    Altabaa, Montasser & Lafferty, "CoT information: improved sample complexity
    under chain-of-thought supervision", NeurIPS 2025, arXiv:2505.15927.

    Examples
    --------
    >>> ans = np.array([[0, 0], [1, 0]]); tr = np.array([[0, 0], [1, 1]])
    >>> lc = version_space_learning_curve(ans, tr, 0, [1, 2], supervision="cot", n_trials=10, seed=0)
    >>> lc.success.tolist()  # one CoT example always tells h apart from h*
    [1.0, 1.0]
    """
    func = "version_space_learning_curve"
    ans = _behaviour(answers, func)
    tr = _traces(traces, ans.shape, func)
    t = _target(target, ans.shape[0], func)
    check_choice(supervision, "supervision", _SUPERVISION, func=func)
    n_trials = check_int(n_trials, "n_trials", low=1, func=func)
    ms = np.asarray(sample_sizes)
    if ms.ndim != 1 or ms.size == 0 or ms.dtype.kind not in "iu" or np.any(ms < 1):
        raise ValueError(f"The 'sample_sizes' parameter of {func} must be a non-empty 1-D array of ints >= 1. Got {sample_sizes!r} instead.")
    w = _input_law(weights, ans.shape[1], func)
    rng = check_rng(seed, func=func)
    bad = _answer_mismatch(ans, t).any(axis=1)
    mismatch = _cot_mismatch(ans, tr, t) if supervision == "cot" else _answer_mismatch(ans, t)
    sets = _distinct_rows(mismatch[bad])
    m_max = int(ms.max())
    cum = np.cumsum(w)
    cum[-1] = 1.0
    first = np.empty(n_trials)
    never = np.iinfo(np.int64).max
    for i in range(n_trials):
        draws = np.searchsorted(cum, rng.random(m_max), side="right")
        first_seen = np.full(ans.shape[1], never, dtype=np.int64)
        seen, first_index = np.unique(draws, return_index=True)  # first occurrence of each input
        first_seen[seen] = first_index + 1                        # 1-based sample size
        if sets.shape[0] == 0:
            first[i] = 0.0
            continue
        tau = np.where(sets, first_seen[None, :], never).min(axis=1)
        worst = int(tau.max())
        first[i] = np.inf if worst == never else float(worst)
    success = np.array([(first <= m).mean() for m in ms])
    return LearningCurve(ms.astype(np.int64), success, first)


def consistent_learner_sample_size(n_hypotheses: int, information: Any, delta: float) -> np.ndarray | float:
    """Realizable finite-class bound m = (log|H| + log(1/δ)) / I.

    With ``information`` = I^CoT(ε) this is the CoT sample complexity of
    Altabaa et al. (2025, Thm. 1); with −log(1 − ε) (or ε) the classical
    E2E bound. Enough examples for every consistent hypothesis to have E2E
    risk ≤ ε with probability ≥ 1 − δ. Nats in ``information``.

    Parameters
    ----------
    n_hypotheses : int
        Size |H| of the class, at least 1.
    information : float or array_like
        Information per example against an ε-bad hypothesis, in nats, > 0
        (``inf`` allowed, giving 0).
    delta : float
        Failure probability δ in (0, 1).

    Returns
    -------
    float or numpy.ndarray
        The sample size m (not rounded up), one value per ``information``.

    Notes
    -----
    A union bound over the ε-bad hypotheses: each survives m examples with
    probability at most exp(−m I), so |H| exp(−m I) ≤ δ suffices. It is an upper
    bound on the sample complexity and can be loose by the log|H| term when
    the hypotheses are correlated.

    References
    ----------
    Shalev-Shwartz & Ben-David, *Understanding Machine Learning*, Cambridge
    University Press (2014), Cor. 2.3;
    Altabaa, Montasser & Lafferty, "CoT information: improved sample complexity
    under chain-of-thought supervision", NeurIPS 2025, arXiv:2505.15927.

    Examples
    --------
    >>> round(consistent_learner_sample_size(100, 0.1, 0.05), 3)  # (ln 100 + ln 20) / 0.1
    76.009
    """
    func = "consistent_learner_sample_size"
    n = check_int(n_hypotheses, "n_hypotheses", low=1, func=func)
    d = check_real(delta, "delta", low=0.0, high=1.0, low_open=True, high_open=True, func=func)
    info = np.asarray(information, dtype=np.float64)
    if np.any(~(info > 0)):
        raise ValueError(f"The 'information' parameter of {func} must be > 0 (inf allowed). Got {information!r} instead.")
    out = (np.log(n) + np.log(1.0 / d)) / info
    return float(out) if out.ndim == 0 else out


def two_point_risk_lower_bound(epsilons: Any, information: Any, m: Any) -> np.ndarray | float:
    """Two-point minimax lower bound on E2E risk: ½ sup_ε ε · exp(−m · I(ε)).

    Parameters
    ----------
    epsilons, information : array_like, same shape
        A grid of ε and I^CoT(ε) (nats) on it.
    m : int or array_like of int
        Sample size(s), ≥ 0.

    Returns
    -------
    float or numpy.ndarray
        The bound for each m (a float for scalar ``m``), in [0, ½ max ε].

    Notes
    -----
    Le Cam's two-point method: an ε-bad hypothesis that agrees with h* on m
    examples with probability exp(−m I(ε)) cannot be told apart from it on that
    event, so the worst-case risk of any learner over the two is at least
    ½ ε exp(−m I(ε)). The supremum is over the given grid
    only, so a coarse grid gives a weaker (smaller) bound. With m = 0 it is
    ½ max ε, using 0 · ∞ = 0.

    References
    ----------
    A. B. Tsybakov, *Introduction to Nonparametric Estimation*, Springer (2009),
    ch. 2;
    Altabaa, Montasser & Lafferty, "CoT information: improved sample complexity
    under chain-of-thought supervision", NeurIPS 2025, arXiv:2505.15927.

    Examples
    --------
    >>> round(two_point_risk_lower_bound([0.1, 0.2], [0.5, 1.0], 1), 6)  # ½ max(0.1 e^-0.5, 0.2 e^-1)
    0.036788
    """
    func = "two_point_risk_lower_bound"
    eps = check_array(epsilons, "epsilons", func=func, ndim=1)
    info = check_array(information, "information", func=func, ndim=1, allow_inf=True)
    if eps.ndim != 1 or eps.shape != info.shape or eps.size == 0:
        raise ValueError(f"The 'epsilons' and 'information' parameters of {func} must be 1-D of one length. Got {eps.shape} and {info.shape} instead.")
    if np.any(np.isnan(eps)) or np.any(np.isnan(info)) or np.any(eps < 0) or np.any(eps > 1) or np.any(info < 0):
        raise ValueError(f"The 'epsilons' parameter of {func} must be in [0, 1] and 'information' ≥ 0. Got {_value_range(eps)} and {_value_range(info)} instead.")
    mm = check_array(m, "m", func=func)
    if np.any(mm < 0):
        raise ValueError(f"The 'm' parameter of {func} must be ≥ 0. Got {m!r} instead.")
    ms = np.atleast_1d(mm)[:, None]
    # m·I with the convention 0·∞ = 0: with no samples the bound is ½ ε whatever the information
    with np.errstate(invalid="ignore"):  # 0·∞ in the branch np.where discards
        exponent = np.where(ms == 0, 0.0, ms * info[None, :])
    vals = 0.5 * eps[None, :] * np.exp(-exponent)
    out = vals.max(axis=1)
    return float(out[0]) if mm.ndim == 0 else out


def _value_range(arr: np.ndarray) -> str:
    return f"values in [{float(arr.min())!r}, {float(arr.max())!r}]"
