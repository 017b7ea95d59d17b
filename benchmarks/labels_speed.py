"""Entropy and mutual information from integer labels against the bincount floor, as ratios in one run.

For small non-negative integer labels the floor of any plug-in estimate is one
``np.bincount`` pass: ``scipy.stats.entropy(np.bincount(x))`` for the entropy,
and ``sklearn.metrics.mutual_info_score`` (a contingency table) for the mutual
information. infolab's ``entropy_from_labels`` validates its input (dtype, NaN,
shape) and counts small non-negative integer labels with one ``max`` and one
``np.bincount`` pass, the max guarding the count array's size;
``mutual_information_from_labels`` codes both arrays and counts the pairs with
one more ``np.bincount``. The ratio shows what validation costs.

Each timing is the best of several repeats, infolab and peer timed turn about;
the ratio is peer time / infolab time (> 1: infolab faster). Values are printed
side by side and must agree to 1e-10 nats.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/labels_speed.py
"""

from __future__ import annotations

import time

import numpy as np
from scipy.stats import entropy as scipy_entropy
from sklearn.metrics import mutual_info_score

from infolab.measures import entropy_from_labels, mutual_information_from_labels


def best_pair(ours, peer, repeats: int = 7) -> tuple[float, float]:
    """Best time of each function over ``repeats`` rounds, the two timed alternately."""
    t_ours, t_peer = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        ours()
        t_ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        peer()
        t_peer.append(time.perf_counter() - t0)
    return min(t_ours), min(t_peer)


def main() -> None:
    rng = np.random.default_rng(0)
    print(f"{'measure':<44s}{'infolab ms':>12s}{'peer ms':>10s}{'ratio':>8s}   values")
    for n in (10_000, 100_000, 1_000_000):
        for n_symbols in (4, 64):
            x = rng.integers(0, n_symbols, size=n)
            y = (x + rng.integers(0, 2, size=n)) % n_symbols
            cases = (
                (f"entropy, n={n:.0e}, {n_symbols} symbols", lambda x=x: entropy_from_labels(x),
                 lambda x=x: scipy_entropy(np.bincount(x)), "scipy.stats.entropy(np.bincount(x))"),
                (f"mutual information, n={n:.0e}, {n_symbols} symbols",
                 lambda x=x, y=y: mutual_information_from_labels(x, y),
                 lambda x=x, y=y: mutual_info_score(x, y), "sklearn mutual_info_score"),
            )
            for label, ours, peer, peer_name in cases:
                t_ours, t_peer = best_pair(ours, peer)
                a, b = float(ours()), float(peer())
                flag = "" if abs(a - b) <= 1e-10 else "   VALUES DIFFER"
                print(f"{label:<44s}{t_ours * 1e3:12.3f}{t_peer * 1e3:10.3f}{t_peer / t_ours:8.2f}   "
                      f"{a:.10f} / {b:.10f} ({peer_name}){flag}")


if __name__ == "__main__":
    main()
