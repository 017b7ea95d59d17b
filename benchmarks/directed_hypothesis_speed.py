"""Speed of exact directed information and of version-space learning curves, as ratios.

* ``directed_information`` on a path table of (2·2)^n cells, against a floor
  measured in the same run: one full pass over the table (``np.sum``). The
  measure needs about 2n marginalisations, so the ratio should stay near a
  small multiple of n.
* ``version_space_learning_curve`` (first elimination times, hypotheses with
  equal disagreement sets merged) against a readable naive twin that keeps an
  explicit version space and eliminates example by example, on the same draws.

Usage::

    .venv/bin/python benchmarks/directed_hypothesis_speed.py [OUT.csv]

Prints a table and writes the CSV (default /tmp/directed_hypothesis_speed.csv).
"""

from __future__ import annotations

import csv
import sys
import time

import numpy as np

from infolab.measures.directed import directed_information
from infolab.measures.hypothesis import version_space_learning_curve
from infolab.papers.p16_token_information import feedback_channel_law
from infolab.papers.p29_cot_information import linear_threshold_class


def best_of(fn, repeats=3):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def naive_first_success(answers, traces, target, draws):
    """Explicit version space, example by example (the slow, readable twin)."""
    mismatch = (traces != traces[target]).any(axis=2) | (answers != answers[target])
    bad = (answers != answers[target]).any(axis=1)
    alive = np.ones(answers.shape[0], dtype=bool)
    for m, x in enumerate(draws, start=1):
        alive &= ~mismatch[:, x]
        if not np.any(alive & bad):
            return m
    return np.inf


def main(out_path: str) -> None:
    rows = []
    for n in range(4, 11):
        law = feedback_channel_law(n, flip=0.2, noise=0.1, memory=1, feedback=0.3)
        t_di = best_of(lambda law=law: directed_information(law))
        t_floor = best_of(lambda law=law: float(np.sum(law)))
        rows.append(dict(task="directed_information", size=law.size, seconds=t_di, reference_seconds=t_floor,
                         ratio=t_di / t_floor))
    cls = linear_threshold_class(8, 16)
    rng = np.random.default_rng(0)
    target, m_max = 100, 3000
    for n_trials in (20, 50):
        t_fast = best_of(lambda nt=n_trials: version_space_learning_curve(cls.answers, cls.traces, target, [m_max],
                                                                          supervision="cot", n_trials=nt, seed=1), 1)
        draws = [rng.integers(0, cls.answers.shape[1], m_max) for _ in range(n_trials)]
        t_naive = best_of(lambda dr=draws: [naive_first_success(cls.answers, cls.traces, target, d) for d in dr], 1)
        rows.append(dict(task="learning_curve_trials", size=n_trials, seconds=t_fast, reference_seconds=t_naive,
                         ratio=t_fast / t_naive))
    print(f"{'task':<24}{'size':>10}{'seconds':>12}{'reference':>12}{'ratio':>10}")
    for r in rows:
        print(f"{r['task']:<24}{r['size']:>10}{r['seconds']:>12.4f}{r['reference_seconds']:>12.5f}{r['ratio']:>10.2f}")
    with open(out_path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/directed_hypothesis_speed.csv")
