"""Permutation tests, multivariate measures and PID against the peers that have them, as ratios in one run.

- permutation test of plug-in MI on labels and of KSG MI on samples: infomeasure's
  ``estimator(...).statistical_test(method="permutation_test")``;
- total correlation, dual total correlation and co-information of a table: dit;
- two-source PID (Williams–Beer, BROJA) of the canonical gates: dit.

Each timing is the best of a few repeats; the ratio is peer time / infolab time (> 1: infolab faster).

    .venv/bin/python benchmarks/significance_speed.py
"""

from __future__ import annotations

import time

import numpy as np

from infolab.measures import (
    co_information_pmf,
    dual_total_correlation_pmf,
    ksg_mutual_information,
    mutual_information_from_labels,
    permutation_test,
    pid_broja,
    pid_williams_beer,
    total_correlation_pmf,
)


def best(f, repeats=3) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def row(name: str, ours: float, peer: float | None, peer_name: str) -> None:
    if peer is None:
        print(f"{name:<46s} infolab {ours * 1e3:9.1f} ms   {peer_name}: not installed")
    else:
        print(f"{name:<46s} infolab {ours * 1e3:9.1f} ms   {peer_name} {peer * 1e3:9.1f} ms   ratio {peer / ours:6.2f}")


def main() -> None:
    rng = np.random.default_rng(0)
    try:
        import infomeasure as im
    except ImportError:
        im = None
    try:
        import dit
        from dit.multivariate import coinformation, dual_total_correlation, total_correlation
        from dit.pid import PID_BROJA, PID_WB
    except ImportError:
        dit = None

    x = rng.integers(0, 4, 10_000)
    y = (x + rng.integers(0, 3, 10_000)) % 4
    ours = best(lambda: permutation_test(mutual_information_from_labels, x, y, n_permutations=199))
    peer = None if im is None else best(lambda: im.estimator(x, y, measure="mi", approach="discrete")
                                        .statistical_test(n_tests=199, method="permutation_test"))
    row("permutation test, plug-in MI, n=1e4, 199", ours, peer, "infomeasure")

    a = rng.normal(size=2000)
    b = a + rng.normal(size=2000)
    ours = best(lambda: permutation_test(lambda u, v: ksg_mutual_information(u, v, k=4), a, b, n_permutations=49), 1)
    peer = None if im is None else best(lambda: im.estimator(a, b, measure="mi", approach="ksg", k=4)
                                        .statistical_test(n_tests=49, method="permutation_test"), 1)
    row("permutation test, KSG MI, n=2000, 49", ours, peer, "infomeasure")

    pmf = rng.dirichlet(np.ones(4 ** 4)).reshape(4, 4, 4, 4)
    if dit is not None:
        outcomes = [idx for idx in np.ndindex(pmf.shape)]
        d = dit.Distribution(outcomes, pmf.ravel().tolist())
    for name, ours_f, peer_f in (("total correlation, 4 variables of 4 states", total_correlation_pmf,
                                  None if dit is None else total_correlation),
                                 ("dual total correlation, same table", dual_total_correlation_pmf,
                                  None if dit is None else dual_total_correlation),
                                 ("co-information, same table", co_information_pmf,
                                  None if dit is None else coinformation)):
        ours = best(lambda f=ours_f: f(pmf, base=2))
        peer = None if peer_f is None else best(lambda f=peer_f: f(d))
        row(name, ours, peer, "dit")

    gate = np.zeros((2, 2, 2))
    for s1 in (0, 1):
        for s2 in (0, 1):
            gate[s1, s2, s1 & s2] = 0.25
    noisy = 0.9 * gate + 0.1 / 8
    if dit is not None:
        dn = dit.Distribution([idx for idx in np.ndindex(noisy.shape)], noisy.ravel().tolist())
    for name, ours_f, peer_f in (("PID Williams-Beer, noisy AND", pid_williams_beer, None if dit is None else PID_WB),
                                 ("PID BROJA, noisy AND", pid_broja, None if dit is None else PID_BROJA)):
        ours = best(lambda f=ours_f: f(noisy))
        peer = None if peer_f is None else best(lambda f=peer_f: f(dn))
        row(name, ours, peer, "dit")


if __name__ == "__main__":
    main()
