"""Accuracy of the mutual information estimators on the ground-truth suite, and interval coverage.

Every estimator runs on every task of ``infolab.data.mi_benchmark_tasks()``
(or those that ``--families`` selects) over several sample sizes and seeds.
Writes, into the output folder:

* ``mi_accuracy.csv``: one row per (task, n, seed, estimator) with the
  estimate, the truth, the error and the time;
* ``mi_accuracy_mae.csv``: mean absolute error per estimator and n;
* ``mi_accuracy_by_family.csv``: mean absolute error per task (family ×
  dimension), estimator and n, also printed as a table;
* ``mi_accuracy.png``: log10 relative error |Î − I| / I per task and estimator
  at the largest n (as Czyż et al. 2023 report it), and MAE against n;
* ``mi_coverage.csv``: coverage of 90 % intervals (subsampling for the front
  door and for KSG, and the naive with-replacement percentile bootstrap for KSG);
* ``mi_coverage_by_n.csv``: coverage of the front door's 90 % intervals by
  sample size (``--coverage-sizes``), also printed as a table.

Usage::

    .venv/bin/python benchmarks/mi_accuracy.py [OUT_DIR] [--quick] [--no-coverage]
        [--families spiral student_t-dof1] [--sizes 1000 5000 20000] [--large-seeds 1]

``--quick`` runs in well under a minute (n = 1000, one seed, a small coverage run).
``--families`` keeps the tasks whose name contains any of the given strings;
sizes above 5000 run with ``--large-seeds`` seeds (the 50 + 50 tasks cost
minutes per estimate there).

The estimators: the front door ``mutual_information`` (``auto``), KSG
(variant 1, k = 3), copula-KSG, variant 2 of KSG, and two simple baselines,
the Gaussian (CCA) and Gaussian-copula estimates. scikit-learn's
``mutual_info_regression`` (KSG with k = 3 on standardised, slightly jittered
data) is run on the 1 + 1 tasks only: for a multivariate x it returns one
value per column, whose sum is not I(X; Y) unless the columns are
independent, and it has no multivariate y; its MAE is averaged over those
tasks alone. NPEET's ``mi`` (KSG variant 1 with max-norm, and small added
noise) equals ``ksg_mutual_information`` up to that noise, so it is not run
again. Published figures of other estimators (e.g. those of Czyż et al.,
NeurIPS 2023, arXiv:2306.11078) are not copied here: only numbers measured in
this run are reported.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
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
    "sklearn (1+1 only)": lambda x, y, s: _sklearn_mi(x, y, s),
}
TABLE_ESTIMATORS = ("auto (default)", "ksg (k=3)", "copula_ksg (k=3)", "gaussian copula", "sklearn (1+1 only)")
LARGE_N = 5000  # sizes above this run with --large-seeds seeds


def _sklearn_mi(x, y, seed) -> float:
    """scikit-learn's KSG for one x column and one y column; NaN where it does not apply."""
    if x.shape[1] != 1 or y.shape[1] != 1:
        return math.nan
    from sklearn.feature_selection import mutual_info_regression  # noqa: PLC0415
    return float(mutual_info_regression(x, y[:, 0], n_neighbors=3, random_state=seed)[0])


def _write_rows(path: Path, rows: list[dict]) -> None:
    """One csv file, a row per dict, the columns those of the first."""
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def select_tasks(families=None) -> list:
    """The suite's tasks whose name contains one of ``families`` (all tasks if None)."""
    tasks = mi_benchmark_tasks()
    if families:
        tasks = [t for t in tasks if any(f in t.name for f in families)]
        if not tasks:
            raise SystemExit(f"no task name contains any of {families}")
    return tasks


def _family(name: str) -> str:
    """A task's name without its dimensions, e.g. 'spiral(normal-sparse-pairs2-rho0.8)'."""
    return re.sub(r"-\d+x\d+", "", name)


