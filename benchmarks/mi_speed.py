"""Speed of infolab's KSG estimator: against scikit-learn, and its scaling in n and d.

All ratios are measured in one run on the same machine (best of several
repeats). Writes ``mi_speed.csv`` and ``mi_speed.png`` into the output folder.

1. KSG on n = 10,000 points, d = 1 + 1, k = 3, against
   ``sklearn.feature_selection.mutual_info_regression(n_neighbors=3)``, both
   on standardised data (scikit-learn rescales to unit variance itself, and
   max-norm KSG depends on the relative scale of x and y). scikit-learn adds noise of 1e-10 x max(1, mean |x|) to continuous features
   (and to y) and clips negative values at 0, so the two values are compared
   with a stated tolerance of 1e-3 nats on correlated data (I ≈ 0.35 nats).
2. Against NPEET's algorithm at d_x = d_y = 1, 2, 3, 5, 10, 20 (n = 10^4,
   k = 3). NPEET is not on PyPI (``npeet-plus``, a fork, always adds noise),
   so this is a reference of its ``mi(x, y, k=3)`` as it is written: a
   scikit-learn ``KDTree(metric="chebyshev")`` (``BallTree`` from 20 columns
   on, as NPEET's ``build_tree``) on the joint space, the (k+1)-th neighbour
   distance r, then ``query_radius(points, r - 1e-15, count_only=True)`` in
   each marginal; no noise. Values agree with ours to 1e-9 nats.
3. The backends, per dimension (n = 10^4, the radii of part 2): marginal
   counts with a sorted array (1-D), scikit-learn ``KDTree.query_radius
   (count_only=True)``, scipy ``cKDTree.query_ball_point(return_length=True)``
   and tiled brute force; the joint k-th neighbour with cKDTree and KDTree.
   All give identical counts and distances (checked here); the output names
   the rule infolab uses.
4. Scaling in n (10^3 .. 10^6, d = 1 + 1); sizes stop once one run takes
   longer than ``--max-seconds``.
5. Scaling in the dimension (d_x = d_y = 1 .. 50 at n = 10^4).
6. With CuPy and a GPU: the same in n on the GPU (tiled brute force), for
   the CPU/GPU crossover.

Timings of two codes are interleaved (one run of each per repeat), so that a
change in the machine's load affects both.

Usage::

    .venv/bin/python benchmarks/mi_speed.py [OUT_DIR] [--quick] [--max-seconds S]
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from pathlib import Path

import numpy as np
from scipy.special import digamma

from infolab.backend import gpu_available
from infolab.measures import knn as _knn
from infolab.measures import ksg_mutual_information

VALUE_TOL = 1e-3  # nats, ours vs scikit-learn (which perturbs the data by ~1e-10)
NPEET_TOL = 1e-9  # nats, ours vs NPEET's algorithm (no noise; it uses r - 1e-15 for the strict count)
NPEET_DIMS = (1, 2, 3, 5, 10, 20)


def best_time(func, repeats: int) -> tuple[float, object]:
    best, value = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - t0)
    return best, value


def best_times(funcs, repeats: int) -> list[tuple[float, object]]:
    """Best time and value of each function, the runs interleaved (one of each per repeat)."""
    best = [np.inf] * len(funcs)
    values: list = [None] * len(funcs)
    for _ in range(repeats):
        for i, func in enumerate(funcs):
            t0 = time.perf_counter()
            values[i] = func()
            best[i] = min(best[i], time.perf_counter() - t0)
    return list(zip(best, values, strict=True))


def npeet_algorithm_mi(x: np.ndarray, y: np.ndarray, k: int = 3) -> float:
    """NPEET's ``mi(x, y, k)`` without its noise, in nats: sklearn trees, count_only queries."""
    from sklearn.neighbors import BallTree, KDTree  # noqa: PLC0415

    def build_tree(points):
        return BallTree(points, metric="chebyshev") if points.shape[1] >= 20 else KDTree(points, metric="chebyshev")

    def avgdigamma(points, dvec):
        counts = build_tree(points).query_radius(points, dvec - 1e-15, count_only=True)
        return np.mean(digamma(counts))

    points = np.hstack([x, y])
    dvec = build_tree(points).query(points, k=k + 1)[0][:, k]
    return float(-avgdigamma(x, dvec) - avgdigamma(y, dvec) + digamma(k) + digamma(len(x)))


