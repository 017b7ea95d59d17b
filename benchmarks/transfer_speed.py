"""KSG transfer entropy and local values against infomeasure, the fastest installed peer that has them.

- KSG TE and conditional TE of a Gaussian VAR path (k = 4, several embeddings), global and
  local values: ``infomeasure.estimator(..., measure="te" | "cte", approach="ksg")`` with its
  noise switched off, so both compute the same numbers (checked below);
- local KSG mutual information and plug-in local TE of binary series;
- discrete (plug-in) TE of binary and 4-symbol series, T = 1e4, 1e5, 1e6, histories (k, l) = (1, 1),
  (2, 2), (3, 1): ``transfer_entropy_from_series`` against ``infomeasure.estimator(source, target,
  measure="te", approach="discrete", src_hist_len=l, dest_hist_len=k, base="e").result()``, values
  side by side (they must agree to 1e-10 nats).

Each timing is the best of a few repeats in one process, after one warm-up call of each side
(infomeasure compiles some kernels on first use); the ratio is peer time / infolab time
(> 1: infolab faster).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/transfer_speed.py            # every section
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/transfer_speed.py discrete   # discrete TE only

Run with ``OMP_NUM_THREADS=1``, as the tests and benchmarks are run on the 2-core machine.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from infolab.data.processes import var_sample
from infolab.measures import (
    ksg_conditional_transfer_entropy,
    ksg_mutual_information_local,
    ksg_transfer_entropy,
    ksg_transfer_entropy_local,
    transfer_entropy_from_series,
    transfer_entropy_from_series_local,
)


def best(f, repeats=3) -> float:
    f()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def row(name: str, ours: float, peer: float | None, agree: float | None = None) -> None:
    if peer is None:
        print(f"{name:<48s} infolab {ours * 1e3:9.1f} ms   infomeasure: not installed")
        return
    tail = "" if agree is None else f"   max |diff| {agree:.1e}"
    print(f"{name:<48s} infolab {ours * 1e3:9.1f} ms   infomeasure {peer * 1e3:9.1f} ms   "
          f"ratio {peer / ours:6.2f}{tail}")


def var_rows(im, n: int) -> None:
    a = [[0.5, 0.0, 0.0], [0.6, 0.3, 0.4], [0.0, 0.0, 0.5]]
    xyz = var_sample(a, np.eye(3), n, seed=0)
    x, y, z = xyz[:, 0], xyz[:, 1], xyz[:, 2]
    for kh, lh in ((1, 1), (3, 3)):
        ours_f = lambda kh=kh, lh=lh: ksg_transfer_entropy(x, y, target_history=kh, source_history=lh)  # noqa: E731
        peer_f = None if im is None else (
            lambda kh=kh, lh=lh: im.estimator(x, y, measure="te", approach="ksg", k=4, noise_level=0,
                                              src_hist_len=lh, dest_hist_len=kh).result())
        agree = None if im is None else abs(ours_f() - peer_f())
        row(f"KSG TE, n={n}, k_y={kh}, l={lh}", best(ours_f), None if im is None else best(peer_f), agree)
    ours_f = lambda: ksg_transfer_entropy_local(x, y, target_history=2, source_history=2)  # noqa: E731
    peer_f = None if im is None else (
        lambda: np.asarray(im.estimator(x, y, measure="te", approach="ksg", k=4, noise_level=0,
                                        src_hist_len=2, dest_hist_len=2).local_vals()))
    agree = None if im is None else float(np.max(np.abs(ours_f() - peer_f())))
    row(f"KSG local TE, n={n}, k_y=l=2", best(ours_f), None if im is None else best(peer_f), agree)
    ours_f = lambda: ksg_conditional_transfer_entropy(x, y, z, target_history=2, source_history=2,  # noqa: E731
                                                      condition_history=2)
    peer_f = None if im is None else (
        lambda: im.estimator(x, y, cond=z, measure="cte", approach="ksg", k=4, noise_level=0, src_hist_len=2,
                             dest_hist_len=2, cond_hist_len=2).result())
    agree = None if im is None else abs(ours_f() - peer_f())
    row(f"KSG conditional TE, n={n}, histories 2", best(ours_f), None if im is None else best(peer_f), agree)


def discrete_te_rows(im) -> None:
    print("discrete (plug-in) TE, nats; OMP_NUM_THREADS=1; ratio = infomeasure time / infolab time")
    rng = np.random.default_rng(0)
    for steps in (10_000, 100_000, 1_000_000):
        repeats = 2 if steps >= 1_000_000 else 3
        for symbols in (2, 4):
            x = rng.integers(0, symbols, steps)
            flip = rng.random(steps) < 0.2
            y = (np.r_[0, x[:-1]] + flip * rng.integers(1, symbols, steps)) % symbols
            for kh, lh in ((1, 1), (2, 2), (3, 1)):
                ours_f = lambda x=x, y=y, kh=kh, lh=lh: transfer_entropy_from_series(  # noqa: E731
                    x, y, target_history=kh, source_history=lh)
                name = f"discrete TE, {symbols} symbols, T=1e{len(str(steps)) - 1}, k={kh}, l={lh}"
                if im is None:
                    row(name, best(ours_f, repeats), None)
                    continue
                peer_f = lambda x=x, y=y, kh=kh, lh=lh: im.estimator(  # noqa: E731
                    x, y, measure="te", approach="discrete", src_hist_len=lh, dest_hist_len=kh, base="e").result()
                ours_v, peer_v = ours_f(), float(peer_f())
                flag = "" if abs(ours_v - peer_v) <= 1e-10 else "   DISAGREE (> 1e-10)"
                row(name, best(ours_f, repeats), best(peer_f, repeats), abs(ours_v - peer_v))
                print(f"{'':<48s} values: infolab {ours_v:.12f}   infomeasure {peer_v:.12f}{flag}")


def main() -> None:
    try:
        import infomeasure as im
    except ImportError:
        im = None

    if "discrete" in sys.argv[1:]:
        discrete_te_rows(im)
        return

    for n in (2000, 10_000):
        var_rows(im, n)

    rng = np.random.default_rng(0)
    u = rng.standard_normal((10_000, 2))
    v = u[:, :1] + rng.standard_normal((10_000, 1))
    ours_f = lambda: ksg_mutual_information_local(u, v, k=4)  # noqa: E731
    peer_f = None if im is None else (
        lambda: np.asarray(im.estimator(u, v, measure="mi", approach="ksg", k=4, noise_level=0).local_vals()))
    agree = None if im is None else float(np.max(np.abs(ours_f() - peer_f())))
    row("KSG local MI, n=1e4, d=2+1", best(ours_f), None if im is None else best(peer_f), agree)

    xs = rng.integers(0, 2, 100_000)
    ys = np.r_[0, xs[:-1]] ^ (rng.random(100_000) < 0.1)
    ours_f = lambda: transfer_entropy_from_series_local(xs, ys, target_history=2, source_history=2)  # noqa: E731
    peer_f = None if im is None else (
        lambda: np.asarray(im.estimator(xs, ys, measure="te", approach="discrete", src_hist_len=2,
                                        dest_hist_len=2).local_vals()))
    agree = None if im is None else float(np.max(np.abs(ours_f() - peer_f())))
    row("plug-in local TE, binary, n=1e5, k_y=l=2", best(ours_f), None if im is None else best(peer_f), agree)

    discrete_te_rows(im)


if __name__ == "__main__":
    main()