def accuracy(sizes, seeds, out: Path, tasks=None, large_seeds=None, estimators=None) -> dict:
    tasks = mi_benchmark_tasks() if tasks is None else tasks
    estimators = {name: ESTIMATORS[name] for name in (estimators or ESTIMATORS)}
    rows = []
    for task in tasks:
        for n in sizes:
            for seed in (seeds if n <= LARGE_N or large_seeds is None else seeds[:large_seeds]):
                x, y = task.sample(n, seed=seed)
                for name, est in estimators.items():
                    t0 = time.perf_counter()
                    value = est(x, y, seed)
                    rows.append(dict(task=task.name, dim_x=task.dim_x, dim_y=task.dim_y, n=n, seed=seed,
                                     estimator=name, estimate=value, truth=task.mutual_information,
                                     error=value - task.mutual_information, seconds=time.perf_counter() - t0))
        print(f"  {task.name:48s} done", file=sys.stderr, flush=True)
    _write_rows(out / "mi_accuracy.csv", rows)
    mae = {}
    for name in estimators:
        for n in sizes:
            errs = [abs(r["error"]) for r in rows if r["estimator"] == name and r["n"] == n]
            mae[name, n] = float(np.nanmean(errs)) if np.isfinite(errs).any() else math.nan
    with open(out / "mi_accuracy_mae.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["estimator"] + [f"mae_n{n}" for n in sizes])
        for name in estimators:
            writer.writerow([name] + [f"{mae[name, n]:.4f}" for n in sizes])
    print("\nMean absolute error (nats) over all tasks and seeds (sklearn: over the 1 + 1 tasks only)")
    print(f"{'estimator':22s}" + "".join(f"{'n=' + str(n):>10s}" for n in sizes))
    for name in estimators:
        print(f"{name:22s}" + "".join(f"{mae[name, n]:10.4f}" for n in sizes))
    family_table(rows, tasks, sizes, [e for e in TABLE_ESTIMATORS if e in estimators] or list(estimators), out)
    if len(tasks) > 1 and all(np.isfinite(mae[name, max(sizes)]) for name in estimators):
        _figure(rows, tasks, sizes, mae, out, list(estimators))
    return mae


def family_table(rows, tasks, sizes, names, out: Path) -> dict:
    """Mean absolute error per task (family × dimension), estimator and n: csv and printed table."""
    table = {}
    for task in tasks:
        for n in sizes:
            for name in names:
                errs = [abs(r["error"]) for r in rows if r["task"] == task.name and r["n"] == n
                        and r["estimator"] == name]
                if errs:
                    table[task.name, n, name] = (float(np.mean(errs)), len(errs))
    with open(out / "mi_accuracy_by_family.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["task", "family", "dims", "truth", "n", "estimator", "mae", "seeds"])
        for task in tasks:
            for n in sizes:
                for name in names:
                    if (task.name, n, name) in table:
                        value, count = table[task.name, n, name]
                        writer.writerow([task.name, _family(task.name), f"{task.dim_x}+{task.dim_y}",
                                         f"{task.mutual_information:.6f}", n, name, f"{value:.4f}", count])
    short = [name.split(" (")[0] for name in names]
    for n in sizes:
        seeds = max((table[key][1] for key in table if key[1] == n), default=0)
        print(f"\nMean absolute error (nats) per task at n = {n} ({seeds} seeds; '-': does not apply)")
        print(f"{'family':44s}{'dims':>7s}{'I':>7s}" + "".join(f"{s:>16s}" for s in short))
        for task in tasks:
            cells = []
            for name in names:
                value = table.get((task.name, n, name), (math.nan, 0))[0]
                cells.append(f"{value:16.4f}" if np.isfinite(value) else f"{'-':>16s}")
            print(f"{_family(task.name):44s}{f'{task.dim_x}+{task.dim_y}':>7s}"
                  f"{task.mutual_information:7.3f}" + "".join(cells))
    return table


def _figure(rows, tasks, sizes, mae, out: Path, names) -> None:
    import matplotlib  # noqa: PLC0415
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415
    import matplotlib.ticker  # noqa: PLC0415, F401

    n_max = max(sizes)
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
    _write_rows(out / "mi_coverage.csv", rows)
    result = {}
    print(f"\nCoverage of nominal {confidence:.0%} intervals (n = {n}, {len(tasks)} tasks x {len(seeds)} seeds, "
          f"{n_resamples} resamples)")
    for scheme in dict.fromkeys(r["scheme"] for r in rows):
        sel = [r for r in rows if r["scheme"] == scheme]
        result[scheme] = float(np.mean([r["covered"] for r in sel]))
        width = float(np.mean([r["high"] - r["low"] for r in sel]))
        print(f"  {scheme:24s} coverage {result[scheme]:.3f}   mean width {width:.3f} nats")
    return result


def coverage_by_n(task_names, sizes, replications, n_resamples, out: Path, confidence: float = 0.9) -> dict:
    """Coverage of the front door's intervals by sample size: csv and printed table (task × n)."""
    tasks = [t for t in mi_benchmark_tasks() if t.name in task_names]
    rows = []
    for n in sizes:
        reps = replications[n] if isinstance(replications, dict) else replications
        for task in tasks:
            for rep in range(reps):
                x, y = task.sample(n, seed=20_000 + rep)
                r = mutual_information_interval(x, y, confidence=confidence, n_subsamples=n_resamples, seed=rep)
                rows.append(dict(task=task.name, n=n, replication=rep, estimate=r.estimate, low=r.low, high=r.high,
                                 truth=task.mutual_information,
                                 covered=bool(r.low <= task.mutual_information <= r.high)))
            print(f"  coverage n={n} {task.name:40s} done", file=sys.stderr, flush=True)
    _write_rows(out / "mi_coverage_by_n.csv", rows)
    result = {}
    print(f"\nCoverage of nominal {confidence:.0%} intervals of mutual_information_interval by n "
          f"({n_resamples} subsamples; replications per task: "
          f"{', '.join(f'{n}: {replications[n] if isinstance(replications, dict) else replications}' for n in sizes)})")
    print(f"{'task':44s}" + "".join(f"{'n=' + str(n):>9s}" for n in sizes))
    for name in [t.name for t in tasks] + ["all"]:
        cells = []
        for n in sizes:
            sel = [r["covered"] for r in rows if r["n"] == n and (name == "all" or r["task"] == name)]
            result[name, n] = float(np.mean(sel))
            cells.append(f"{result[name, n]:9.3f}")
        print(f"{name:44s}" + "".join(cells))
    widths = "".join(f"{np.mean([r['high'] - r['low'] for r in rows if r['n'] == n]):9.3f}" for n in sizes)
    print(f"{'mean width (nats)':44s}" + widths)
    return result


COVERAGE_TASKS = (
    "normal-dense-1x1-rho0.75", "normal-dense-2x2-rho0", "normal-dense-3x3-rho0.5",
    "normal-sparse-3x3-pairs2-rho0.8", "student_t-dof2-1x1", "student_t-dof3-2x2",
    "additive_uniform-1x1-eps0.75", "halfcube(normal-dense-3x3-rho0.5)", "wiggly(normal-dense-2x2-rho0.5)",
    "asinh(student_t-dof1-1x1)",
)


COVERAGE_BY_N_TASKS = (
    "normal-dense-1x1-rho0.75", "normal-dense-3x3-rho0.5", "normal-sparse-3x3-pairs2-rho0.8",
    "student_t-dof2-1x1", "student_t-dof3-2x2", "additive_uniform-1x1-eps0.75",
    "halfcube(normal-dense-3x3-rho0.5)", "wiggly(normal-dense-2x2-rho0.5)",
)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default="/tmp/mi_accuracy", help="output folder (default /tmp/mi_accuracy)")
    parser.add_argument("--quick", action="store_true", help="n = 1000, one seed, small coverage run (< 1 min)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--seeds", type=int, default=3, help="seeds per task and size")
    parser.add_argument("--large-seeds", type=int, default=1, help=f"seeds for sizes above {LARGE_N}")
    parser.add_argument("--families", nargs="+", default=None,
                        help="keep the tasks whose name contains any of these strings (e.g. spiral student_t-dof1)")
    parser.add_argument("--estimators", nargs="+", default=None, choices=list(ESTIMATORS), metavar="NAME",
                        help=f"a subset of {list(ESTIMATORS)}")
    parser.add_argument("--coverage-n", type=int, default=1000)
    parser.add_argument("--coverage-seeds", type=int, default=10)
    parser.add_argument("--resamples", type=int, default=50)
    parser.add_argument("--coverage-sizes", type=int, nargs="+", default=[100, 200, 500, 1000],
                        help="sizes of the coverage-by-n table of the front door's intervals")
    parser.add_argument("--coverage-replications", type=int, nargs="+", default=[200, 100, 50, 30],
                        help="replications per task at each of --coverage-sizes (one number: the same for all)")
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
        tasks = select_tasks(args.families)
        mae = accuracy(sizes, seeds, out, tasks=tasks, large_seeds=args.large_seeds, estimators=args.estimators)
        n_max = max(n for n in sizes if n <= LARGE_N) if min(sizes) <= LARGE_N else max(sizes)
        if all(("auto (default)", n_max) in mae and (e, n_max) in mae for e in ("ksg (k=3)", "gaussian copula")):
            front, ksg, copula = mae["auto (default)", n_max], mae["ksg (k=3)", n_max], mae["gaussian copula", n_max]
            print(f"\nAt n = {n_max}: default estimator MAE {front:.4f} vs KSG {ksg:.4f} ({ksg / front:.2f}x) "
                  f"and Gaussian copula {copula:.4f} ({copula / front:.2f}x)")
    if not args.no_coverage:
        coverage(cov_tasks, cov_n, list(cov_seeds), resamples, out)
        if args.quick:
            cov_sizes, cov_reps = [100, 200], {100: 5, 200: 5}
        else:
            cov_sizes = args.coverage_sizes
            reps = args.coverage_replications
            reps = reps if len(reps) == len(cov_sizes) else reps[:1] * len(cov_sizes)
            cov_reps = dict(zip(cov_sizes, reps, strict=True))
        coverage_by_n(COVERAGE_BY_N_TASKS, cov_sizes, cov_reps, resamples, out)
    written = ([] if args.no_accuracy else ["mi_accuracy.csv", "mi_accuracy_mae.csv", "mi_accuracy_by_family.csv",
                                            "mi_accuracy.png"]) + (
        [] if args.no_coverage else ["mi_coverage.csv", "mi_coverage_by_n.csv"])
    print(f"\nwrote {', '.join(written)} in {out}  ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