def data(n: int, d: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    y = x + rng.standard_normal((n, d))
    return x, y


def against_sklearn(repeats: int, rows: list) -> float:
    from sklearn.feature_selection import mutual_info_regression  # noqa: PLC0415

    x, y = data(10_000, 1)
    # scikit-learn rescales x and y to unit variance, and max-norm KSG depends on the relative scale
    # of the coordinates: give both the standardised data, so that sklearn's rescaling is the identity.
    x, y = x / x.std(), y / y.std()
    (ours_t, ours), (sk_t, sk) = best_times(
        [lambda: ksg_mutual_information(x, y, k=3),
         lambda: mutual_info_regression(x, y[:, 0], n_neighbors=3, random_state=0)[0]], repeats)
    ratio = sk_t / ours_t
    agree = abs(ours - sk) < VALUE_TOL
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"KSG, n = 10,000, d = 1 + 1, k = 3 ({os.cpu_count()} cores, load average {load:.1f} at the start; "
          f"best of {repeats}):")
    print(f"  infolab  {ours_t * 1e3:8.1f} ms   I = {ours:.6f}")
    print(f"  sklearn  {sk_t * 1e3:8.1f} ms   I = {sk:.6f}")
    print(f"  ratio    {ratio:8.2f}x faster; values {'agree' if agree else 'DIFFER'} within {VALUE_TOL:g} nats "
          f"(|diff| = {abs(ours - sk):.2e})")
    rows.append(dict(part="vs_sklearn", n=10_000, d=1, device="cpu", seconds=ours_t, value=ours,
                     peer_seconds=sk_t, peer_value=sk, ratio=ratio))
    return ratio


def against_npeet(dims, repeats: int, rows: list) -> None:
    n = 10_000
    print(f"\nAgainst NPEET's algorithm (sklearn KDTree, count_only), n = {n:,d}, k = 3, best of "
          f"{repeats} (1 from d = 10 on):")
    for d in dims:
        x, y = data(n, d)
        (ours_t, ours), (peer_t, peer) = best_times(
            [lambda x=x, y=y: ksg_mutual_information(x, y, k=3), lambda x=x, y=y: npeet_algorithm_mi(x, y, 3)],
            repeats if d < 10 else 1)
        ratio = peer_t / ours_t
        agree = abs(ours - peer) < NPEET_TOL
        print(f"  d = {d:2d} + {d:<2d} infolab {ours_t * 1e3:8.1f} ms  NPEET's algorithm {peer_t * 1e3:8.1f} ms  "
              f"ratio {ratio:6.2f}x faster; values {'agree' if agree else 'DIFFER'} (|diff| = {abs(ours - peer):.1e})")
        rows.append(dict(part="vs_npeet_algorithm", n=n, d=d, device="cpu", seconds=ours_t, value=ours,
                         peer_seconds=peer_t, peer_value=peer, ratio=ratio))


def backends(dims, repeats: int, rows: list) -> None:
    n, k = 10_000, 3
    print(f"\nBackends (n = {n:,d}, k = {k}, d_x = d_y = d; counts in the x marginal at the joint radii; "
          f"ms, best of {repeats}, 1 from d = 10 on):")
    print(f"  {'d':>3s} {'sorted':>8s} {'KDTree':>8s} {'cKDTree':>8s} {'brute':>8s}   | joint kNN {'cKDTree':>8s} "
          f"{'KDTree':>8s}   automatic choice")
    for d in dims:
        x, y = data(n, d)
        joint = np.hstack([x, y])
        reps = repeats if d < 10 else 1
        knn_names = ("ckdtree", "kdtree")
        knn = best_times([lambda b=b, j=joint: _knn._kth_neighbour_cpu(j, k, np.inf, backend=b) for b in knn_names], reps)
        eps = knn[0][1]
        assert all(np.array_equal(v, eps) for _, v in knn), "joint k-th neighbour distances differ between backends"
        names = (["sorted"] if d == 1 else []) + ["kdtree", "ckdtree", "brute"]
        counts = best_times([lambda b=b, x=x, e=eps: _knn._count_cpu(x, e, True, backend=b) for b in names], reps)
        assert all(np.array_equal(v, counts[0][1]) for _, v in counts), "marginal counts differ between backends"
        t = dict(zip(names, (c[0] for c in counts), strict=True))
        chosen = "sorted" if d == 1 else "kdtree"
        knn_chosen = "ckdtree"
        fastest = min(t, key=t.get)
        knn_fastest = knn_names[int(knn[1][0] < knn[0][0])]
        cells = " ".join(f"{t[b] * 1e3:8.1f}" if b in t else f"{'-':>8s}" for b in ("sorted", "kdtree", "ckdtree", "brute"))
        print(f"  {d:3d} {cells}   |           {knn[0][0] * 1e3:8.1f} {knn[1][0] * 1e3:8.1f}   counts: {chosen}"
              f"{'' if fastest == chosen else f' (fastest here: {fastest})'}, kNN: {knn_chosen}"
              f"{'' if knn_fastest == knn_chosen else f' (fastest here: {knn_fastest})'}")
        for b in names:
            rows.append(dict(part=f"count_{b}", n=n, d=d, device="cpu", seconds=t[b]))
        for b, (s, _) in zip(knn_names, knn, strict=True):
            rows.append(dict(part=f"knn_{b}", n=n, d=d, device="cpu", seconds=s))
    print("  rule in infolab.measures.knn: max-norm counts in 1-D use the sorted array, in 2-D and above "
          f"sklearn's KDTree (count_only; one query below {_knn._KDTREE_BLOCKED_MIN_DIM} dimensions, blocks on all "
          "cores from there on); k-th neighbours use scipy's cKDTree (all cores). "
          "Counts and distances are identical across backends.")


