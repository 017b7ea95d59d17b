"""Minimum-entropy couplings, their bounds, and the entropy-bounded information encoder.

A *coupling* of marginals p_1, ..., p_m is a joint law whose marginals are
the p_i. Among all couplings, the one of least joint entropy (the minimum
entropy coupling, MEC) is NP-hard to find; for two marginals it is the
coupling of largest mutual information, since I(X;Y) = H(p) + H(q) - H(X,Y).

This module gives

* ``greedy_coupling`` / ``greedy_coupling_sparse``: the greedy coupling of
  Kocaoglu et al. [1]_ for any number of marginals, in O(N log N) time for
  N = total support size (a heap per marginal);
* ``majorization_meet`` and ``coupling_entropy_bounds``: the majorization
  lower bound H(p_1 ∧ ... ∧ p_m) ≤ H(OPT) [2]_ and the guarantees of the
  greedy coupling: H(greedy) ≤ H(∧) + log2(e) bits for any m [3]_,
  H(greedy) ≤ H(OPT) + log2(e)/e bits for m = 2 and
  H(greedy) ≤ H(OPT) + (1 + log2 e)/2 bits for any m [4]_;
* ``minimum_entropy_coupling_exact``: the exact MEC of two small marginals by
  enumerating the vertices of the transportation polytope (a concave function
  attains its minimum over a polytope at a vertex);
* the entropy-bounded information maximisation (EBIM) encoder of the minimum
  entropy coupling with bottleneck [5]_: ``ebim_greedy`` (a deterministic
  merge with the additive guarantee I ≥ R - h(p_2)),
  ``ebim_best_partition`` (exhaustive over set partitions, small alphabets)
  and ``ebim_frontier`` (the sweep of the local moves of [5]_, Thm. 3, from
  every deterministic map).

Every entropy is in nats unless ``base`` says otherwise (``base=2`` for bits).

References
----------
.. [1] M. Kocaoglu, A. G. Dimakis, S. Vishwanath, B. Hassibi, "Entropic causal
   inference", AAAI 2017, arXiv:1611.04035.
.. [2] F. Cicalese, L. Gargano, U. Vaccaro, "Minimum-entropy couplings and
   their applications", IEEE Trans. Inf. Theory 65(6), 3436-3451 (2019),
   arXiv:1901.07530.
.. [3] S. Compton, "A tighter approximation guarantee for greedy minimum
   entropy coupling", ISIT 2022, arXiv:2203.05108.
.. [4] S. Compton, D. Katz, B. Qi, K. Greenewald, M. Kocaoglu, "Minimum-entropy
   coupling approximation guarantees beyond the majorization barrier",
   AISTATS 2023, arXiv:2302.11838.
.. [5] M. R. Ebrahimi, J. Chen, A. Khisti, "Minimum entropy coupling with
   bottleneck", NeurIPS 2024, arXiv:2410.21666.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._deprecation import KeyAccessDeprecated
from ..validation import check_array, check_int, check_probabilities, check_real, log_base
from .discrete import entropy

__all__ = [
    "greedy_coupling",
    "greedy_coupling_sparse",
    "majorization_meet",
    "CouplingEntropyBoundsResult",
    "coupling_entropy_bounds",
    "minimum_entropy_coupling_exact",
    "set_partitions",
    "ebim_greedy",
    "ebim_best_partition",
    "ebim_frontier",
    "GREEDY_MEET_GAP_BITS",
    "GREEDY_OPT_GAP_TWO_BITS",
    "GREEDY_OPT_GAP_MANY_BITS",
]

#: H(greedy) - H(p_1 ∧ ... ∧ p_m) ≤ log2(e) bits (= 1 nat), any m; tight for the meet bound [3].
GREEDY_MEET_GAP_BITS = math.log2(math.e)
#: H(greedy) - H(OPT) ≤ log2(e)/e ≈ 0.531 bits for two marginals [4].
GREEDY_OPT_GAP_TWO_BITS = math.log2(math.e) / math.e
#: H(greedy) - H(OPT) ≤ (1 + log2 e)/2 ≈ 1.221 bits for any number of marginals [4].
GREEDY_OPT_GAP_MANY_BITS = (1.0 + math.log2(math.e)) / 2.0


def _marginals(marginals: tuple, func: str, min_count: int = 2) -> list[np.ndarray]:
    if len(marginals) < min_count:
        raise ValueError(
            f"The 'marginals' parameter of {func} must hold at least {min_count} probability vectors. "
            f"Got {len(marginals)} instead."
        )
    out = []
    for k, p in enumerate(marginals):
        arr = np.asarray(check_probabilities(p, f"marginals[{k}]", func=func, ndim=1), dtype=np.float64)
        out.append(arr)
    return out


# ---------------------------------------------------------------------------
# Greedy coupling
# ---------------------------------------------------------------------------

def _sorted_support(p: np.ndarray) -> tuple[list[float], list[int]]:
    """Positive masses in decreasing order, ties by increasing index (the order a max-heap pops them)."""
    idx = np.flatnonzero(p > 0)
    order = idx[np.lexsort((idx, -p[idx]))]
    return p[order].tolist(), order.tolist()


def _greedy_two(p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Untouched masses are read from the two sorted lists with a pointer each; only the
    # remainders left by earlier steps go into a (usually small) heap per marginal. The
    # largest remaining mass is the larger of the next sorted mass and the heap's top.
    vp, ip = _sorted_support(p)
    vq, iq = _sorted_support(q)
    a = b = 0
    rp: list[tuple[float, int]] = []
    rq: list[tuple[float, int]] = []
    rows: list[int] = []
    cols: list[int] = []
    mass: list[float] = []
    push, pop = heapq.heappush, heapq.heappop
    np_, nq_ = len(vp), len(vq)
    while True:
        if a < np_ and not (rp and (-rp[0][0] > vp[a] or (-rp[0][0] == vp[a] and rp[0][1] < ip[a]))):
            x, i, rem_x = vp[a], ip[a], False
        elif rp:
            x, i, rem_x = -rp[0][0], rp[0][1], True
        else:
            break
        if b < nq_ and not (rq and (-rq[0][0] > vq[b] or (-rq[0][0] == vq[b] and rq[0][1] < iq[b]))):
            y, j, rem_y = vq[b], iq[b], False
        elif rq:
            y, j, rem_y = -rq[0][0], rq[0][1], True
        else:
            break
        r = x if x < y else y
        rows.append(i)
        cols.append(j)
        mass.append(r)
        if rem_x:
            pop(rp)
        else:
            a += 1
        if x - r > 0:
            push(rp, (r - x, i))
        if rem_y:
            pop(rq)
        else:
            b += 1
        if y - r > 0:
            push(rq, (r - y, j))
    index = np.column_stack([np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)])
    return index, np.asarray(mass, dtype=np.float64)


def _greedy_many(ms: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    heaps = []
    for p in ms:
        h = [(-float(v), i) for i, v in enumerate(p) if v > 0]
        heapq.heapify(h)
        heaps.append(h)
    cells: list[tuple[int, ...]] = []
    mass: list[float] = []
    while all(heaps):
        tops = [h[0] for h in heaps]
        r = min(-t[0] for t in tops)
        cells.append(tuple(t[1] for t in tops))
        mass.append(r)
        for h, (neg, i) in zip(heaps, tops, strict=True):
            rest = -neg - r
            if rest > 0:
                heapq.heapreplace(h, (-rest, i))
            else:
                heapq.heappop(h)
    return np.asarray(cells, dtype=np.int64).reshape(-1, len(ms)), np.asarray(mass, dtype=np.float64)


def greedy_coupling_sparse(*marginals: Any) -> tuple[np.ndarray, np.ndarray]:
    """Greedy minimum-entropy coupling of two or more marginals, as a list of cells.

    At each step the largest remaining mass of every marginal is taken, the
    smallest of these, r, is put on the joint cell that they index, and r is
    subtracted from each of them [1]_. Every step empties at least one mass,
    so there are at most N - m + 1 cells for N = total support size. The
    cost is O(N log N): for two marginals, a sort of each plus a heap holding
    only the remainders of earlier steps; for more, one heap per marginal.

    Parameters
    ----------
    *marginals : array_like
        Two or more 1-D probability vectors (each non-negative, summing to 1
        within 1e-9; never renormalised).

    Returns
    -------
    index : ndarray of int64, shape (k, m)
        The joint cells (one row per cell, one column per marginal).
    mass : ndarray of float64, shape (k,)
        Their probabilities (all > 0).

    Notes
    -----
    Ties go to the smaller index, so the result is deterministic. The joint
    reproduces each marginal up to floating-point rounding (differences of
    the order of 1e-16 per cell); if the marginals' sums differ (they may, by
    up to 1e-9), the loop stops when the first marginal runs out and the
    joint misses that difference. Use :func:`greedy_coupling` for a dense
    table of small alphabets.

    References
    ----------
    .. [1] M. Kocaoglu et al., "Entropic causal inference", AAAI 2017, arXiv:1611.04035.

    Examples
    --------
    >>> idx, mass = greedy_coupling_sparse([0.5, 0.5], [0.5, 0.25, 0.25])
    >>> idx.tolist(), mass.tolist()
    ([[0, 0], [1, 1], [1, 2]], [0.5, 0.25, 0.25])
    """
    ms = _marginals(marginals, "greedy_coupling_sparse")
    if len(ms) == 2:
        return _greedy_two(ms[0], ms[1])
    return _greedy_many(ms)


def greedy_coupling(*marginals: Any) -> np.ndarray:
    """Greedy minimum-entropy coupling as a dense joint table of shape (n_1, ..., n_m).

    See :func:`greedy_coupling_sparse` for the algorithm [1]_; this wraps its
    cells into a dense array, so it is for small alphabets (the table has
    n_1 · ... · n_m cells; more than 10^8 raises).

    Parameters
    ----------
    *marginals : array_like
        Two or more 1-D probability vectors.

    Returns
    -------
    ndarray
        The joint law; ``joint.sum(axis=others)`` gives back each marginal
        up to rounding.

    Notes
    -----
    The greedy coupling is not the minimum-entropy coupling in general, but its
    entropy is within the gaps of :func:`coupling_entropy_bounds` of it (at most
    log2(e)/e ≈ 0.53 bits above the optimum for two marginals). It has at most
    Σ_i n_i − m + 1 non-zero cells, so the dense table is mostly zeros for large
    alphabets; memory is n_1 · ... · n_m floats.

    References
    ----------
    .. [1] M. Kocaoglu et al., "Entropic causal inference", AAAI 2017, arXiv:1611.04035.

    Examples
    --------
    >>> greedy_coupling([0.6, 0.4], [0.6, 0.4]).tolist()
    [[0.6, 0.0], [0.0, 0.4]]
    """
    ms = _marginals(marginals, "greedy_coupling")
    shape = tuple(len(p) for p in ms)
    if math.prod(shape) > 10**8:
        raise ValueError(
            f"The 'marginals' parameter of greedy_coupling gives a dense table of {math.prod(shape)} cells "
            "(more than 1e8). Use greedy_coupling_sparse instead."
        )
    index, mass = (_greedy_two(*ms) if len(ms) == 2 else _greedy_many(ms))
    joint = np.zeros(shape, dtype=np.float64)
    np.add.at(joint, tuple(index.T), mass)
    return joint


# ---------------------------------------------------------------------------
# Bounds
# ---------------------------------------------------------------------------

def majorization_meet(*marginals: Any) -> np.ndarray:
    """The greatest lower bound p_1 ∧ ... ∧ p_m in the majorization lattice.

    With every marginal sorted in decreasing order and padded with zeros to a
    common length, the meet's partial sums are the minima of the marginals'
    partial sums: Σ_{i≤k} (∧)_i = min_j Σ_{i≤k} p_j↓(i) [1]_. Every coupling's
    joint law is majorised by the meet, hence H(coupling) ≥ H(∧).

    Parameters
    ----------
    *marginals : array_like
        One or more 1-D probability vectors.

    Returns
    -------
    ndarray
        The meet, sorted in decreasing order (length = longest marginal).

    Notes
    -----
    The meet is a probability vector, but in general not a coupling of the
    marginals, so H(∧) is a lower bound that need not be attained. For one
    marginal it is that marginal sorted. Cost O(Σ_i n_i log n_i).

    References
    ----------
    .. [1] F. Cicalese, L. Gargano, U. Vaccaro, "Minimum-entropy couplings and
       their applications", IEEE Trans. Inf. Theory 65(6) (2019), arXiv:1901.07530.

    Examples
    --------
    >>> majorization_meet([0.7, 0.3], [0.5, 0.5]).tolist()
    [0.5, 0.5]
    """
    ms = _marginals(marginals, "majorization_meet", min_count=1)
    n = max(len(p) for p in ms)
    partial = np.full(n, np.inf)
    for p in ms:
        c = np.cumsum(np.sort(p)[::-1])
        c = np.concatenate([c, np.full(n - len(c), c[-1])])
        partial = np.minimum(partial, c)
    meet = np.diff(np.concatenate([[0.0], partial]))
    # the min of concave partial-sum curves is concave, so the meet is non-increasing
    # and non-negative; rounding can only leave values of order 1e-17 below 0
    return np.where(meet < 0, 0.0, meet)


@dataclass(frozen=True)
class CouplingEntropyBoundsResult(KeyAccessDeprecated):
    """Bounds on coupling entropies from :func:`coupling_entropy_bounds`, all in the unit of ``base``.

    Attributes
    ----------
    max_marginal : float
        max_i H(p_i): every coupling has at least the entropy of each marginal.
    meet : float
        H(p_1 ∧ ... ∧ p_m), the majorization lower bound on H(OPT) (≥ ``max_marginal``).
    greedy_upper : float
        H(∧) + log2(e) bits, an upper bound on the entropy of the greedy coupling, any m.
    independent : float
        Σ_i H(p_i), the entropy of the product coupling: the largest of any coupling.
    opt_gap : float
        The proven bound on H(greedy) - H(OPT): log2(e)/e bits for two marginals,
        (1 + log2 e)/2 bits for more.
    """

    max_marginal: float
    meet: float
    greedy_upper: float
    independent: float
    opt_gap: float


def coupling_entropy_bounds(*marginals: Any, base: float | str = "e") -> CouplingEntropyBoundsResult:
    """Known bounds on the entropy of the minimum-entropy and greedy couplings.

    Parameters
    ----------
    *marginals : array_like
        Two or more 1-D probability vectors.
    base : float or "e", default "e"
        Logarithm base of the results (nats by default).

    Returns
    -------
    CouplingEntropyBoundsResult
        ``max_marginal``: max_i H(p_i) (a coupling has at least the entropy
        of each of its marginals); ``meet``: H(p_1 ∧ ... ∧ p_m) ≥
        ``max_marginal``, a lower bound on H(OPT) [1]_; ``greedy_upper``:
        H(∧) + log2(e) bits, an upper bound on H(greedy) for any m [2]_;
        ``independent``: Σ_i H(p_i), the entropy of the product coupling (the
        maximum); ``opt_gap``: the proven bound on H(greedy) - H(OPT),
        log2(e)/e bits for m = 2 and (1 + log2 e)/2 bits otherwise [3]_.
        Read the fields as attributes (``b.meet``); ``b["meet"]`` is deprecated.

    Notes
    -----
    The bounds are stated in bits in the papers and converted to the unit of
    ``base`` here. They bracket H(OPT) without computing it:
    ``meet`` ≤ H(OPT) ≤ H(greedy) ≤ ``greedy_upper``, and ``independent`` is
    the largest entropy any coupling can have. For two marginals,
    I(X;Y) = H(p) + H(q) − H(coupling) turns them into bounds on the largest
    mutual information.

    References
    ----------
    .. [1] F. Cicalese, L. Gargano, U. Vaccaro, IEEE Trans. Inf. Theory 65(6) (2019), arXiv:1901.07530.
    .. [2] S. Compton, ISIT 2022, arXiv:2203.05108.
    .. [3] S. Compton, D. Katz, B. Qi, K. Greenewald, M. Kocaoglu, AISTATS 2023, arXiv:2302.11838.

    Examples
    --------
    >>> b = coupling_entropy_bounds([0.5, 0.5], [0.5, 0.5], base=2)
    >>> b.meet, b.independent
    (1.0, 2.0)
    """
    ms = _marginals(marginals, "coupling_entropy_bounds")
    scale = log_base(base, "coupling_entropy_bounds")
    h_meet = entropy(majorization_meet(*ms)) / scale
    bits = math.log(2.0) / scale  # one bit in the requested unit
    return CouplingEntropyBoundsResult(
        max_marginal=max(entropy(p) for p in ms) / scale,
        meet=h_meet,
        greedy_upper=h_meet + GREEDY_MEET_GAP_BITS * bits,
        independent=sum(entropy(p) for p in ms) / scale,
        opt_gap=(GREEDY_OPT_GAP_TWO_BITS if len(ms) == 2 else GREEDY_OPT_GAP_MANY_BITS) * bits,
    )


# ---------------------------------------------------------------------------
# Exact minimum-entropy coupling of two small marginals
# ---------------------------------------------------------------------------

def minimum_entropy_coupling_exact(p: Any, q: Any, *, max_bases: int = 2_500_000,
                                   chunk: int = 50_000) -> np.ndarray:
    """Exact minimum-entropy coupling of two small marginals by vertex enumeration.

    The entropy is concave, so its minimum over the transportation polytope
    {J ≥ 0 : J 1 = p, Jᵀ 1 = q} is attained at a vertex. Every vertex is a
    basic feasible solution: a set of n_p + n_q - 1 cells whose columns of the
    constraint matrix are independent (a spanning tree of the complete
    bipartite graph) and whose unique solution is non-negative. This
    function tries every such set and keeps the vertex of least entropy.

    Parameters
    ----------
    p, q : array_like
        1-D probability vectors. Zero entries are removed first (they carry
        no cell) and put back as zero rows/columns.
    max_bases : int, default 2_500_000
        Refuse when C(n_p n_q, n_p + n_q - 1) candidate bases exceed this
        (5 × 5 has 2 042 975; each costs one small linear solve).
    chunk : int, default 50_000
        Candidate bases solved per batch (memory ~ chunk · k² · 8 bytes).

    Returns
    -------
    ndarray, shape (len(p), len(q))
        An optimal coupling (ties: the first vertex met in lexicographic order
        of the cell sets).

    Notes
    -----
    Solutions below zero by less than 1e-12 (rounding in the solve) count as
    vertices and are set to 0 in the returned table; the table's marginals
    then match p and q within 1e-12.

    References
    ----------
    Cicalese, Gargano, Vaccaro (2019), arXiv:1901.07530 (MEC is NP-hard; this
    exhaustive search is exponential and meant for checking heuristics).

    Examples
    --------
    >>> joint = minimum_entropy_coupling_exact([0.5, 0.25, 0.25], [0.75, 0.25])
    >>> float(entropy(joint, base=2))  # = H(p): q is a merge of p
    1.5
    """
    func = "minimum_entropy_coupling_exact"
    p_arr = np.asarray(check_probabilities(p, "p", func=func, ndim=1), dtype=np.float64)
    q_arr = np.asarray(check_probabilities(q, "q", func=func, ndim=1), dtype=np.float64)
    max_bases = check_int(max_bases, "max_bases", low=1, func=func)
    chunk = check_int(chunk, "chunk", low=1, func=func)
    ip, iq = np.flatnonzero(p_arr > 0), np.flatnonzero(q_arr > 0)
    ps, qs = p_arr[ip], q_arr[iq]
    m, n = len(ps), len(qs)
    k = m + n - 1
    n_bases = math.comb(m * n, k)
    if n_bases > max_bases:
        raise ValueError(
            f"The 'max_bases' parameter of {func} allows {max_bases} candidate bases; marginals with supports "
            f"{m} and {n} need {n_bases}. Use smaller alphabets or raise max_bases."
        )
    # constraint matrix: rows 0..m-1 row sums, rows m..m+n-2 column sums (last one is redundant)
    cells = [(i, j) for i in range(m) for j in range(n)]
    a_full = np.zeros((k, m * n))
    for c, (i, j) in enumerate(cells):
        a_full[i, c] = 1.0
        if j < n - 1:
            a_full[m + j, c] = 1.0
    rhs = np.concatenate([ps, qs[:-1]])
    best_h, best_x, best_s = np.inf, None, None
    combos = itertools.combinations(range(m * n), k)
    while True:
        block = np.fromiter(itertools.chain.from_iterable(itertools.islice(combos, chunk)), dtype=np.int64)
        if block.size == 0:
            break
        block = block.reshape(-1, k)
        mats = a_full[:, block].transpose(1, 0, 2)  # (b, k, k)
        det = np.linalg.det(mats)
        ok = np.abs(det) > 0.5  # basis matrices of a transportation problem are unimodular: det = ±1 or 0
        if not ok.any():
            continue
        sol = np.linalg.solve(mats[ok], np.broadcast_to(rhs, (int(ok.sum()), k))[..., None])[..., 0]
        feasible = np.all(sol > -1e-12, axis=1)
        if not feasible.any():
            continue
        sol = np.where(sol[feasible] < 0, 0.0, sol[feasible])
        with np.errstate(divide="ignore", invalid="ignore"):
            h = -np.sum(np.where(sol > 0, sol * np.log(np.where(sol > 0, sol, 1.0)), 0.0), axis=1)
        arg = int(np.argmin(h))
        if h[arg] < best_h - 1e-15:
            best_h, best_x, best_s = float(h[arg]), sol[arg], block[ok][feasible][arg]
    joint = np.zeros((len(p_arr), len(q_arr)))
    for c, val in zip(best_s, best_x, strict=True):
        i, j = cells[c]
        joint[ip[i], iq[j]] = val
    return joint


# ---------------------------------------------------------------------------
# Entropy-bounded information maximisation (EBIM)
# ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _restricted_growth_strings(n: int) -> np.ndarray:
    out: list[list[int]] = []

    def grow(prefix: list[int], top: int) -> None:
        if len(prefix) == n:
            out.append(prefix.copy())
            return
        for b in range(top + 2):
            prefix.append(b)
            grow(prefix, max(top, b))
            prefix.pop()

    grow([0], 0)
    arr = np.asarray(out, dtype=np.int64)
    arr.setflags(write=False)
    return arr


def set_partitions(n: int) -> np.ndarray:
    """All set partitions of {0, ..., n-1} as restricted-growth label vectors.

    Row r gives the block label of each element, with block labels in order
    of first appearance (so each partition appears once). There are Bell(n)
    rows: 1, 1, 2, 5, 15, 52, 203, 877, 4140, 21147 for n = 0..9.

    Parameters
    ----------
    n : int
        Number of elements, 1 ≤ n ≤ 10.

    Returns
    -------
    ndarray of int64, shape (Bell(n), n)
        Read-only.

    Notes
    -----
    Rows are listed in lexicographic order of their restricted-growth strings
    (a_0 = 0, a_i ≤ 1 + max(a_0, ..., a_{i−1})). The result is cached, hence
    read-only; copy it before editing. Bell(10) = 115975 rows is the limit.

    References
    ----------
    D. E. Knuth, *The Art of Computer Programming*, Vol. 4A, Combinatorial
    Algorithms, Part 1, Addison-Wesley (2011), §7.2.1.5.

    Examples
    --------
    >>> set_partitions(3).tolist()
    [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [0, 1, 2]]
    """
    n = check_int(n, "n", low=1, high=10, func="set_partitions")
    return _restricted_growth_strings(n)


def _check_px(p_x: Any, func: str) -> np.ndarray:
    return np.asarray(check_probabilities(p_x, "p_x", func=func, ndim=1), dtype=np.float64)


def _h_nats(m: np.ndarray) -> float:
    m = m[m > 0]
    return float(-np.sum(m * np.log(m)))


def ebim_greedy(p_x: Any, rate: float, *, base: float | str = "e") -> tuple[np.ndarray, float]:
    """Deterministic EBIM encoder: the most informative merge of X found by absorbing into the mode.

    Entropy-bounded information maximisation asks for max I(X;T) over
    encoders p(t|x) with H(T) ≤ R [1]_. For a deterministic map T = g(X),
    I(X;T) = H(T). This greedy keeps the most probable symbol's cell (the
    *bucket*) and absorbs the other symbols into it one at a time, smallest
    first, and returns the last map of this sequence with H(T) ≤ R. Sorting
    costs O(n log n); the entropies of the sequence come from cumulative sums.

    Guarantee (proved in the notebook ``24-mec-bottleneck``): absorbing a mass
    a into a bucket of mass B (B + a ≤ 1) lowers the entropy by
    a log((B+a)/a) + B log((B+a)/B) ≤ h(a) ≤ h(p_2), with h the binary
    entropy and p_2 the second-largest mass. The sequence runs from H(X) down
    to 0 in steps of at most h(p_2), so its first map with H(T) ≤ R has
    H(T) ≥ min(R, H(X)) - h(p_2) ≥ I_EBIM(R) - h(p_2): the form of the
    paper's Thm. 2. A second candidate sequence, Huffman merging (the two
    lightest cells merge first), often lands closer to R; the better of the
    two candidates is returned, so the guarantee still holds.

    Parameters
    ----------
    p_x : array_like
        1-D probability vector of X.
    rate : float
        The entropy budget R ≥ 0, in the unit given by ``base``.
    base : float or "e", default "e"
        Unit of ``rate`` and of the returned information: "e" gives nats, 2 gives bits.

    Returns
    -------
    mapping : ndarray of int64, shape (n,)
        g(x) for every symbol (cell labels 0..k-1, the bucket is 0).
    information : float
        I(X;T) = H(T) of that map, in the unit of ``base``.

    Notes
    -----
    The paper's own Algorithm 1 listing could not be consulted; this is an
    independent greedy with a guarantee of the same form, not a transcription.
    Symbols of probability 0 stay in cells of their own (they add no entropy).

    References
    ----------
    .. [1] M. R. Ebrahimi, J. Chen, A. Khisti, "Minimum entropy coupling with
       bottleneck", NeurIPS 2024, arXiv:2410.21666.

    Examples
    --------
    >>> g, info = ebim_greedy([0.7, 0.2, 0.1], rate=0.9, base=2)  # Huffman: {0}, {1, 2}
    >>> g.tolist(), round(info, 4)
    ([0, 1, 1], 0.8813)
    >>> g, info = ebim_greedy([0.7, 0.2, 0.1], rate=0.8, base=2)  # absorbing: {0, 2}, {1}
    >>> g.tolist(), round(info, 4)
    ([0, 1, 0], 0.7219)
    """
    func = "ebim_greedy"
    p = _check_px(p_x, func)
    scale = log_base(base, func)
    r = check_real(rate, "rate", low=0.0, func=func) * scale
    n = len(p)
    order = np.argsort(-p, kind="stable")
    mode, others = order[0], order[1:]
    rest = others[::-1]  # ascending: absorbed first
    masses = p[rest]
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(masses > 0, -masses * np.log(np.where(masses > 0, masses, 1.0)), 0.0)
    # after absorbing k of them (k = 0..n-1): bucket = p[mode] + cumsum, entropy of the rest = tail sums
    bucket = p[mode] + np.concatenate([[0.0], np.cumsum(masses)])
    tail = np.concatenate([np.cumsum(plogp[::-1])[::-1], [0.0]])
    with np.errstate(divide="ignore", invalid="ignore"):
        h_bucket = np.where(bucket > 0, -bucket * np.log(np.where(bucket > 0, bucket, 1.0)), 0.0)
    h_seq = h_bucket + tail  # h_seq[k] = H(T) after absorbing k symbols; h_seq[n-1] = 0
    ok = np.flatnonzero(h_seq <= r + 1e-13)
    k = int(ok[0])  # h_seq[-1] = 0 ≤ r, so ok is never empty
    mapping = np.empty(n, dtype=np.int64)
    mapping[mode] = 0
    mapping[rest[:k]] = 0
    mapping[rest[k:]] = np.arange(1, n - k)
    h_best = float(h_seq[k])
    huff_map, huff_h = _huffman_candidate(p, r)
    if huff_h > h_best + 1e-15:
        mapping, h_best = huff_map, huff_h
    return mapping, h_best / scale


def _huffman_candidate(p: np.ndarray, r: float) -> tuple[np.ndarray, float]:
    """First map of the Huffman merge sequence (lightest two cells merge) with H(T) ≤ r, in nats."""
    n = len(p)
    members = {i: [i] for i in range(n)}
    heap = [(float(p[i]), i) for i in range(n)]
    heapq.heapify(heap)
    h = _h_nats(p)
    while h > r + 1e-13 and len(heap) > 1:
        a, i = heapq.heappop(heap)
        b, j = heapq.heappop(heap)
        c = a + b
        h -= _xlogx_scalar(c) - _xlogx_scalar(a) - _xlogx_scalar(b)
        if len(members[i]) < len(members[j]):
            i, j = j, i
        members[i] += members.pop(j)
        heapq.heappush(heap, (c, i))
    mapping = np.empty(n, dtype=np.int64)
    for label, root in enumerate(sorted(members, key=lambda x: min(members[x]))):
        mapping[members[root]] = label
    h_map = _h_nats(np.bincount(mapping, weights=p))  # recomputed: no drift from the running sum
    return mapping, (h_map if h_map <= r + 1e-13 else -1.0)


def _xlogx_scalar(v: float) -> float:
    return v * math.log(v) if v > 0 else 0.0


def ebim_best_partition(p_x: Any, rate: float, *, base: float | str = "e") -> tuple[np.ndarray, float]:
    """Best deterministic EBIM encoder by enumerating every set partition of the alphabet.

    Returns the map g with the largest H(g(X)) ≤ R; exponential (Bell(n)
    partitions), for n ≤ 10. It is the exact optimum over deterministic
    encoders, a lower bound on I_EBIM(R) and equal to it when R is one of the
    achievable H(g(X)) ([1]_, Thm. 1).

    Parameters
    ----------
    p_x : array_like
        1-D probability vector of X, length ≤ 10.
    rate : float
        The entropy budget R ≥ 0, in the unit given by ``base``.
    base : float or "e", default "e"
        Unit of ``rate`` and of the returned information: "e" gives nats, 2 gives bits.

    Returns
    -------
    mapping : ndarray of int64, shape (n,)
        g(x) for every symbol, as a restricted-growth label vector.
    information : float
        H(g(X)) of the best map, in the unit of ``base``.

    Notes
    -----
    Exact over deterministic encoders, so it is the reference value for
    :func:`ebim_greedy`; stochastic encoders can do better between achievable
    entropies (:func:`ebim_frontier`). Cost Bell(n) · n: 115975 partitions for
    n = 10. Budgets within 1e-13 nats above an achievable entropy count as met.

    References
    ----------
    .. [1] M. R. Ebrahimi, J. Chen, A. Khisti, NeurIPS 2024, arXiv:2410.21666.

    Examples
    --------
    >>> g, info = ebim_best_partition([0.7, 0.2, 0.1], rate=0.9, base=2)
    >>> g.tolist(), round(info, 4)
    ([0, 1, 1], 0.8813)
    """
    func = "ebim_best_partition"
    p = _check_px(p_x, func)
    if len(p) > 10:
        raise ValueError(f"The 'p_x' parameter of {func} must have at most 10 symbols. Got {len(p)} instead.")
    scale = log_base(base, func)
    r = check_real(rate, "rate", low=0.0, func=func) * scale
    h = _partition_entropies(p)
    parts = _restricted_growth_strings(len(p))
    h_ok = np.where(h <= r + 1e-13, h, -np.inf)
    best = int(np.argmax(h_ok))
    return parts[best].copy(), float(h[best]) / scale


def _partition_entropies(p: np.ndarray) -> np.ndarray:
    parts = _restricted_growth_strings(len(p))
    cell = np.zeros((parts.shape[0], len(p)))
    np.add.at(cell, (np.repeat(np.arange(parts.shape[0]), len(p)), parts.ravel()), np.tile(p, parts.shape[0]))
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.sum(np.where(cell > 0, cell * np.log(np.where(cell > 0, cell, 1.0)), 0.0), axis=1)


def _h_rows(m: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.sum(np.where(m > 0, m * np.log(np.where(m > 0, m, 1.0)), 0.0), axis=-1)


def ebim_frontier(p_x: Any, rates: Any, *, n_steps: int = 2000,
                  base: float | str = "e") -> np.ndarray:
    """EBIM frontier I(R) from the local moves of Thm. 3 of [1]_ swept out of every deterministic map.

    From each deterministic map g (every set partition of the alphabet) two
    one-parameter families of stochastic encoders are swept, with the joint
    table J[x, t] = p(x) 1{g(x) = t}:

    * to raise H(T): the non-zero cell with the smallest column-normalised
      value J[x, t] / p(t) gives a mass δ to a new column in its row;
    * to lower H(T): the smallest cell of the column of least mass gives δ to
      the column of largest mass in its row.

    δ runs over ``n_steps`` points of (0, J[x, t]]. The frontier at R is the
    largest I(X;T) among all swept encoders (and the deterministic maps) with
    H(T) ≤ R; it is a lower bound on I_EBIM(R) by construction, and the
    paper's claim is that it equals it.

    Parameters
    ----------
    p_x : array_like
        1-D probability vector of X, length ≤ 8.
    rates : array_like
        Entropy budgets R ≥ 0 (unit of ``base``).
    n_steps : int, default 2000
        Points per swept family, at least 2.
    base : float or "e", default "e"
        Unit of ``rates`` and of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    ndarray, same length as ``rates``
        The frontier I(R).

    Notes
    -----
    A lower bound on I_EBIM(R) that is only as fine as the δ grid: between grid
    points it is a step function, so raise ``n_steps`` to resolve the curve. At
    R ≥ H(X) it is H(X) and at R = 0 it is 0. Cost grows as Bell(n) · n_steps,
    hence the limit of 8 symbols.

    References
    ----------
    .. [1] M. R. Ebrahimi, J. Chen, A. Khisti, "Minimum entropy coupling with
       bottleneck", NeurIPS 2024, arXiv:2410.21666, Theorem 3.

    Examples
    --------
    >>> f = ebim_frontier([0.5, 0.5], [0.0, 1.0], base=2)
    >>> np.round(f, 6).tolist()
    [0.0, 1.0]
    """
    func = "ebim_frontier"
    p = _check_px(p_x, func)
    if len(p) > 8:
        raise ValueError(f"The 'p_x' parameter of {func} must have at most 8 symbols. Got {len(p)} instead.")
    scale = log_base(base, func)
    r_arr = check_array(rates, "rates", func=func, allow_inf=True)
    if r_arr.ndim != 1 or r_arr.size == 0 or not np.all(np.isfinite(r_arr)) or np.any(r_arr < 0):
        raise ValueError(f"The 'rates' parameter of {func} must be a non-empty 1-D array of finite values ≥ 0. "
                         f"Got {np.asarray(rates)!r} instead.")
    n_steps = check_int(n_steps, "n_steps", low=2, func=func)
    hx = _h_nats(p)
    pts_h: list[np.ndarray] = []
    pts_i: list[np.ndarray] = []
    frac = np.linspace(0.0, 1.0, n_steps + 1)[1:]
    for g in _restricted_growth_strings(len(p)):
        k = int(g.max()) + 1
        joint = np.zeros((len(p), k + 1))  # one spare column for the upward move
        joint[np.arange(len(p)), g] = p
        pt = joint.sum(axis=0)
        pts_h.append(np.array([_h_nats(pt)]))
        pts_i.append(np.array([_h_nats(pt)]))
        nz = np.argwhere(joint[:, :k] > 0)
        if nz.size == 0:
            continue
        # upward move
        norm = joint[nz[:, 0], nz[:, 1]] / pt[nz[:, 1]]
        x, t = nz[int(np.argmin(norm))]
        moves = [(x, t, k)]
        # downward move (needs at least two columns)
        if k > 1:
            t_lo = int(np.argmin(np.where(pt[:k] > 0, pt[:k], np.inf)))
            t_hi = int(np.argmax(pt[:k]))
            if t_lo != t_hi:
                col = joint[:, t_lo]
                rows = np.flatnonzero(col > 0)
                x_lo = int(rows[np.argmin(col[rows])])
                moves.append((x_lo, t_lo, t_hi))
        for x, src, dst in moves:
            delta = frac * joint[x, src]
            tabs = np.broadcast_to(joint, (n_steps,) + joint.shape).copy()
            tabs[:, x, src] -= delta
            tabs[:, x, dst] += delta
            h_t = _h_rows(tabs.sum(axis=1))
            h_joint = _h_rows(tabs.reshape(n_steps, -1))
            pts_h.append(h_t)
            pts_i.append(h_t + hx - h_joint)  # I(X;T) = H(T) + H(X) - H(X,T)
    all_h = np.concatenate(pts_h)
    all_i = np.concatenate(pts_i)
    order = np.argsort(all_h, kind="stable")
    run_max = np.maximum.accumulate(all_i[order])
    pos = np.searchsorted(all_h[order], r_arr * scale + 1e-13, side="right") - 1
    out = np.where(pos >= 0, run_max[np.clip(pos, 0, None)], 0.0)
    return np.abs(out) / scale  # abs: the R = 0 point is -0.0 from H(T) + H(X) - H(X,T)
