"""Speed of the greedy minimum-entropy coupling and of the knowledge quantification index.

Greedy coupling: two Dirichlet(1) marginals of size n = 1e2 ... 1e6. For each n the
table gives the time, the time divided by n log2 n (flat if the cost is n log n), the
ratio to a floor measured in the same run (sorting both marginals with NumPy, the
O(n log n) work no coupling algorithm avoids), and the entropy gap
H(greedy) - H(p ∧ q) in bits against the majorization lower bound (≤ log2 e ≈ 1.443).

KQI: Price citation DAGs with 1e3 ... 1e6 citations. The table gives the time of
``knowledge_quantification_index``, its ratio to a floor (one sparse transposed
mat-vec over all citations, the least work that touches every edge), the number of
Kahn rounds (sparse mat-vecs done) and, up to 1e5 citations, the time of a plain
per-paper Python loop (the readable twin; slower sizes are skipped).

Usage::

    .venv/bin/python benchmarks/coupling_graph_speed.py [OUT.csv] [--max-coupling N] [--max-edges M]

Writes the table as CSV (default /tmp/coupling_graph_speed.csv) and a PNG next to it.
"""

from __future__ import annotations

import argparse
import csv
import math
import time
from pathlib import Path

import numpy as np

from infolab.data.graphs import price_citation_dag
from infolab.measures import entropy
from infolab.measures.coupling import greedy_coupling_sparse, majorization_meet
from infolab.measures.graph import _citation_levels, knowledge_quantification_index


def best_time(fn, repeats):
    best = math.inf
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def kqi_loop_seconds(adjacency):
    coo = adjacency.tocoo()
    n = adjacency.shape[0]
    refs = [[] for _ in range(n)]
    citers = [[] for _ in range(n)]
    for v, u in zip(coo.row.tolist(), coo.col.tolist(), strict=True):
        refs[v].append(u)
        citers[u].append(v)
    t0 = time.perf_counter()
    left = [len(c) for c in citers]
    ready = [v for v in range(n) if left[v] == 0]
    volume = [0.0] * n
    while ready:
        u = ready.pop()
        volume[u] = sum(1.0 + volume[v] / len(refs[v]) for v in citers[u])
        for x in refs[u]:
            left[x] -= 1
            if left[x] == 0:
                ready.append(x)
    vol = sum(1.0 + volume[v] for v in range(n) if not refs[v])
    for v in range(n):
        if volume[v] > 0 and refs[v]:
            share = volume[v] / len(refs[v])
            sum(-share / vol * math.log2(share / volume[u]) for u in refs[v])
    return time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="/tmp/coupling_graph_speed.csv")
    parser.add_argument("--max-coupling", type=int, default=10**6)
    parser.add_argument("--max-edges", type=int, default=10**6)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    rows = []

    print(f"{'greedy coupling n':>18} {'time s':>9} {'t/(n log n) ns':>15} {'x sort floor':>12} {'gap bits':>9}")
    n = 100
    while n <= args.max_coupling:
        p, q = rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))
        repeats = 5 if n <= 10**4 else 1
        t, (_, mass) = best_time(lambda: greedy_coupling_sparse(p, q), repeats)  # noqa: B023
        floor, _ = best_time(lambda: (np.sort(p), np.sort(q)), max(repeats, 3))  # noqa: B023
        gap = (entropy(mass / mass.sum()) - entropy(majorization_meet(p, q))) / math.log(2)
        per = t / (n * math.log2(n)) * 1e9
        print(f"{n:>18d} {t:>9.4f} {per:>15.1f} {t / floor:>12.0f} {gap:>9.4f}")
        rows.append({"task": "greedy_coupling", "size": n, "seconds": t, "ns_per_nlogn": per,
                     "ratio_to_floor": t / floor, "gap_bits": gap, "rounds": "", "loop_seconds": ""})
        n *= 10

    print(f"\n{'KQI citations':>18} {'papers':>8} {'time s':>9} {'x matvec floor':>14} {'rounds':>7} {'loop s':>8}")
    for target in (10**3, 10**4, 10**5, 10**6):
        if target > args.max_edges:
            break
        n_papers = max(int(target / 5.2), 10)
        adjacency, _ = price_citation_dag(n_papers, seed=args.seed)
        t, _ = best_time(lambda: knowledge_quantification_index(adjacency), 3 if target <= 10**5 else 1)  # noqa: B023
        at = adjacency.T.tocsr()
        x = np.ones(adjacency.shape[0])
        floor, _ = best_time(lambda: at @ x, 5)  # noqa: B023
        rounds = len(_citation_levels(adjacency.tocsr(), "benchmark"))
        loop = kqi_loop_seconds(adjacency) if adjacency.nnz <= 2 * 10**5 else float("nan")
        print(f"{adjacency.nnz:>18d} {n_papers:>8d} {t:>9.4f} {t / floor:>14.0f} {rounds:>7d} {loop:>8.3f}")
        rows.append({"task": "kqi", "size": adjacency.nnz, "seconds": t, "ns_per_nlogn": "",
                     "ratio_to_floor": t / floor, "gap_bits": "", "rounds": rounds,
                     "loop_seconds": "" if math.isnan(loop) else loop})

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    try:
        import matplotlib  # noqa: PLC0415

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415

        fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
        cg = [r for r in rows if r["task"] == "greedy_coupling"]
        sizes = np.array([r["size"] for r in cg], dtype=float)
        axes[0].loglog(sizes, [r["seconds"] for r in cg], "o-", label="greedy coupling")
        axes[0].loglog(sizes, cg[-1]["seconds"] * sizes * np.log2(sizes) / (sizes[-1] * np.log2(sizes[-1])), "k:",
                       label="∝ n log n")
        axes[0].set_xlabel("marginal size n")
        axes[0].set_ylabel("seconds")
        axes[0].legend()
        kq = [r for r in rows if r["task"] == "kqi"]
        axes[1].loglog([r["size"] for r in kq], [r["seconds"] for r in kq], "o-", label="KQI (vectorised)")
        lp = [r for r in kq if r["loop_seconds"] != ""]
        axes[1].loglog([r["size"] for r in lp], [r["loop_seconds"] for r in lp], "s--", label="plain loop")
        axes[1].set_xlabel("citations")
        axes[1].legend()
        fig.savefig(out.with_suffix(".png"), dpi=120, bbox_inches="tight")
    except ImportError:  # pragma: no cover
        pass
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
