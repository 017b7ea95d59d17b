"""GPU check: run the GPU tests, then compare CuPy and NumPy paths (values and speed by size).

Run with the machine's own python3 and ``PYTHONPATH=lib`` (``make gpu-check``). Without a usable GPU
it says so and exits 0. Agreement tolerance: 1e-8 absolute on values in nats (float64 on both).
"""

from __future__ import annotations

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
                            str(ROOT / "tests")], cwd=ROOT, env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "lib")})
    print(f"GPU tests exit code: {tests.returncode}")

    print(f"{'measure':<28} {'n':>6} {'cpu s':>9} {'gpu s':>9} {'speed-up':>9} {'|diff|':>10}")
    worst = 0.0
    for n in (500, 1000, 2000, 4000, 8000):
        x = np.random.default_rng(0).normal(size=(n, 16))
        xg = cp.asarray(x)
        diffusion_spectral_entropy(xg, sigma=4.0)  # warm-up (kernel compilation, cuSOLVER handles)
        cpu_val, cpu_t = _time(lambda x=x: diffusion_spectral_entropy(x, sigma=4.0), repeats=1 if n > 2000 else 3)

        def on_gpu(xg=xg):
            v = diffusion_spectral_entropy(xg, sigma=4.0)
            cp.cuda.Device().synchronize()
            return v

        gpu_val, gpu_t = _time(on_gpu)
        diff = abs(cpu_val - gpu_val)
        worst = max(worst, diff)
        print(f"{'diffusion_spectral_entropy':<28} {n:>6} {cpu_t:>9.3f} {gpu_t:>9.3f} {cpu_t / gpu_t:>9.1f} {diff:>10.2e}")
    ok = tests.returncode == 0 and worst <= TOLERANCE
    print(f"worst CPU/GPU difference {worst:.2e} (tolerance {TOLERANCE:g}): {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
