"""Finite hypothesis classes of notebook 29 (Altabaa, Montasser & Lafferty, arXiv:2505.15927):
linear autoregressive threshold generators and deterministic finite automata, with
their answers and chain-of-thought traces on every input.

References
----------
.. [1] A. Altabaa, O. Montasser, J. Lafferty, "CoT information: improved sample
   complexity under chain-of-thought supervision", NeurIPS 2025, arXiv:2505.15927.
"""

from __future__ import annotations

import itertools
from typing import NamedTuple

import numpy as np

from ..validation import check_int

__all__ = ["FiniteClass", "linear_threshold_class", "dfa_class", "coarsen_traces", "dfa_target_rates"]


class FiniteClass(NamedTuple):
    """A finite class evaluated on all inputs.

    Attributes
    ----------
    params : numpy.ndarray
        One row per hypothesis (weights, or transition table + accept set).
    inputs : numpy.ndarray of int8, shape (n_inputs, length)
        All binary inputs, in lexicographic order.
    answers : numpy.ndarray of int8, shape (n_hypotheses, n_inputs)
    traces : numpy.ndarray of int8, shape (n_hypotheses, n_inputs, T)
    """

    params: np.ndarray
    inputs: np.ndarray
    answers: np.ndarray
    traces: np.ndarray


def _all_binary(length: int) -> np.ndarray:
    return np.array(list(itertools.product((0, 1), repeat=length)), dtype=np.int8)


def linear_threshold_class(window: int = 8, steps: int = 16, *, strict: bool = True) -> FiniteClass:
    """Linear autoregressive generators with weights in {−1, 0, +1}^window.

    From a binary prompt x ∈ {0,1}^window, hypothesis w emits ``steps``
    tokens, each z_s = 1[⟨w, last ``window`` tokens⟩ > 0] (``≥ 0`` when
    ``strict`` is False), the newest token paired with w[-1]. The trace is the
    whole emitted sequence and the answer is its last token. |H| = 3^window.

    Examples
    --------
    >>> c = linear_threshold_class(2, 3)
    >>> c.answers.shape, c.traces.shape
    ((9, 4), (9, 4, 3))
    """
    func = "linear_threshold_class"
    d = check_int(window, "window", low=1, high=10, func=func)
    t_steps = check_int(steps, "steps", low=1, high=64, func=func)
    weights = np.array(list(itertools.product((-1, 0, 1), repeat=d)), dtype=np.int8)
    prompts = _all_binary(d)
    # score of every window code for every w: table[h, code], code bit i (MSB first) = token i of the window
    codes = _all_binary(d).astype(np.int64)
    table = weights.astype(np.int64) @ codes.T
    fire = table > 0 if strict else table >= 0
    window_code = (prompts.astype(np.int64) * (1 << np.arange(d - 1, -1, -1))).sum(axis=1)
    state = np.broadcast_to(window_code, (weights.shape[0], prompts.shape[0])).copy()
    rows = np.arange(weights.shape[0])[:, None]
    traces = np.empty((weights.shape[0], prompts.shape[0], t_steps), dtype=np.int8)
    mask = (1 << d) - 1
    for s in range(t_steps):
        bit = fire[rows, state]
        traces[:, :, s] = bit
        state = ((state << 1) | bit) & mask
    return FiniteClass(weights, prompts, traces[:, :, -1].copy(), traces)


def dfa_class(n_states: int = 3, length: int = 8) -> FiniteClass:
    """All DFAs over {0, 1} with states 0..n_states−1, start state 0, any accept set.

    |H| = n_states^(2·n_states) · 2^n_states. The answer is membership of the
    input string; the trace is the sequence of states visited after each
    symbol (``length`` entries, the last one the final state).

    ``params`` rows are (δ(0,0), δ(0,1), δ(1,0), ..., accept bits).

    Examples
    --------
    >>> c = dfa_class(2, 3)
    >>> c.answers.shape, c.traces.shape
    ((64, 8), (64, 8, 3))
    """
    func = "dfa_class"
    k = check_int(n_states, "n_states", low=1, high=4, func=func)
    n = check_int(length, "length", low=1, high=12, func=func)
    n_tables = k ** (2 * k)
    if n_tables * (2**k) * (2**n) * n > 3e8:
        raise ValueError(f"The 'length' parameter of {func} makes the trace array too large for n_states={k}. Got {n}.")
    tables = np.array(list(itertools.product(range(k), repeat=2 * k)), dtype=np.int8).reshape(n_tables, k, 2)
    strings = _all_binary(n)
    state = np.zeros((n_tables, strings.shape[0]), dtype=np.int8)
    rows = np.arange(n_tables)[:, None]
    runs = np.empty((n_tables, strings.shape[0], n), dtype=np.int8)
    for s in range(n):
        state = tables[rows, state, strings[None, :, s]]
        runs[:, :, s] = state
    accepts = np.array(list(itertools.product((0, 1), repeat=k)), dtype=np.int8)
    answers = accepts[None, :, :][:, :, None, :].repeat(1, axis=0)  # (1, 2^k, 1, k)
    final = runs[:, :, -1]
    ans = np.take_along_axis(np.broadcast_to(answers, (n_tables, 2**k, 1, k)),
                             np.broadcast_to(final[:, None, :, None], (n_tables, 2**k, strings.shape[0], 1)).astype(np.int64),
                             axis=3)[..., 0]
    params = np.concatenate([np.repeat(tables.reshape(n_tables, -1), 2**k, axis=0),
                             np.tile(accepts, (n_tables, 1))], axis=1)
    traces = np.repeat(runs, 2**k, axis=0)
    return FiniteClass(params, strings, ans.reshape(n_tables * 2**k, -1).astype(np.int8), traces)


