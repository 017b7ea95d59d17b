"""Rényi/Tsallis entropies, Jensen–Shannon divergence and channel capacity against the peers that have them, as ratios in one run.

- kNN Rényi and Tsallis entropies (Leonenko–Pronzato–Savani): infomeasure
  ``entropy(x, approach="renyi" | "tsallis")``, the same estimator (the values are
  printed side by side);
- Rényi and Tsallis entropies of a distribution: dit ``other.renyi_entropy``,
  ``other.tsallis_entropy``;
- Jensen–Shannon divergence of two distributions: ``scipy.spatial.distance.jensenshannon``
  (squared);
- channel capacity by Blahut–Arimoto: dit ``algorithms.channel_capacity`` (bits);
- the kNN Jensen–Shannon divergence and the discrete information bottleneck have no
  installed peer with the same estimator; they are timed alone.

Each timing is the best of a few repeats (7 for the kNN rows, whose tree queries vary most); the ratio is peer time / infolab time (> 1: infolab faster).

    .venv/bin/python benchmarks/divergence_speed.py
"""

from __future__ import annotations

import time

import numpy as np
from scipy.spatial.distance import jensenshannon

from infolab.measures import (
    channel_capacity,
    information_bottleneck_curve,
    jensen_shannon_divergence,
    knn_jensen_shannon_divergence,
    knn_renyi_entropy,
    knn_tsallis_entropy,
    renyi_entropy,
    tsallis_entropy,
)


def best(f, repeats=3) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def row(name: str, ours: float, peer: float | None, peer_name: str, values: str = "") -> None:
    if peer is None:
        print(f"{name:<46s} infolab {ours * 1e3:9.2f} ms   {peer_name}{values}")
    else:
        print(f"{name:<46s} infolab {ours * 1e3:9.2f} ms   {peer_name} {peer * 1e3:9.2f} ms   "
              f"ratio {peer / ours:6.2f}{values}")


def main() -> None:
    rng = np.random.default_rng(0)
    try:
        import infomeasure as im
    except ImportError:
        im = None
    try:
        import dit
        from dit.algorithms import channel_capacity as dit_capacity
        from dit.other import renyi_entropy as dit_renyi
        from dit.other import tsallis_entropy as dit_tsallis
    except ImportError:
        dit = None

    for n, d in ((5000, 2), (20_000, 3)):
        x = rng.standard_normal((n, d))
        for label, ours_f, approach, key in (("Rényi", knn_renyi_entropy, "renyi", "alpha"),
                                             ("Tsallis", knn_tsallis_entropy, "tsallis", "q")):
            ours = best(lambda f=ours_f, x=x: f(x, 2.0, k=4), 7)
            peer = None
            values = ""
            if im is not None:
                kwargs = {key: 2.0}
                peer = best(lambda a=approach, kw=kwargs, x=x: im.entropy(x, approach=a, k=4, base="e", **kw), 7)
                values = (f"   values {ours_f(x, 2.0, k=4):.6f} / "
                          f"{im.entropy(x, approach=approach, k=4, base='e', **kwargs):.6f}")
            row(f"kNN {label} entropy, α=2, k=4, n={n}, d={d}", ours, peer,
                "infomeasure" if im is not None else "infomeasure: not installed", values)

    p = rng.dirichlet(np.ones(1000))
    q = rng.dirichlet(np.ones(1000))
    if dit is not None:
        dist = dit.Distribution([str(i) for i in range(p.size)], p.tolist())
    for label, ours_f, peer_f in (("Rényi entropy of a pmf, 1000 atoms, α=2", lambda: renyi_entropy(p, 2.0, base=2),
                                   None if dit is None else (lambda: dit_renyi(dist, 2.0))),
                                  ("Tsallis entropy of a pmf, 1000 atoms, α=2", lambda: tsallis_entropy(p, 2.0),
                                   None if dit is None else (lambda: dit_tsallis(dist, 2.0)))):
        ours = best(ours_f, 20)
        peer = None if peer_f is None else best(peer_f, 20)
        row(label, ours, peer, "dit" if dit is not None else "dit: not installed")

    ours = best(lambda: jensen_shannon_divergence(p, q), 20)
    peer = best(lambda: jensenshannon(p, q) ** 2, 20)
    row("Jensen–Shannon of two pmfs, 1000 atoms", ours, peer, "scipy")

    xs, ys = rng.standard_normal((5000, 2)), rng.standard_normal((5000, 2)) + 0.5
    row("kNN Jensen–Shannon, n=m=5000, d=2, k=4", best(lambda: knn_jensen_shannon_divergence(xs, ys, k=4)), None,
        "no installed peer with a kNN estimator")

    for k_in, k_out in ((2, 2), (20, 20), (50, 80)):
        w = rng.dirichlet(np.ones(k_out) * 0.5, size=k_in)
        ours = best(lambda w=w: channel_capacity(w, base=2, tol=1e-9))
        peer = None
        values = ""
        if dit is not None:
            peer = best(lambda w=w: dit_capacity(w))
            values = f"   values {channel_capacity(w, base=2, tol=1e-9).capacity:.8f} / {dit_capacity(w)[0]:.8f} bits"
        row(f"channel capacity, {k_in}x{k_out} channel", ours, peer,
            "dit" if dit is not None else "dit: not installed", values)
        if dit is not None:
            # dit's default stop (consecutive values within rtol=1e-7, atol=1e-9) ends before 1e-8 bits;
            # with atol=1e-12 bits it reaches the same value as the certified gap of 1e-9 nats here.
            peer = best(lambda w=w: dit_capacity(w, rtol=0.0, atol=1e-12))
            values = (f"   values {channel_capacity(w, base=2, tol=1e-9).capacity:.10f} / "
                      f"{dit_capacity(w, rtol=0.0, atol=1e-12)[0]:.10f} bits")
            row("  same, dit to the same accuracy (atol=1e-12)", ours, peer, "dit", values)

    x12 = np.linspace(0.0, 1.0, 12)
    logit = -(x12[:, None] - np.linspace(0.0, 1.0, 3)[None, :]) ** 2 / 0.05
    joint = np.exp(logit - logit.max(axis=1, keepdims=True))
    joint /= joint.sum(axis=1, keepdims=True) * 12
    row("discrete IB curve, 12x3 table, 60 values of β",
        best(lambda: information_bottleneck_curve(joint, np.geomspace(0.5, 50, 60)), 1), None, "no installed peer timed")


if __name__ == "__main__":
    main()
