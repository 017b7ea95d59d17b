"""Experiments of Delsol et al., "An information theoretic condition for perfect reconstruction".

Exact enumerations behind notebook 03: words of F_2^k seen through linear
forms, the merge-insertion (Ford–Johnson) sort and its comparison count, and
the random stress test of the necessary condition H(X) ≤ Σ_i H(X_i).

References
----------
I. Delsol, O. Rioul, J. Béguinot, V. Rabiet, A. Souloumiac, Entropy 26(1):86
(2024), arXiv:2306.15540. L. R. Ford, S. M. Johnson, "A tournament problem",
Amer. Math. Monthly 66(5), 387-389 (1959).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import product
from typing import Callable, Sequence

import numpy as np

from ..measures.discrete import (
    entropy_from_labels,
    is_function_of,
    rajski_distance,
    reconstructs,
    variation_of_information,
)

__all__ = [
    "gf2_words",
    "gf2_rank",
    "linear_form_views",
    "ceil_log2_factorial",
    "ford_johnson_comparisons",
    "merge_insertion_sort",
    "StressOutcome",
    "stress_trial",
]


def gf2_words(k: int) -> np.ndarray:
    """All 2^k words of F_2^k as rows of a (2^k, k) 0/1 array."""
    return np.array(list(product((0, 1), repeat=k)), dtype=np.int64)


def gf2_rank(rows: np.ndarray) -> int:
    """Rank over F_2 of a 0/1 matrix, by Gaussian elimination."""
    m = (np.array(rows, dtype=np.int64) % 2).copy()
    rank = 0
    n_rows, n_cols = m.shape
    for col in range(n_cols):
        pivot = next((r for r in range(rank, n_rows) if m[r, col]), None)
        if pivot is None:
            continue
        m[[rank, pivot]] = m[[pivot, rank]]
        for r in range(n_rows):
            if r != rank and m[r, col]:
                m[r] ^= m[rank]
        rank += 1
    return rank


def linear_form_views(words: np.ndarray, forms: np.ndarray) -> list[np.ndarray]:
    """The components X_i = <a_i, w> mod 2 of every word w, one label array per form a_i."""
    return [(words @ a) % 2 for a in forms]


def ceil_log2_factorial(n: int) -> int:
    """⌈log2 n!⌉ by exact integer arithmetic: the information-theoretic lower bound for sorting."""
    f = math.factorial(n)
    return (f - 1).bit_length() if f > 1 else 0


def ford_johnson_comparisons(n: int) -> int:
    """Worst-case comparisons of merge insertion: F(n) = Σ_{k=1}^{n} ⌈log2(3k/4)⌉ (Knuth, TAOCP 3, 5.3.1)."""
    total = 0
    for k in range(1, n + 1):
        # ⌈log2(3k/4)⌉ = smallest j with 2^j ≥ 3k/4, i.e. 4·2^j ≥ 3k, in integers.
        j = 0
        while 4 * (1 << j) < 3 * k:
            j += 1
        total += j
    return total


def _insertion_order(n_pending: int) -> list[int]:
    """Order in which pending elements b_2..b_m (1-based) are inserted: groups ending at Jacobsthal-like t_k."""
    order: list[int] = []
    prev, k = 1, 1
    while prev < n_pending:
        t = (2 ** (k + 1) + (-1) ** k) // 3  # 1, 3, 5, 11, 21, 43, ...
        k += 1
        if t <= prev:
            continue
        top = min(t, n_pending)
        order.extend(range(top, prev, -1))
        prev = top
    return order


def merge_insertion_sort(items: Sequence, less: Callable[[object, object], bool]) -> list:
    """Sort ``items`` with the Ford–Johnson merge-insertion algorithm, using only ``less(a, b)``.

    The algorithm runs on the positions 0..n-1 of the items (distinct keys), so equal or
    interned values (small integers, strings) cannot be confused with one another.
    """
    items = list(items)
    order = _merge_insertion(list(range(len(items))), lambda i, j: less(items[i], items[j]))
    return [items[i] for i in order]


def _merge_insertion(keys: list[int], less: Callable[[int, int], bool]) -> list[int]:
    """Merge insertion on distinct integer keys, compared through ``less``."""
    if len(keys) <= 1:
        return keys
    pairs = []
    for i in range(0, len(keys) - 1, 2):
        a, b = keys[i], keys[i + 1]
        pairs.append((b, a) if less(a, b) else (a, b))  # (larger, smaller)
    straggler = keys[-1] if len(keys) % 2 else None
    partner = dict(pairs)
    larger_sorted = _merge_insertion([p[0] for p in pairs], less)
    chain = [partner[larger_sorted[0]], *larger_sorted]
    pending = [partner[big] for big in larger_sorted[1:]]  # b_2, b_3, ...
    if straggler is not None:
        pending.append(straggler)
    bounds = list(larger_sorted[1:]) + ([None] if straggler is not None else [])

    for j in _insertion_order(len(pending) + 1):
        elem, bound = pending[j - 2], bounds[j - 2]
        hi = len(chain) if bound is None else chain.index(bound)
        lo = 0
        while lo < hi:
            mid = (lo + hi) // 2
            if less(elem, chain[mid]):
                hi = mid
            else:
                lo = mid + 1
        chain.insert(lo, elem)
    return chain


@dataclass(frozen=True)
class StressOutcome:
    """One random trial of the stress test."""

    alphabet: int
    n_components: int
    injective: bool
    entropy_x: float
    sum_component_entropies: float
    sum_rajski: float
    rajski_identity_error: float
    triangle_violation_shannon: float
    triangle_violation_rajski: float
    zero_distance_mismatch: bool


def stress_trial(rng: np.random.Generator, max_alphabet: int, max_components: int, alpha: float) -> StressOutcome:
    """One random law on |X| atoms (Dirichlet(alpha)) and n random maps; every quantity exact."""
    size = int(rng.integers(2, max_alphabet + 1))
    n = int(rng.integers(2, max_components + 1))
    p = rng.dirichlet(np.full(size, alpha))
    x = np.arange(size)
    comps = [rng.integers(0, int(rng.integers(2, size + 1)), size=size) for _ in range(n)]
    hx = entropy_from_labels(x, weights=p)
    hs = [entropy_from_labels(c, weights=p) for c in comps]
    drs = [rajski_distance(c, x, weights=p) for c in comps]
    identity_err = max(abs(d - (1 - h / hx)) for d, h in zip(drs, hs, strict=True)) if hx > 0 else 0.0
    a, b, c = comps[0], comps[1], comps[-1] if n > 2 else rng.integers(0, 3, size=size)
    tri_s = (variation_of_information(a, c, weights=p)
             - variation_of_information(a, b, weights=p) - variation_of_information(b, c, weights=p))
    tri_r = rajski_distance(a, c, weights=p) - rajski_distance(a, b, weights=p) - rajski_distance(b, c, weights=p)
    # A relabelled copy is equivalent (distance 0); an independent map usually is not.
    relabel = rng.permutation(int(a.max()) + 1)[a]
    other = comps[1]
    mismatch = False
    for u in (relabel, other):
        equivalent = is_function_of(a, u, weights=p) and is_function_of(u, a, weights=p)
        zero = variation_of_information(a, u, weights=p) <= 1e-12
        mismatch |= equivalent != zero
    return StressOutcome(
        alphabet=size,
        n_components=n,
        injective=reconstructs(x, *comps, weights=p),
        entropy_x=hx,
        sum_component_entropies=float(sum(hs)),
        sum_rajski=float(sum(drs)),
        rajski_identity_error=float(identity_err),
        triangle_violation_shannon=float(tri_s),
        triangle_violation_rajski=float(tri_r),
        zero_distance_mismatch=bool(mismatch),
    )
