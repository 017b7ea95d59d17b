"""Sweeps and parallel run-all on Dask against one run after another, in one process on this machine.

1. ``run-all --params quick``: every notebook (or ``--papers``) run serially in this process, then
   on an embedded ``LocalCluster`` of ``--workers`` processes: wall time of each and the speed-up.
2. A sweep of ``--seeds`` seeds of paper 11's quick run on the same cluster size.

Two overheads are reported per point: the worker's (its whole time on the point minus the
notebook's own run time, the manifest's ``duration_s``: the Python process it starts, shipping the
notebook and its run folder) and the cluster's (``workers * wall - sum of worker times``, divided by
the points: scheduling and transfer, plus workers idle at the end when points differ in length).
On a machine with fewer free cores than workers, the speed-up falls short of ``workers``; run it
on a quiet machine.

    .venv/bin/python benchmarks/sweep_speed.py [--papers 03,10,23] [--workers 2] [--seeds 20] [--outputs DIR]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from infolab.workbook.catalogue import available, find_root, resolve_paper
from infolab.workbook.runner import run_paper
from infolab.workbook.runs import list_runs
from infolab.workbook.sweep import RunRequest, connect, run_requests, sweep


def _durations(outputs: Path) -> list[float]:
    return [float(r.manifest.get("duration_s") or 0.0) for r in list_runs(outputs)]


def _overheads(workers: int, wall: float, outcomes) -> tuple[float, float]:
    worker = [o.worker_seconds for o in outcomes if o.worker_seconds is not None]
    runs = [float(o.manifest.get("duration_s") or 0.0) for o in outcomes if o.worker_seconds is not None]
    n = max(len(worker), 1)
    return (sum(worker) - sum(runs)) / n, (workers * wall - sum(worker)) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", help="comma-separated slugs or numbers; default: every notebook")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", type=int, default=20, help="seeds in the sweep of paper 11 (0 skips it)")
    parser.add_argument("--outputs", help="keep the runs and the sweep folder here (default: a temporary folder)")
    args = parser.parse_args()
    root = find_root()
    slugs = [resolve_paper(p, root).slug for p in args.papers.split(",")] if args.papers else available(root)

    with tempfile.TemporaryDirectory(prefix="infolab-bench-") as scratch:
        tmp = args.outputs or scratch
        serial_out, parallel_out, sweep_out = (Path(tmp) / name for name in ("serial", "parallel", "sweep"))
        t0 = time.perf_counter()
        for slug in slugs:
            run_paper(slug, params="quick", root=root, outputs=serial_out)
        serial = time.perf_counter() - t0

        with connect(workers=args.workers) as client:
            client.wait_for_workers(args.workers)
            requests = [RunRequest.for_paper(resolve_paper(s, root), root, "quick") for s in slugs]
            t0 = time.perf_counter()
            outcomes = run_requests(client, requests, parallel_out, progress=False)
            parallel = time.perf_counter() - t0
        ok = sum(o.status == "succeeded" for o in outcomes)
        runs = _durations(parallel_out)
        print(f"run-all --params quick, {len(slugs)} notebooks ({ok} succeeded on the cluster)")
        print(f"  serial, in this process:      {serial:8.1f} s")
        print(f"  LocalCluster, {args.workers} workers:      {parallel:8.1f} s   speed-up {serial / parallel:.2f}x")
        per_worker, per_cluster = _overheads(args.workers, parallel, outcomes)
        print(f"  per-point overhead: worker {per_worker:.2f} s, cluster {per_cluster:.2f} s "
              f"(mean run {sum(runs) / max(len(runs), 1):.1f} s)")

        if args.seeds:
            t0 = time.perf_counter()
            result = sweep("11", {"seed": list(range(args.seeds))}, workers=args.workers, root=root,
                           outputs=sweep_out, progress=False)
            wall = time.perf_counter() - t0  # includes starting and stopping the cluster
            runs = _durations(sweep_out)
            state = json.loads((result.sweep_dir / "sweep.json").read_text())
            print(f"sweep of paper 11, quick, {args.seeds} seeds on {args.workers} workers: {result.status}, "
                  f"{result.count('succeeded')} of {len(result.points)} points")
            print(f"  wall {wall:.1f} s with the cluster's start; {wall / args.seeds:.2f} s per point; mean run "
                  f"{sum(runs) / len(runs):.1f} s, so {args.workers * wall / sum(runs):.2f}x the ideal "
                  f"{sum(runs) / args.workers:.1f} s; {state['records']['rows']} record rows, figures "
                  f"{', '.join(state['records']['figures'])}; folder {result.sweep_dir}")


if __name__ == "__main__":
    main()