def coarsen_traces(traces: np.ndarray, every: int) -> np.ndarray:
    """Reveal only every ``every``-th trace entry (always including the last).

    ``every = T`` keeps the final entry only.

    Examples
    --------
    >>> coarsen_traces(np.arange(10).reshape(1, 1, 10), 5).tolist()
    [[[4, 9]]]
    """
    func = "coarsen_traces"
    arr = np.asarray(traces)
    if arr.ndim != 3:
        raise ValueError(f"The 'traces' parameter of {func} must have shape (n_hypotheses, n_inputs, T). Got {arr.shape} instead.")
    k = check_int(every, "every", low=1, high=arr.shape[2], func=func)
    keep = np.arange(arr.shape[2] - 1, -1, -k)[::-1]
    return arr[:, :, keep]


def dfa_target_rates(n_states: int, length: int, target: np.ndarray, reveal_every=(1,), *,
                     chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """E2E disagreement and CoT agreement with one target for every DFA, streamed.

    The same class and hypothesis order as :func:`dfa_class` (row index =
    table index · 2^n_states + accept-set index), under the uniform law on
    {0,1}^length, without holding the traces of the whole class: transition
    tables are run ``chunk`` at a time.

    Parameters
    ----------
    n_states, length : int
    target : array_like of int
        The target's ``params`` row (2·n_states transitions, then n_states accept bits).
    reveal_every : sequence of int
        Trace granularities, as in :func:`coarsen_traces`.
    chunk : int, default 2048

    Returns
    -------
    disagreement : numpy.ndarray, shape (n_hypotheses,)
    agreement : numpy.ndarray, shape (len(reveal_every), n_hypotheses)

    Examples
    --------
    >>> e, a = dfa_target_rates(1, 2, np.array([0, 0, 1]))
    >>> e.tolist(), a.tolist()
    ([1.0, 0.0], [[0.0, 1.0]])
    """
    func = "dfa_target_rates"
    k = check_int(n_states, "n_states", low=1, high=4, func=func)
    n = check_int(length, "length", low=1, high=14, func=func)
    chunk = check_int(chunk, "chunk", low=1, func=func)
    tgt = np.asarray(target)
    if tgt.shape != (3 * k,) or tgt.dtype.kind not in "iu" or tgt[:2 * k].max() >= k or tgt.min() < 0 or tgt[2 * k:].max() > 1:
        raise ValueError(f"The 'target' parameter of {func} must be a params row of length {3 * k} (transitions < {k}, accept bits). Got {target!r} instead.")
    levels = [check_int(v, "reveal_every", low=1, high=n, func=func) for v in reveal_every]
    keeps = [np.arange(n - 1, -1, -v)[::-1] for v in levels]
    strings = _all_binary(n)
    n_x = strings.shape[0]

    def run(tables: np.ndarray) -> np.ndarray:
        state = np.zeros((tables.shape[0], n_x), dtype=np.int8)
        rows = np.arange(tables.shape[0])[:, None]
        out = np.empty((tables.shape[0], n_x, n), dtype=np.int8)
        for s in range(n):
            state = tables[rows, state, strings[None, :, s]]
            out[:, :, s] = state
        return out

    t_run = run(tgt[:2 * k].reshape(1, k, 2).astype(np.int8))[0]
    t_answer = tgt[2 * k:][t_run[:, -1]]
    accepts = np.array(list(itertools.product((0, 1), repeat=k)), dtype=np.int8)
    n_tables = k ** (2 * k)
    e_out = np.empty(n_tables * 2**k)
    a_out = np.empty((len(levels), n_tables * 2**k))
    for start in range(0, n_tables, chunk):
        idx = np.arange(start, min(start + chunk, n_tables))
        digits = (idx[:, None] // (k ** np.arange(2 * k - 1, -1, -1))[None, :]) % k
        runs = run(digits.reshape(-1, k, 2).astype(np.int8))
        final = runs[:, :, -1]
        # answers for every accept set: (tables, accepts, inputs)
        answers = accepts[:, final].transpose(1, 0, 2) if k > 1 else accepts[:, final].transpose(1, 0, 2)
        answer_ok = answers == t_answer[None, None, :]
        rows = slice(start * 2**k, (start + idx.shape[0]) * 2**k)
        e_out[rows] = 1.0 - answer_ok.mean(axis=2).reshape(-1)
        for j, keep in enumerate(keeps):
            trace_ok = np.all(runs[:, :, keep] == t_run[None, :, keep], axis=2)
            a_out[j, rows] = (answer_ok & trace_ok[:, None, :]).mean(axis=2).reshape(-1)
    return e_out, a_out
