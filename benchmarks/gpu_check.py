"""GPU check: run the GPU tests, then compare CuPy and NumPy paths (values and speed by size).

Run with the machine's own python3 and ``PYTHONPATH=lib`` (``make gpu-check``). Without a usable GPU
it says so and exits 0. Agreement tolerance: 1e-8 absolute on values in nats (float64 on both).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

from infolab.backend import gpu_available  # noqa: E402

TOLERANCE = 1e-8


def _time(fn, repeats=3):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return value, best


def main() -> int:
    if not gpu_available():
        print("gpu-check: no usable GPU (CuPy missing or no CUDA device); nothing to check.")
        return 0
    import cupy as cp

    from infolab.measures import diffusion_spectral_entropy

    tests = subprocess.run([sys.executable, "-m", "pytest", "-m", "gpu", "-q", "-p", "no:cacheprovider",
                            str(ROOT / "tests")], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "lib")})
    print(f"GPU tests exit code: {tests.returncode}")

    from infolab.measures import ksg_mutual_information, matrix_entropy, sliced_wasserstein_distance

    def data(n, d, seed=0):
        return np.random.default_rng(seed).normal(size=(n, d))

    cases = [  # (name, sizes, make inputs, call on CPU inputs, call on GPU inputs)
        ("diffusion_spectral_entropy", (500, 1000, 2000, 4000, 8000),
         lambda n: (data(n, 16),), lambda x: diffusion_spectral_entropy(x, sigma=4.0)),
        ("ksg_mutual_information", (2000, 10000, 50000),
         lambda n: (data(n, 2), data(n, 2, 1) + data(n, 2)), lambda x, y: ksg_mutual_information(x, y, k=3)),
        ("matrix_entropy", (1000, 4000, 8000),
         lambda n: (data(n, 512),), lambda x: matrix_entropy(x)),
        ("sliced_wasserstein_distance", (10_000, 100_000, 1_000_000),
         lambda n: (data(n, 3), data(n, 3, 1) + 0.5),
         lambda x, y: sliced_wasserstein_distance(x, y, n_projections=100, seed=0)),
    ]
    print(f"{'measure':<28} {'n':>6} {'cpu s':>9} {'gpu s':>9} {'speed-up':>9} {'|diff|':>10}")
    worst = 0.0
    for name, sizes, make, call in cases:
        for n in sizes:
            host = make(n)
            dev = tuple(cp.asarray(a) for a in host)
            call(*dev)  # warm-up: kernel compilation, cuBLAS/cuSOLVER handles

            def on_gpu(dev=dev, call=call):
                value = call(*dev)
                cp.cuda.Device().synchronize()
                return value

            cpu_val, cpu_t = _time(lambda host=host, call=call: call(*host), repeats=1 if n > 4000 else 3)
            gpu_val, gpu_t = _time(on_gpu)
            diff = abs(cpu_val - gpu_val)
            worst = max(worst, diff)
            print(f"{name:<28} {n:>6} {cpu_t:>9.3f} {gpu_t:>9.3f} {cpu_t / gpu_t:>9.1f} {diff:>10.2e}", flush=True)
    ok = tests.returncode == 0 and worst <= TOLERANCE
    print(f"worst CPU/GPU difference {worst:.2e} (tolerance {TOLERANCE:g}): {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
