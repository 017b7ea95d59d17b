"""Histogram and kernel estimators: speed against the fastest installed peer, and their biases beside kNN.

Speed, n = 1e3, 1e4, 1e5 (one Gaussian sample, d = 1; pairs with correlation 0.8):

- ``histogram_entropy`` / ``histogram_mutual_information`` (bins="fd") against the same plug-in
  written directly on ``numpy.histogram`` / ``numpy.histogram2d``;
- ``kde_entropy`` / ``kde_mutual_information`` (Scott factor, resubstitution) against
  ``scipy.stats.gaussian_kde`` (``logpdf`` at the samples) and infomeasure's "kernel" estimators
  with the same bandwidth factor, whichever is faster. The kernel estimators are O(n²): at
  n = 1e5 they take minutes, so that size runs only with ``--full``.

Each timing is the best of a few repeats after a warm-up call (one call, no warm-up, for the
kernel estimators at n >= 1e4); the ratio is peer time / infolab time (> 1: infolab faster), and
``max |diff|`` checks that both sides computed the same number.

Accuracy: bias (mean error) and sd over 10 seeds of the histogram (plain and Miller-Madow), KDE
(resubstitution and leave-one-out) and the library's kNN defaults (``knn_entropy``,
``ksg_mutual_information``, k = 3) on Gaussian tasks with known truth, n = 1000 and 10000.

    .venv/bin/python benchmarks/binning_speed.py [--full] [--no-accuracy]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.stats import gaussian_kde

from infolab.measures import (
    histogram_entropy,
    histogram_mutual_information,
    kde_entropy,
    kde_mutual_information,
    knn_entropy,
    ksg_mutual_information,
)

RHO = 0.8


def best(f, repeats=3, warm=True) -> float:
    if warm:
        f()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def pair(n: int, rho: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return x, rho * x + np.sqrt(1 - rho * rho) * rng.standard_normal(n)


# -- peers written directly on numpy / scipy ---------------------------------------------------

def numpy_histogram_entropy(x):
    counts, edges = np.histogram(x, bins="fd")
    p = counts[counts > 0] / x.shape[0]
    return float(-np.sum(p * np.log(p)) + np.log(edges[1] - edges[0]))


def numpy_histogram_mi(x, y):
    counts, _, _ = np.histogram2d(x, y, bins=[np.histogram_bin_edges(x, "fd"), np.histogram_bin_edges(y, "fd")])
    pxy = counts / x.shape[0]
    px, py = pxy.sum(1), pxy.sum(0)
    nz = pxy > 0
    return float(np.sum(pxy[nz] * np.log(pxy[nz] / np.outer(px, py)[nz])))


def scipy_kde_entropy(x):
    return float(-np.mean(gaussian_kde(x).logpdf(x)))


def scipy_kde_mi(x, y):
    h = x.shape[0] ** (-1 / 6)
    xy = np.vstack([x, y])
    return float(np.mean(gaussian_kde(xy, bw_method=h).logpdf(xy) - gaussian_kde(x, bw_method=h).logpdf(x)
                         - gaussian_kde(y, bw_method=h).logpdf(y)))


def speed_row(name: str, ours, peers: dict, repeats: int, warm: bool) -> None:
    t_ours = best(ours, repeats, warm)
    value = ours()
    timed = {}
    for pname, f in peers.items():
        if f is not None:
            timed[pname] = (best(f, repeats, warm), abs(value - f()))
    if not timed:
        print(f"{name:<34s} infolab {t_ours * 1e3:10.1f} ms   no peer installed")
        return
    pname, (t_peer, diff) = min(timed.items(), key=lambda kv: kv[1][0])
    others = "".join(f"; {p} {t * 1e3:.1f} ms" for p, (t, _) in timed.items() if p != pname)
    print(f"{name:<34s} infolab {t_ours * 1e3:10.1f} ms   {pname} {t_peer * 1e3:10.1f} ms   "
          f"ratio {t_peer / t_ours:6.2f}   max |diff| {diff:.1e}{others}")


def speed(full: bool) -> None:
    try:
        import infomeasure as im
    except ImportError:
        im = None
    print("Speed (ratio = fastest peer time / infolab time; > 1: infolab faster)")
    for n in (1_000, 10_000, 100_000):
        x, y = pair(n, RHO, seed=0)
        speed_row(f"histogram entropy, n={n:.0e}", lambda x=x: histogram_entropy(x),
                  {"numpy.histogram": lambda x=x: numpy_histogram_entropy(x)}, 5, True)
        speed_row(f"histogram MI, n={n:.0e}", lambda x=x, y=y: histogram_mutual_information(x, y),
                  {"numpy.histogram2d": lambda x=x, y=y: numpy_histogram_mi(x, y)}, 5, True)
        if n > 10_000 and not full:
            print(f"{'KDE entropy and MI, n=1e+05':<34s} skipped: O(n²), minutes per call; pass --full")
            continue
        small = n < 10_000
        reps = 3 if small else 1
        h1, h2 = n ** (-1 / 5), n ** (-1 / 6)
        speed_row(f"KDE entropy, n={n:.0e}", lambda x=x: kde_entropy(x),
                  {"scipy gaussian_kde": lambda x=x: scipy_kde_entropy(x),
                   "infomeasure": None if im is None else (
                       lambda x=x, h1=h1: float(im.entropy(x, approach="kernel", kernel="gaussian", bandwidth=h1,
                                                    base="e")))}, reps, small)
        speed_row(f"KDE MI, n={n:.0e}", lambda x=x, y=y: kde_mutual_information(x, y),
                  {"scipy gaussian_kde": lambda x=x, y=y: scipy_kde_mi(x, y),
                   "infomeasure": None if im is None else (
                       lambda x=x, y=y, h2=h2: float(im.mutual_information(x, y, approach="kernel", kernel="gaussian",
                                                                    bandwidth=h2, base="e")))}, reps, small)


# -- accuracy ---------------------------------------------------------------------------------

ENTROPY = {
    "histogram fd": lambda x: histogram_entropy(x),
    "histogram fd + Miller-Madow": lambda x: histogram_entropy(x, correction="miller_madow"),
    "KDE resubstitution": lambda x: kde_entropy(x),
    "KDE leave-one-out": lambda x: kde_entropy(x, method="leave_one_out"),
    "kNN (knn_entropy, k=3)": lambda x: knn_entropy(x),
}
MI = {
    "histogram fd": lambda x, y: histogram_mutual_information(x, y),
    "histogram fd + Miller-Madow": lambda x, y: histogram_mutual_information(x, y, correction="miller_madow"),
    "KDE resubstitution": lambda x, y: kde_mutual_information(x, y),
    "KDE leave-one-out": lambda x, y: kde_mutual_information(x, y, method="leave_one_out"),
    "kNN (ksg_mutual_information, k=3)": lambda x, y: ksg_mutual_information(x, y),
}


def accuracy(sizes=(1000, 10_000), seeds=range(10)) -> None:
    tasks = [
        ("h, N(0, 1)", 0.5 * np.log(2 * np.pi * np.e), ENTROPY,
         lambda n, s: (np.random.default_rng(s).standard_normal(n),)),
        (f"I, Gaussian pair rho={RHO}", -0.5 * np.log(1 - RHO ** 2), MI, lambda n, s: pair(n, RHO, s)),
        ("I, independent Gaussians", 0.0, MI, lambda n, s: pair(n, 0.0, s)),
    ]
    print(f"\nAccuracy: bias (mean error) and sd over {len(seeds)} seeds, nats")
    print(f"{'task':<30s} {'estimator':<36s} " + " ".join(f"{'n=' + str(n):>21s}" for n in sizes))
    for task, truth, estimators, sample in tasks:
        for name, est in estimators.items():
            cells = []
            for n in sizes:
                err = np.array([est(*sample(n, s)) - truth for s in seeds])
                cells.append(f"{err.mean():+9.4f} ± {err.std(ddof=1):.4f}")
            print(f"{task:<30s} {name:<36s} " + " ".join(f"{c:>21s}" for c in cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also time the kernel estimators at n = 1e5")
    parser.add_argument("--no-accuracy", action="store_true", help="speed only")
    args = parser.parse_args()
    speed(args.full)
    if not args.no_accuracy:
        accuracy()


if __name__ == "__main__":
    main()
