"""Speed of the spectral measures: the SVD-free nuclear-norm approximation against matrix entropy,
and matrix / diffusion spectral entropy against a bare ``eigvalsh`` floor; GPU speed-ups if present.

Sections (every ratio is measured in the same run, on the same machine):

1. Paper 23's headline (Li et al., arXiv:2410.10672): time of matrix entropy over time of the
   matrix nuclear-norm score (MNN) for L = 512 tokens and a growing hidden size d. Matrix entropy is
   timed both as the paper computes it (d × d covariance + ``eigvalsh``) and as
   ``infolab.measures.matrix_entropy`` does (the smaller of the two Gram matrices); the exact nuclear
   norm (SVD) is shown too.
2. Entropies of n points (d = 64) for n = 1,000 ... 10,000, relative to ``numpy.linalg.eigvalsh`` of a
   symmetric n × n matrix (the floor for any measure that needs the whole spectrum of an n × n
   operator): the von Neumann entropy of a Gaussian Gram matrix (Gram + eigenvalues), the linear
   matrix entropy of the same data (d × d only), and diffusion spectral entropy
   (``infolab.measures.diffusion_spectral_entropy``), if that module is present.
3. GPU (only when CuPy sees a CUDA device): the same measures with CuPy arrays, CPU time over GPU
   time per size, and the crossover size where the GPU starts to win.

Each time is the minimum over at least ``--repeats`` runs (more for fast functions, until 0.25 s have
been spent; the least disturbed run on a shared machine), with
BLAS/LAPACK limited to ``--threads`` threads (default 1, so that ratios do not depend on how busy the
other cores are; ``--threads 0`` keeps the library's default). With one thread the CPU times are the
process's CPU time (``time.process_time``), which does not count time spent waiting for a core;
otherwise, and on the GPU, they are wall times.
Writes ``spectral_speed.csv`` and ``spectral_speed.png`` into OUT_DIR.

Usage::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/spectral_speed.py [OUT_DIR] [--quick] [--max-n N] [--repeats R] [--threads T] [--no-gpu]

Run with ``OMP_NUM_THREADS=1`` (as the tests and benchmarks are run on the 2-core machine). Section 2
prints, at each n, the time of each measure over the time of the bare ``eigvalsh``; the target for
``matrix_entropy`` and ``diffusion_spectral_entropy`` is at most 1.2x.

Defaults cap section 2 at n = 4,000: on 2 CPU cores one ``eigvalsh`` of a 10,000 × 10,000 matrix
takes minutes and the section runs it four times per repeat; pass ``--max-n 10000`` to go all the way.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from pathlib import Path

import numpy as np

from infolab.backend import gpu_available
from infolab.measures import (
    gram_matrix,
    matrix_entropy,
    matrix_nuclear_norm_score,
    nuclear_norm,
    spectrum_entropy,
    von_neumann_entropy,
)

try:
    from infolab.measures import diffusion_spectral_entropy
except ImportError:  # the diffusion module may not be present in every checkout
    diffusion_spectral_entropy = None

ALL_SIZES = (1000, 2000, 4000, 7000, 10000)
MNN_DIMS = (256, 512, 1024, 2048, 4096)
MNN_TOKENS = 512
DATA_DIM = 64


#: CPU timings use the process's CPU time when BLAS runs on one thread (waiting for a busy core is not
#: counted), wall time otherwise; GPU timings always use wall time after a device synchronisation.
CPU_CLOCK = {"clock": time.perf_counter}


def best_time(func, repeats: int, sync=None, min_total: float = 0.25, max_runs: int = 200) -> float:
    """Minimum time of ``func()`` over at least ``repeats`` runs, and more (up to ``max_runs``) until
    ``min_total`` seconds have been spent, so that fast functions are timed over many runs."""
    clock = time.perf_counter if sync is not None else CPU_CLOCK["clock"]
    times: list[float] = []
    while len(times) < repeats or (sum(times) < min_total and len(times) < max_runs):
        start = clock()
        func()
        if sync is not None:
            sync()
        times.append(clock() - start)
    return min(times)


def matrix_entropy_paper(hidden_states, xp=np):
    """Matrix entropy as the paper's timing code computes it: d × d covariance of unit rows, eigvalsh."""
    z = hidden_states / xp.linalg.norm(hidden_states, axis=1, keepdims=True)
    cov = z.T @ z / z.shape[0]
    eigenvalues = xp.linalg.eigvalsh(cov / xp.trace(cov))
    return spectrum_entropy(xp.abs(eigenvalues)) / math.log(z.shape[1])