def scaling_n(sizes, max_seconds: float, repeats: int, rows: list, device: str = "cpu") -> None:
    print(f"\nScaling in n (d = 1 + 1, k = 3, {device}):")
    for n in sizes:
        x, y = data(n, 1)
        if device == "gpu":
            import cupy as cp  # noqa: PLC0415
            x, y = cp.asarray(x), cp.asarray(y)
        t, v = best_time(lambda x=x, y=y: ksg_mutual_information(x, y, k=3), repeats if n <= 100_000 else 1)
        print(f"  n = {n:>9,d}  {t:9.3f} s   I = {v:.4f}")
        rows.append(dict(part="scaling_n", n=n, d=1, device=device, seconds=t, value=v))
        if t > max_seconds:
            print(f"  (stopping: {t:.0f} s > {max_seconds:.0f} s per run)")
            break


def scaling_d(dims, n: int, max_seconds: float, rows: list) -> None:
    print(f"\nScaling in d (d_x = d_y = d, n = {n:,d}, k = 3):")
    for d in dims:
        x, y = data(n, d)
        t, v = best_time(lambda x=x, y=y: ksg_mutual_information(x, y, k=3), 1)
        print(f"  d = {d:3d} + {d:<3d} {t:9.3f} s   I = {v:.4f}")
        rows.append(dict(part="scaling_d", n=n, d=d, device="cpu", seconds=t, value=v))
        if t > max_seconds:
            print(f"  (stopping: {t:.0f} s > {max_seconds:.0f} s per run)")
            break


def figure(rows, out: Path) -> None:
    import matplotlib  # noqa: PLC0415
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    for device in ("cpu", "gpu"):
        sel = [r for r in rows if r["part"] == "scaling_n" and r["device"] == device]
        if sel:
            a1.loglog([r["n"] for r in sel], [r["seconds"] for r in sel], marker="o", label=f"infolab KSG ({device})")
    sk = [r for r in rows if r["part"] == "vs_sklearn"]
    if sk:
        a1.loglog([sk[0]["n"]], [sk[0]["peer_seconds"]], "s", label="scikit-learn (n = 10^4)")
    a1.set_xlabel("n")
    a1.set_ylabel("seconds")
    a1.set_title("d = 1 + 1")
    a1.legend()
    sel = [r for r in rows if r["part"] == "scaling_d"]
    a2.loglog([2 * r["d"] for r in sel], [r["seconds"] for r in sel], marker="o")
    a2.set_xlabel("joint dimension d_x + d_y")
    a2.set_ylabel("seconds")
    a2.set_title(f"n = {sel[0]['n']:,d}" if sel else "")
    fig.tight_layout()
    fig.savefig(out / "mi_speed.png", dpi=120)
    plt.close(fig)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default="/tmp/mi_speed")
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="stop a scaling series after a run this long")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows: list = []
    against_sklearn(max(args.repeats, 15), rows)
    against_npeet(NPEET_DIMS, 3 if args.quick else args.repeats, rows)
    backends(NPEET_DIMS, 2 if args.quick else 3, rows)
    sizes = [1_000, 10_000, 100_000] if args.quick else [1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000]
    dims = [1, 2, 5] if args.quick else [1, 2, 3, 5, 10, 20, 50]
    scaling_n(sizes, args.max_seconds, 3, rows)
    scaling_d(dims, 10_000, args.max_seconds, rows)
    if gpu_available():
        scaling_n(sizes, args.max_seconds, 3, rows, device="gpu")
        print("\nCPU/GPU crossover (d = 1 + 1):")
        for n in sizes:
            c = [r["seconds"] for r in rows if r["part"] == "scaling_n" and r["device"] == "cpu" and r["n"] == n]
            g = [r["seconds"] for r in rows if r["part"] == "scaling_n" and r["device"] == "gpu" and r["n"] == n]
            if c and g:
                print(f"  n = {n:>9,d}  GPU/CPU time ratio {g[0] / c[0]:.2f}")
    else:
        print("\nNo GPU here: the CPU/GPU crossover needs CuPy and a CUDA device.")
    keys = ["part", "n", "d", "device", "seconds", "value", "peer_seconds", "peer_value", "ratio"]
    with open(out / "mi_speed.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)
    figure(rows, out)
    print(f"\nwrote {out}/mi_speed.csv and mi_speed.png")


if __name__ == "__main__":
    main()
