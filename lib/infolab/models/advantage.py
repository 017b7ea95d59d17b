"""Advantage estimators for grouped rewards: GRPO, Dr.GRPO and CANON.

In reinforcement learning with verifiable rewards a policy answers each prompt
G times; the G scalar rewards of a prompt form a *group*, and every estimator
here turns a group of rewards into one advantage per response (constant over
the response's tokens). Rewards are passed as an array of shape
``(n_groups, G)``; a 1-D array is one group.

* :func:`grpo_advantage` — the group mean as baseline, divided by the group's
  standard deviation (Shao et al. 2024).
* :func:`dr_grpo_advantage` — the group mean as baseline, no standard-deviation
  normalisation and a constant in place of the per-response length
  normalisation (Liu et al. 2025, "GRPO done right").
* :func:`canon_advantage` — the conditional advantage of CANON (Chen et al.
  2025): the group is split at the median of a response metric (entropy,
  length) and each response is compared with the other half (inter-group) and
  with its own half (intra-group).

References
----------
.. [1] Z. Shao et al., "DeepSeekMath: pushing the limits of mathematical
   reasoning in open language models", arXiv:2402.03300 (2024).
.. [2] Z. Liu et al., "Understanding R1-Zero-like training: a critical
   perspective", arXiv:2503.20783 (2025).
.. [3] G. Chen, Y. Li, Y. Jiang, C. Qian, Q. Ren, J. Yang, Y. Cheng, D. Liu,
   J. Shao, "Conditional advantage estimation for reinforcement learning in
   large reasoning models", arXiv:2509.23962 (2025).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_choice, check_real

__all__ = ["grpo_advantage", "dr_grpo_advantage", "canon_advantage", "metric_halves"]


def _groups(values: Any, name: str, func: str, min_size: int = 2) -> np.ndarray:
    """A finite real array of shape (n_groups, G) (a 1-D input is one group), as a float64 copy."""
    if values is None or isinstance(values, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be an array of shape (n_groups, G). "
                        f"Got {values!r} instead.")
    arr = np.array(values)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {arr.dtype} instead.")
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be a non-empty array of shape (n_groups, G). "
                         f"Got shape {tuple(np.shape(values))} instead.")
    if arr.shape[1] < min_size:
        raise ValueError(f"The '{name}' parameter of {func} needs groups of at least {min_size} responses. "
                         f"Got groups of {arr.shape[1]} instead.")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return arr


def grpo_advantage(rewards: Any, *, eps: float = 1e-6) -> np.ndarray:
    """GRPO advantage: A_i = (r_i - mean(r)) / (std(r) + eps) within each group.

    Parameters
    ----------
    rewards : array of shape (n_groups, G) or (G,)
        One scalar reward per response; G >= 2.
    eps : float, default 1e-6
        Added to the standard deviation, as in verl's GRPO; > 0.

    Returns
    -------
    numpy.ndarray of shape (n_groups, G)

    Notes
    -----
    The standard deviation is the unbiased one (``ddof=1``), as ``torch.std``
    computes it in the reference implementations. A group whose rewards are
    all equal gets advantage 0. The advantages of a group sum to 0 and are
    invariant to ``r -> a r + b`` with ``a > 0`` up to the ``eps`` term. Dividing
    by the standard deviation weights prompts that are almost always solved
    (or failed) more heavily; Dr.GRPO removes that weighting.

    References
    ----------
    Shao et al., arXiv:2402.03300 (2024).

    Examples
    --------
    >>> grpo_advantage([1.0, 0.0, 0.0, 1.0]).round(4).tolist()
    [[0.866, -0.866, -0.866, 0.866]]
    """
    func = "grpo_advantage"
    r = _groups(rewards, "rewards", func)
    eps = check_real(eps, "eps", low=0.0, low_open=True, func=func)
    centred = r - r.mean(axis=1, keepdims=True)
    return centred / (r.std(axis=1, ddof=1, keepdims=True) + eps)


def dr_grpo_advantage(rewards: Any, *, max_length: float = 1.0) -> np.ndarray:
    """Dr.GRPO advantage: A_i = (r_i - mean(r)) / L_max within each group.

    Parameters
    ----------
    rewards : array of shape (n_groups, G) or (G,)
        One scalar reward per response; G >= 2.
    max_length : float, default 1.0
        The constant L_max that replaces GRPO's per-response length
        normalisation (the maximum response length, 8192 in the CANON launch
        scripts); > 0. It rescales every advantage equally.

    Returns
    -------
    numpy.ndarray of shape (n_groups, G)

    Notes
    -----
    No standard-deviation normalisation and no per-response length
    normalisation: the policy gradient is unbiased for the expected reward,
    with the group mean as a (slightly response-dependent) baseline.

    References
    ----------
    Liu et al., arXiv:2503.20783 (2025).

    Examples
    --------
    >>> dr_grpo_advantage([[1, 0, 0, 1], [1, 1, 1, 0]]).tolist()
    [[0.5, -0.5, -0.5, 0.5], [0.25, 0.25, 0.25, -0.75]]
    """
    func = "dr_grpo_advantage"
    r = _groups(rewards, "rewards", func)
    max_length = check_real(max_length, "max_length", low=0.0, low_open=True, func=func)
    return (r - r.mean(axis=1, keepdims=True)) / max_length


def _high_half(m: np.ndarray) -> np.ndarray:
    order = np.argsort(m, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(m.shape[1])[None, :].repeat(m.shape[0], axis=0), axis=1)
    return ranks >= m.shape[1] // 2


def metric_halves(metric: Any) -> np.ndarray:
    """CANON's median split: True for the responses in the high-metric half C+ of their group.

    Parameters
    ----------
    metric : array of shape (n_groups, G) or (G,)
        The response metric (mean token entropy, length, ...); G >= 2.

    Returns
    -------
    numpy.ndarray of bool, shape (n_groups, G)
        Within a group, sorted by the metric (stably: ties keep their order),
        the first ``G // 2`` responses form the low half C- and the rest the
        high half C+, so C+ has one more response when G is odd.

    Examples
    --------
    >>> metric_halves([3.0, 1.0, 2.0, 2.0]).tolist()
    [[True, False, False, True]]
    """
    return _high_half(_groups(metric, "metric", "metric_halves"))


def canon_advantage(rewards: Any, metric: Any, *, mu: float = 1.0, alpha: float = 1.0, beta: float = 0.0,
                    variant: str = "entropy", max_length: float = 1.0) -> np.ndarray:
    """CANON conditional advantage: compare each response with the other metric half and with its own.

    Within a group, :func:`metric_halves` splits the responses into C- and C+
    with mean rewards r̄- and r̄+. With the ``"entropy"`` variant

    * i in C+: A_i = [mu (r_i - alpha r̄- + beta) + (1 - mu)(r_i - r̄+)] / L_max,
    * i in C-: A_i = [mu (alpha r_i - r̄+ - beta) + (1 - mu)(r_i - r̄-)] / L_max;

    the ``"length"`` variant moves alpha to the other term of each inter bracket:
    (alpha r_i - r̄- + beta) in C+ and (r_i - alpha r̄+ - beta) in C-. The first
    bracket is the inter-group comparison (with the other half), the second the
    intra-group one (with the own half).

    Parameters
    ----------
    rewards : array of shape (n_groups, G) or (G,)
        One scalar reward per response; G >= 2.
    metric : array of the same shape
        The metric the group is split on: the response's mean token entropy
        or its length.
    mu : float in [0, 1], default 1.0
        Weight of the inter-group term: 1 is CANON-Inter (the launch default),
        0 is CANON-Intra.
    alpha : float, default 1.0
        Weight inside the inter term (the paper's Eq. 8; 1 in the launch scripts).
    beta : float, default 0.0
        Offset favouring C+ (beta > 0) or C- (beta < 0).
    variant : {"entropy", "length"}, default "entropy"
        Where alpha enters, as in the reference code's entropy and length
        estimators; the two agree when alpha = 1.
    max_length : float, default 1.0
        The constant L_max of Dr.GRPO; > 0.

    Returns
    -------
    numpy.ndarray of shape (n_groups, G)

    Notes
    -----
    With mu = 1/2, alpha = 1, beta = 0 and G even, A_i equals the Dr.GRPO
    advantage (r_i - r̄)/L_max exactly: Dr.GRPO is the average of the inter
    and intra comparisons. With G odd the halves differ in size and the
    identity fails. With alpha = 1, beta = 0 the inter terms of C+ sum to
    n+(r̄+ - r̄-), twice what Dr.GRPO gives C+ when the halves are equal; the
    advantages of a group sum to (n+ - n-)(r̄+ - r̄-) mu, zero for G even.
    The split needs no assumption about which direction of the metric is
    rewarded: that is read from the rewards of each group.
    Paper-faithful settings: mu = 1, alpha = 1, beta = 0, G = 16,
    max_length = 8192 (the launch scripts).

    References
    ----------
    Chen et al., arXiv:2509.23962 (2025); reference code
    https://github.com/biuboomc/CANON (``verl/trainer/ppo/core_algos.py``).

    Examples
    --------
    >>> r, m = [1.0, 0.0, 1.0, 1.0], [0.1, 0.2, 0.9, 0.8]   # the high-metric half is always right
    >>> canon_advantage(r, m, mu=1.0).tolist()
    [[0.0, -1.0, 0.5, 0.5]]
    >>> canon_advantage(r, m, mu=0.5).tolist() == dr_grpo_advantage(r).tolist()
    True
    """
    func = "canon_advantage"
    r = _groups(rewards, "rewards", func)
    m = _groups(metric, "metric", func)
    if m.shape != r.shape:
        raise ValueError(f"The 'metric' parameter of {func} must have the shape of 'rewards' {r.shape}. "
                         f"Got shape {m.shape} instead.")
    mu = check_real(mu, "mu", low=0.0, high=1.0, func=func)
    alpha = check_real(alpha, "alpha", func=func)
    beta = check_real(beta, "beta", func=func)
    check_choice(variant, "variant", {"entropy", "length"}, func=func)
    max_length = check_real(max_length, "max_length", low=0.0, low_open=True, func=func)

    high = _high_half(m)
    n_high = high.sum(axis=1, keepdims=True)
    n_low = r.shape[1] - n_high
    mean_high = np.where(high, r, 0.0).sum(axis=1, keepdims=True) / n_high
    mean_low = np.where(~high, r, 0.0).sum(axis=1, keepdims=True) / n_low
    if variant == "entropy":
        inter_high = r - alpha * mean_low + beta
        inter_low = alpha * r - mean_high - beta
    else:
        inter_high = alpha * r - mean_low + beta
        inter_low = r - alpha * mean_high - beta
    inter = np.where(high, inter_high, inter_low)
    intra = r - np.where(high, mean_high, mean_low)
    return (mu * inter + (1.0 - mu) * intra) / max_length