def section_mnn(dims, repeats, rows):
    print(f"\n1. MNN against matrix entropy, L = {MNN_TOKENS} tokens (times in ms)")
    print(f"{'d':>6} {'ME paper':>10} {'ME infolab':>11} {'exact nuc':>10} {'MNN':>8} {'ME/MNN':>8} {'MEinfolab/MNN':>14}")
    rng = np.random.default_rng(0)
    for d in dims:
        x = rng.normal(size=(MNN_TOKENS, d))
        t_me = best_time(lambda x=x: matrix_entropy_paper(x), repeats)
        unit = x / np.linalg.norm(x, axis=1, keepdims=True)
        t_me_ours = best_time(lambda unit=unit: matrix_entropy(unit), repeats)
        t_nuc = best_time(lambda x=x: nuclear_norm(x), repeats)
        t_mnn = best_time(lambda x=x: matrix_nuclear_norm_score(x), repeats)
        print(f"{d:6d} {t_me * 1e3:10.2f} {t_me_ours * 1e3:11.2f} {t_nuc * 1e3:10.2f} {t_mnn * 1e3:8.3f} "
              f"{t_me / t_mnn:8.1f} {t_me_ours / t_mnn:14.1f}")
        for name, t in (("matrix_entropy_paper", t_me), ("matrix_entropy", t_me_ours), ("nuclear_norm", t_nuc),
                        ("matrix_nuclear_norm_score", t_mnn)):
            rows.append(dict(section="mnn", device="cpu", size=d, measure=name, seconds=t, ratio_to_floor=t / t_mnn,
                             floor="matrix_nuclear_norm_score"))


def entropy_measures(x, sigma):
    measures = {
        "von_neumann_entropy(gaussian gram)": lambda: von_neumann_entropy(gram_matrix(x, kernel="gaussian", sigma=sigma)),
        "matrix_entropy (linear, d x d)": lambda: matrix_entropy(x),
    }
    if diffusion_spectral_entropy is not None:
        measures["diffusion_spectral_entropy"] = lambda: diffusion_spectral_entropy(x, sigma=sigma)
    return measures


def section_entropies(sizes, repeats, rows):
    print(f"\n2. Entropies of n points in d = {DATA_DIM}, relative to numpy.linalg.eigvalsh(n x n) "
          "(target: matrix_entropy and diffusion_spectral_entropy <= 1.2x)")
    if diffusion_spectral_entropy is None:
        print("   note: infolab.measures.diffusion_spectral_entropy is not available; skipping it.")
    rng = np.random.default_rng(1)
    sigma = math.sqrt(DATA_DIM)
    for n in sizes:
        x = rng.normal(size=(n, DATA_DIM))
        k = gram_matrix(x, kernel="gaussian", sigma=sigma)
        floor = best_time(lambda k=k: np.linalg.eigvalsh(k), repeats)
        rows.append(dict(section="entropy", device="cpu", size=n, measure="eigvalsh floor", seconds=floor,
                         ratio_to_floor=1.0, floor="eigvalsh"))
        parts = [f"n = {n:6d}: eigvalsh {floor:8.3f} s"]
        for name, func in entropy_measures(x, sigma).items():
            t = best_time(func, repeats)
            rows.append(dict(section="entropy", device="cpu", size=n, measure=name, seconds=t,
                             ratio_to_floor=t / floor, floor="eigvalsh"))
            parts.append(f"{name} {t / floor:6.2f}x")
        print(" | ".join(parts))
        sys.stdout.flush()


def section_gpu(sizes, dims, repeats, rows):
    import cupy as cp  # noqa: PLC0415

    sync = cp.cuda.Device().synchronize
    print("\n3. GPU: CPU time / GPU time (same measure, same input)")
    rng = np.random.default_rng(2)
    sigma = math.sqrt(DATA_DIM)
    for d in dims:
        x = rng.normal(size=(MNN_TOKENS, d))
        xg = cp.asarray(x)
        for name, cpu_f, gpu_f in (
            ("matrix_entropy_paper", lambda x=x: matrix_entropy_paper(x), lambda xg=xg: matrix_entropy_paper(xg, cp)),
            ("nuclear_norm", lambda x=x: nuclear_norm(x), lambda xg=xg: nuclear_norm(xg)),
            ("matrix_nuclear_norm_score", lambda x=x: matrix_nuclear_norm_score(x), lambda xg=xg: matrix_nuclear_norm_score(xg)),
        ):
            gpu_f()  # warm-up: CUDA context, kernels, cuSOLVER handles
            t_cpu, t_gpu = best_time(cpu_f, repeats), best_time(gpu_f, repeats, sync)
            rows.append(dict(section="gpu-mnn", device="gpu", size=d, measure=name, seconds=t_gpu,
                             ratio_to_floor=t_cpu / t_gpu, floor="same measure on cpu"))
            print(f"d = {d:5d} {name:>28}: cpu {t_cpu * 1e3:9.2f} ms, gpu {t_gpu * 1e3:8.2f} ms, speed-up {t_cpu / t_gpu:7.1f}")
    crossover: dict[str, int | None] = {}
    for n in sizes:
        x = rng.normal(size=(n, DATA_DIM))
        xg = cp.asarray(x)
        k = gram_matrix(x, kernel="gaussian", sigma=sigma)
        kg = cp.asarray(k)
        pairs = {"eigvalsh floor": (lambda k=k: np.linalg.eigvalsh(k), lambda kg=kg: cp.linalg.eigvalsh(kg))}
        cpu_measures, gpu_measures = entropy_measures(x, sigma), entropy_measures(xg, sigma)
        for name in cpu_measures:
            pairs[name] = (cpu_measures[name], gpu_measures[name])
        for name, (cpu_f, gpu_f) in pairs.items():
            gpu_f()
            sync()
            t_cpu, t_gpu = best_time(cpu_f, repeats), best_time(gpu_f, repeats, sync)
            speedup = t_cpu / t_gpu
            if speedup > 1 and crossover.get(name) is None:
                crossover[name] = n
            crossover.setdefault(name, None)
            rows.append(dict(section="gpu-entropy", device="gpu", size=n, measure=name, seconds=t_gpu,
                             ratio_to_floor=speedup, floor="same measure on cpu"))
            print(f"n = {n:6d} {name:>36}: cpu {t_cpu:8.3f} s, gpu {t_gpu:8.4f} s, speed-up {speedup:7.1f}")
    print("crossover (smallest n tested where the GPU is faster):", crossover)


