"""Accuracy of the mutual information estimators on the ground-truth suite, and interval coverage.

Every estimator runs on every task of ``infolab.data.mi_benchmark_tasks()``
over several sample sizes and seeds. Writes, into the output folder:

* ``mi_accuracy.csv``: one row per (task, n, seed, estimator) with the
  estimate, the truth, the error and the time;
* ``mi_accuracy_mae.csv``: mean absolute error per estimator and n;
* ``mi_accuracy.png``: log10 relative error |Î − I| / I per task and estimator
  at the largest n (as Czyż et al. 2023 report it), and MAE against n;
* ``mi_coverage.csv``: coverage of 90 % intervals (subsampling for the front
  door and for KSG, and the naive with-replacement percentile bootstrap for KSG).

Usage::

    .venv/bin/python benchmarks/mi_accuracy.py [OUT_DIR] [--quick] [--no-coverage]

``--quick`` runs in well under a minute (n = 1000, one seed, a small coverage run).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from pathlib import Path

import numpy as np

from infolab.data import mi_benchmark_tasks
from infolab.measures import (
    copula_ksg_mutual_information,
    gaussian_copula_mutual_information,
    gaussian_mutual_information_from_samples,
    ksg_mutual_information,
    mutual_information,
    mutual_information_interval,
)

ESTIMATORS = {
    "ksg (k=3)": lambda x, y, s: ksg_mutual_information(x, y, k=3),
    "ksg2 (k=3)": lambda x, y, s: ksg_mutual_information(x, y, k=3, variant=2),
    "gaussian (CCA)": lambda x, y, s: gaussian_mutual_information_from_samples(x, y),
    "gaussian copula": lambda x, y, s: gaussian_copula_mutual_information(x, y),
    "copula_ksg (k=3)": lambda x, y, s: copula_ksg_mutual_information(x, y, seed=s),
    "auto (default)": lambda x, y, s: mutual_information(x, y, seed=s),
}


def accuracy(sizes, seeds, out: Path) -> dict:
    tasks = mi_benchmark_tasks()
    rows = []
    for task in tasks:
        for n in sizes:
            for seed in seeds:
                x, y = task.sample(n, seed=seed)
                for name, est in ESTIMATORS.items():
                    t0 = time.perf_counter()
                    value = est(x, y, seed)
                    rows.append(dict(task=task.name, dim_x=task.dim_x, dim_y=task.dim_y, n=n, seed=seed,
                                     estimator=name, estimate=value, truth=task.mutual_information,
                                     error=value - task.mutual_information, seconds=time.perf_counter() - t0))
        print(f"  {task.name:48s} done", file=sys.stderr, flush=True)
    with open(out / "mi_accuracy.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    mae = {}
    for name in ESTIMATORS:
        for n in sizes:
            errs = [abs(r["error"]) for r in rows if r["estimator"] == name and r["n"] == n]
            mae[name, n] = float(np.mean(errs))
    with open(out / "mi_accuracy_mae.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["estimator"] + [f"mae_n{n}" for n in sizes])
        for name in ESTIMATORS:
            writer.writerow([name] + [f"{mae[name, n]:.4f}" for n in sizes])
    print("\nMean absolute error (nats) over all tasks and seeds")
    print(f"{'estimator':22s}" + "".join(f"{'n=' + str(n):>10s}" for n in sizes))
    for name in ESTIMATORS:
        print(f"{name:22s}" + "".join(f"{mae[name, n]:10.4f}" for n in sizes))
    _figure(rows, tasks, sizes, mae, out)
    return mae


def _figure(rows, tasks, sizes, mae, out: Path) -> None:
    import matplotlib  # noqa: PLC0415
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415
    import matplotlib.ticker  # noqa: PLC0415, F401

    n_max = max(sizes)
    names = list(ESTIMATORS)
    grid = np.full((len(tasks), len(names)), np.nan)
    for i, task in enumerate(tasks):
        for j, name in enumerate(names):
            errs = [abs(r["error"]) for r in rows if r["task"] == task.name and r["estimator"] == name and r["n"] == n_max]
            scale = task.mutual_information if task.mutual_information > 0 else 1.0  # I = 0: absolute error
            grid[i, j] = math.log10(max(float(np.mean(errs)) / scale, 1e-4))
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(15, 0.32 * len(tasks) + 2.5), gridspec_kw=dict(width_ratios=[2, 1]))
    im = ax.imshow(grid, cmap="viridis", vmin=-3, vmax=0.5, aspect="auto")
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_yticks(range(len(tasks)), [f"{t.name} (I={t.mutual_information:.2f})" for t in tasks], fontsize=7)
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            ax.text(j, i, f"{grid[i, j]:.1f}", ha="center", va="center", fontsize=6, color="w")
    fig.colorbar(im, ax=ax, label="log10 |Î − I| / I  (absolute error where I = 0)")
    ax.set_title(f"Relative error at n = {n_max}")
    for name in names:
        ax2.plot(sizes, [mae[name, n] for n in sizes], marker="o", label=name)
    ax2.set_xscale("log")
    ax2.set_yscale("log")
    ax2.set_xticks(sizes, [str(n) for n in sizes])
    ax2.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    ax2.set_xlabel("n")
    ax2.set_ylabel("mean absolute error (nats)")
    ax2.legend(fontsize=7)
    fig.tight_layout(w_pad=4)
    fig.savefig(out / "mi_accuracy.png", dpi=120)
    plt.close(fig)


def _naive_bootstrap(x, y, n_boot, confidence, rng):
    """Percentile bootstrap with replacement for KSG (copies jittered by 1e-10, or KSG refuses them)."""
    estimate = ksg_mutual_information(x, y, k=3)
    reps = []
    for _ in range(n_boot):
        idx = rng.integers(0, x.shape[0], x.shape[0])
        reps.append(ksg_mutual_information(x[idx], y[idx], k=3, jitter=1e-10, seed=rng))
    a = 1 - confidence
    low, high = np.quantile(reps, [a / 2, 1 - a / 2])
    return estimate, low, high


def coverage(task_names, n, seeds, n_resamples, out: Path, confidence: float = 0.9) -> dict:
    tasks = [t for t in mi_benchmark_tasks() if t.name in task_names]
    rows = []
    for task in tasks:
        for seed in seeds:
            x, y = task.sample(n, seed=seed)
            rng = np.random.default_rng(10_000 + seed)
            intervals = {
                "auto, subsampling": tuple(mutual_information_interval(
                    x, y, confidence=confidence, n_subsamples=n_resamples, seed=seed)),
                "ksg, subsampling": tuple(mutual_information_interval(
                    x, y, method="ksg", confidence=confidence, n_subsamples=n_resamples, seed=seed)),
                "ksg, naive bootstrap": _naive_bootstrap(x, y, n_resamples, confidence, rng),
            }
            for scheme, (est, low, high) in intervals.items():
                rows.append(dict(task=task.name, n=n, seed=seed, scheme=scheme, estimate=est, low=low, high=high,
                                 truth=task.mutual_information,
                                 covered=bool(low <= task.mutual_information <= high)))
        print(f"  coverage {task.name:40s} done", file=sys.stderr, flush=True)
    with open(out / "mi_coverage.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = {}
    print(f"\nCoverage of nominal {confidence:.0%} intervals (n = {n}, {len(tasks)} tasks x {len(seeds)} seeds, "
          f"{n_resamples} resamples)")
    for scheme in dict.fromkeys(r["scheme"] for r in rows):
        sel = [r for r in rows if r["scheme"] == scheme]
        result[scheme] = float(np.mean([r["covered"] for r in sel]))
        width = float(np.mean([r["high"] - r["low"] for r in sel]))
        print(f"  {scheme:24s} coverage {result[scheme]:.3f}   mean width {width:.3f} nats")
    return result


COVERAGE_TASKS = (
    "normal-dense-1x1-rho0.75", "normal-dense-2x2-rho0", "normal-dense-3x3-rho0.5",
    "normal-sparse-3x3-pairs2-rho0.8", "student_t-dof2-1x1", "student_t-dof3-2x2",
    "additive_uniform-1x1-eps0.75", "halfcube(normal-dense-3x3-rho0.5)", "wiggly(normal-dense-2x2-rho0.5)",
    "asinh(student_t-dof1-1x1)",
)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default="/tmp/mi_accuracy", help="output folder (default /tmp/mi_accuracy)")
    parser.add_argument("--quick", action="store_true", help="n = 1000, one seed, small coverage run (< 1 min)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 5000])
    parser.add_argument("--seeds", type=int, default=3, help="seeds per task and size")
    parser.add_argument("--coverage-n", type=int, default=1000)
    parser.add_argument("--coverage-seeds", type=int, default=10)
    parser.add_argument("--resamples", type=int, default=50)
    parser.add_argument("--no-coverage", action="store_true")
    parser.add_argument("--no-accuracy", action="store_true", help="only the coverage part")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if args.quick:
        sizes, seeds = [1000], [0]
        cov_tasks, cov_n, cov_seeds, resamples = COVERAGE_TASKS[:3], 500, range(3), 20
    else:
        sizes, seeds = args.sizes, list(range(args.seeds))
        cov_tasks, cov_n, cov_seeds, resamples = COVERAGE_TASKS, args.coverage_n, range(args.coverage_seeds), args.resamples
    if not args.no_accuracy:
        mae = accuracy(sizes, seeds, out)
        n_max = max(sizes)
        front, ksg, copula = mae["auto (default)", n_max], mae["ksg (k=3)", n_max], mae["gaussian copula", n_max]
        print(f"\nAt n = {n_max}: default estimator MAE {front:.4f} vs KSG {ksg:.4f} ({ksg / front:.2f}x) "
              f"and Gaussian copula {copula:.4f} ({copula / front:.2f}x)")
    if not args.no_coverage:
        coverage(cov_tasks, cov_n, list(cov_seeds), resamples, out)
    written = ([] if args.no_accuracy else ["mi_accuracy.csv", "mi_accuracy_mae.csv", "mi_accuracy.png"]) + (
        [] if args.no_coverage else ["mi_coverage.csv"])
    print(f"\nwrote {', '.join(written)} in {out}  ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
