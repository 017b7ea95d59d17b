"""Speed of infolab's sliced Wasserstein distance: against POT with the same directions, and against Chamfer.

All ratios are measured in one process on the same machine (best of several
repeats for the small sizes, one run for the large ones). Writes
``transport_speed.csv`` into the output folder.

1. ``sliced_wasserstein_distance`` against POT's ``ot.sliced_wasserstein_distance``
   with the *same* projection matrix (so the two values must agree to
   1e-10), n = m = 10^3 .. 10^6 points in R^3, L directions: the time ratio
   POT / infolab at each n. Both take the uniform-weight path; infolab sorts
   both projected clouds and matches order statistics, POT merges cumulative
   weights through its general quantile function.
2. Growth in n: the sliced distance (O(L n log n)) against the Chamfer
   distance by brute force (O(n^2)) and by k-d tree, n = 1000 .. 8000; the
   log-log slope of time against n for each.

Usage::

    .venv/bin/python benchmarks/transport_speed.py [OUT_DIR] [--quick] [--projections L]
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from pathlib import Path

import numpy as np

from infolab.measures import chamfer_distance, sliced_wasserstein_distance

VALUE_TOL = 1e-10  # ours vs POT with the same directions (the same arithmetic up to summation order)


def best_time(func, repeats: int) -> tuple[float, object]:
    best, value = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - t0)
    return best, value


def clouds(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 3)), rng.normal(size=(n, 3)) * [1.0, 0.8, 0.6] + 0.3


def against_pot(sizes, n_proj: int, rows: list) -> None:
    import ot  # noqa: PLC0415 - benchmark-only peer

    proj = ot.sliced.get_random_projections(3, n_proj, seed=0)
    print(f"Sliced W2 with the same {n_proj} directions, d = 3 ({os.cpu_count()} cores):")
    print(f"  {'n':>9}  {'infolab s':>10}  {'POT s':>10}  {'POT / infolab':>13}  {'|diff|':>9}")
    for n in sizes:
        x, y = clouds(n)
        repeats = 3 if n <= 10_000 else 1
        ours_t, ours = best_time(lambda x=x, y=y: sliced_wasserstein_distance(x, y, projections=proj), repeats)
        pot_t, pot = best_time(lambda x=x, y=y: float(ot.sliced_wasserstein_distance(x, y, projections=proj)),
                               repeats)
        diff = abs(ours - pot)
        flag = "" if diff <= VALUE_TOL else "  VALUES DIFFER"
        print(f"  {n:>9,d}  {ours_t:>10.4f}  {pot_t:>10.4f}  {pot_t / ours_t:>12.1f}x  {diff:>9.1e}{flag}", flush=True)
        rows.append(dict(part="vs_pot", n=n, method="sliced_wasserstein_distance", seconds=ours_t, value=ours,
                         peer_seconds=pot_t, peer_value=pot, ratio=pot_t / ours_t))


def growth(sizes, n_proj: int, rows: list) -> None:
    methods = {
        "sliced W2": lambda x, y: sliced_wasserstein_distance(x, y, n_projections=n_proj, seed=0),
        "Chamfer, brute force": lambda x, y: chamfer_distance(x, y, method="brute"),
        "Chamfer, k-d tree": lambda x, y: chamfer_distance(x, y, method="kdtree"),
    }
    print(f"\nGrowth in n (best of 3; sliced with {n_proj} directions):")
    print(f"  {'n':>7}  " + "  ".join(f"{name:>22}" for name in methods))
    times = {name: [] for name in methods}
    for n in sizes:
        x, y = clouds(n, 1)
        line = []
        for name, f in methods.items():
            t, v = best_time(lambda f=f, x=x, y=y: f(x, y), 3)
            times[name].append(t)
            line.append(f"{t:>20.4f} s")
            rows.append(dict(part="growth", n=n, method=name, seconds=t, value=v))
        print(f"  {n:>7,d}  " + "  ".join(line), flush=True)
    logn = np.log(sizes)
    print("  log-log slope of time in n: " + ", ".join(
        f"{name} {np.polyfit(logn, np.log(t), 1)[0]:.2f}" for name, t in times.items())
        + "  (n log n ≈ 1.1, n^2 = 2)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default="/tmp/transport_speed")
    parser.add_argument("--quick", action="store_true", help="sizes up to 10^5 only")
    parser.add_argument("--projections", type=int, default=20, help="number of directions L")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows: list = []
    sizes = [1_000, 10_000, 100_000] if args.quick else [1_000, 10_000, 100_000, 1_000_000]
    against_pot(sizes, args.projections, rows)
    growth([1_000, 2_000, 4_000, 8_000], 50, rows)
    keys = ["part", "n", "method", "seconds", "value", "peer_seconds", "peer_value", "ratio"]
    with open(out / "transport_speed.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)
    print(f"\nwrote {out}/transport_speed.csv")


if __name__ == "__main__":
    main()