def plot(rows, path: Path) -> None:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    mnn = [r for r in rows if r["section"] == "mnn" and r["measure"] != "matrix_nuclear_norm_score"]
    for name in sorted({r["measure"] for r in mnn}):
        pts = [r for r in mnn if r["measure"] == name]
        axes[0].plot([r["size"] for r in pts], [r["ratio_to_floor"] for r in pts], "o-", label=name)
    axes[0].axhspan(8, 24, color="0.85", label="paper: 8x-24x (whole runs)")
    axes[0].set_xscale("log", base=2)
    axes[0].set(yscale="log", xlabel="hidden size d (L = 512)", ylabel="time / time(MNN)")
    axes[0].legend(fontsize=8)
    ent = [r for r in rows if r["section"] == "entropy" and r["measure"] != "eigvalsh floor"]
    for name in sorted({r["measure"] for r in ent}):
        pts = [r for r in ent if r["measure"] == name]
        axes[1].plot([r["size"] for r in pts], [r["ratio_to_floor"] for r in pts], "o-", label=name)
    axes[1].axhline(1.0, color="k", lw=1)
    axes[1].set(xscale="log", yscale="log", xlabel="n points", ylabel="time / time(eigvalsh n x n)")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default="/tmp/infolab-bench/spectral_speed")
    parser.add_argument("--quick", action="store_true", help="small sizes, 2 repeats (well under a minute)")
    parser.add_argument("--max-n", type=int, default=4000, help="largest n of section 2 (default 4000)")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS/LAPACK threads for every CPU timing (default 1: stable ratios on a shared "
                             "machine; 0 keeps the library default)")
    parser.add_argument("--no-gpu", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    repeats = args.repeats or (2 if args.quick else 3)
    max_n = min(args.max_n, 2000) if args.quick else args.max_n
    sizes = [n for n in ALL_SIZES if n <= max_n]
    dims = [d for d in MNN_DIMS if d <= (1024 if args.quick else 4096)]
    skipped = [n for n in ALL_SIZES if n > max_n]
    if skipped:
        print(f"note: section 2 capped at n = {max_n} (skipping {skipped}); see --max-n.")
    limiter = None
    if args.threads > 0:
        from threadpoolctl import threadpool_limits  # noqa: PLC0415

        limiter = threadpool_limits(limits=args.threads)
        if args.threads == 1:
            CPU_CLOCK["clock"] = time.process_time
    print("CPU clock:", "process CPU time (1 BLAS thread)" if CPU_CLOCK["clock"] is time.process_time else "wall time")
    rows: list[dict] = []
    section_mnn(dims, repeats, rows)
    section_entropies(sizes, repeats, rows)
    if args.no_gpu or not gpu_available():
        print("\n3. GPU: skipped (" + ("--no-gpu" if args.no_gpu else "no CUDA device visible to CuPy") + ").")
    else:
        gpu_sizes = [n for n in ALL_SIZES if n <= (2000 if args.quick else 10000)]
        section_gpu(gpu_sizes, dims, repeats, rows)
    with open(out / "spectral_speed.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    plot(rows, out / "spectral_speed.png")
    print(f"\nwrote {out / 'spectral_speed.csv'} and {out / 'spectral_speed.png'}")
    if limiter is not None:
        limiter.restore_original_limits()
    return 0


if __name__ == "__main__":
    sys.exit(main())
