"""The ``infolab`` command: run notebooks, list papers, write the report, compare runs.

Examples::

    infolab run 11-diffusion-spectral-entropy                 # quick parameters
    infolab run 11 --params full -p seed=3 --device gpu
    infolab run-all --params quick                            # every notebook, one after another
    infolab run-all --params full --workers 2                 # ... in parallel on a local Dask cluster
    infolab sweep 11 -g seed=0:10 -g sigma=5,10,20            # a grid of runs on Dask
    infolab sweep 11 --resume 20261202T211500Z-quick-1a2b3c4d # only the points without a successful run
    infolab list
    infolab report
    infolab lab                                               # JupyterLab on notebooks/
    infolab compare 11-diffusion-spectral-entropy/latest 11-diffusion-spectral-entropy/RUN_ID
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
from pathlib import Path

from .catalogue import WorkbookError, available, find_root, listing, resolve_paper
from .claims import claims_summary_text
from .lab import launch
from .report import write_report
from .runner import run_paper
from .runs import compare_runs, find_run, list_runs

__all__ = ["main"]


def _outputs(args: argparse.Namespace, root: Path) -> Path:
    return Path(args.outputs) if args.outputs else root / "outputs"


def _print_result(result) -> None:
    m = result.manifest
    claims = m.get("claims", {})
    print(f"{m['paper']}: {result.status} in {m.get('duration_s', 0):.1f} s ({claims_summary_text(claims)})")
    for name in claims.get("review_names", []):
        print(f"  review: {name!r} was declared not reproduced but holds in this run; "
              "update the notebook's declaration if the change is understood")
    for name in claims.get("not_run_names", []):
        print(f"  not run under these parameters: {name}")
    if m.get("error"):
        print(f"  error: {m['error'].get('type')}: {m['error'].get('message')}")
        if m["error"].get("cell_index") is not None:
            print(f"  raised in cell {m['error']['cell_index']} of notebook.ipynb: {m['error'].get('first_line')}")
    if m.get("html_error"):
        print(f"  warning: notebook.html is missing, rendering it failed "
              f"({m['html_error'].get('type')}: {m['html_error'].get('message')}); see run.log")
    print(f"  run folder: {result.run_dir}")


def _cmd_run(args: argparse.Namespace) -> int:
    command = "infolab " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    try:
        result = run_paper(args.paper, params=args.params, overrides=args.param, device=args.device,
                           root=args.root, outputs=args.outputs, echo=args.echo, command=command)
    except KeyboardInterrupt:
        print("interrupted: the run folder is marked 'interrupted'", file=sys.stderr)
        return 130
    _print_result(result)
    return 0 if result.ok else 1


def _cmd_run_all(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    if args.scheduler is not None or args.workers is not None:
        return _run_all_on_dask(args, root)
    failed = []
    slugs = available(root)
    for i, slug in enumerate(slugs, 1):
        print(f"[{i}/{len(slugs)}] {slug} ...", flush=True)
        try:
            result = run_paper(slug, params=args.params, root=root, outputs=args.outputs,
                               command=f"infolab run-all --params {args.params}")
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        _print_result(result)
        if not result.ok:
            failed.append(slug)
    print(f"{len(slugs) - len(failed)} succeeded, {len(failed)} failed" + (f": {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


def _run_all_on_dask(args: argparse.Namespace, root: Path) -> int:
    from .sweep import RunRequest, connect, dashboard_line, run_requests  # noqa: PLC0415 - Dask is slow to import

    command = "infolab " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    slugs = available(root)
    requests = [RunRequest.for_paper(resolve_paper(slug, root), root, args.params, command=command) for slug in slugs]
    outcomes = []

    def on_done(i, outcome):
        m = outcome.manifest
        detail = f" ({claims_summary_text(m['claims'])})" if m.get("claims") else ""
        print(f"{slugs[i]}: {outcome.status}{detail}" + (f"; {outcome.error}" if outcome.error else ""), flush=True)

    with connect(args.scheduler, args.workers) as client:
        print(dashboard_line(client), flush=True)
        try:
            outcomes = run_requests(client, requests, _outputs(args, root), on_done=on_done, desc="run-all")
        except KeyboardInterrupt:
            print("interrupted: finished runs are kept", file=sys.stderr)
            return 130
    failed = [slug for slug, o in zip(slugs, outcomes, strict=True) if o.status != "succeeded"]
    print(f"{len(slugs) - len(failed)} succeeded, {len(failed)} failed" + (f": {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    from .sweep import FAILED, INTERRUPTED, SUCCEEDED, parse_grid, sweep  # noqa: PLC0415 - Dask is slow to import

    command = "infolab " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    if args.resume is None and not args.grid:
        raise WorkbookError("A sweep needs at least one grid axis (-g seed=0:10), or --resume SWEEP_ID.")
    grid = parse_grid(args.grid) if args.grid else None
    try:
        result = sweep(args.paper, grid, params=args.params, overrides=args.param, zipped=args.zip,
                       device=args.device, scheduler=args.scheduler, workers=args.workers, resume=args.resume,
                       root=args.root, outputs=args.outputs, command=command,
                       echo=lambda text: print(text, flush=True))
    except KeyboardInterrupt:
        print("interrupted: unfinished points are marked 'interrupted'; finished runs are kept. "
              "Continue with --resume", file=sys.stderr)
        return 130
    print(f"{Path(result.sweep_dir).name}: {result.status}: {result.count(SUCCEEDED)} of {len(result.points)} "
          f"points succeeded, {result.count(FAILED)} failed, {result.count(INTERRUPTED)} interrupted")
    for point in result.points:
        if point["status"] != SUCCEEDED:
            print(f"  point {point['index'] + 1} {point['values']}: {point['status']}: {point.get('error')}")
    print(f"  records: {Path(result.sweep_dir) / 'records.csv'}")
    return 0 if result.ok else 1


def _cmd_list(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    outputs = _outputs(args, root)
    have = set(available(root))
    print(f"{'paper':<45} {'last run':<10} {'claims':<28} run")
    for paper in listing(root):
        if paper.slug not in have:
            print(f"{paper.slug:<45} {'-':<10} {'no notebook yet':<28}")
            continue
        runs = list_runs(outputs, paper.slug)
        if not runs:
            print(f"{paper.slug:<45} {'never':<10} {'':<28}")
            continue
        last = runs[-1]
        claims = claims_summary_text(last.manifest.get("claims") or {}, short=True)
        print(f"{paper.slug:<45} {last.status:<10} {claims:<28} {last.run_id}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    path = write_report(root, _outputs(args, root))
    print(f"wrote {path}")
    return 0


def _cmd_lab(args: argparse.Namespace) -> int:
    launch(find_root(args.root), port=args.port)  # replaces this process; returns only when faked in tests
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    outputs = _outputs(args, root)
    print(compare_runs(find_run(args.run_a, outputs), find_run(args.run_b, outputs)))
    return 0


def _add_cluster_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="an existing Dask scheduler, e.g. tcp://HOST:8786 (SLURM, Kubernetes, dask-cuda, ...)")
    where.add_argument("--workers", type=int, metavar="N",
                       help="worker processes of an embedded Dask LocalCluster (default: one per CPU core)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="infolab", description="Run and inspect the infolab workbook.")
    parser.add_argument("--root", help="workbook root (holds notebooks/ and params/); default: found from here")
    parser.add_argument("--outputs", help="outputs folder; default: ROOT/outputs")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run one paper's notebook into a new run folder")
    run.add_argument("paper", help="paper slug (11-diffusion-spectral-entropy) or number (11)")
    run.add_argument("--params", default="quick", help="quick (default), full, or a YAML file")
    run.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                     help="override one parameter (value parsed as YAML); repeatable")
    run.add_argument("--device", choices=("cpu", "gpu", "auto"), help="sets the notebook's device parameter")
    run.add_argument("--echo", action="store_true", help="print the notebook's output while it runs")
    run.set_defaults(func=_cmd_run)

    run_all = sub.add_parser("run-all", help="run every notebook with one parameter set")
    run_all.add_argument("--params", default="quick", choices=("quick", "full"))
    _add_cluster_options(run_all)
    run_all.set_defaults(func=_cmd_run_all)

    sweep = sub.add_parser("sweep", help="a grid of runs of one paper on Dask, gathered into a sweep folder")
    sweep.add_argument("paper", help="paper slug or number")
    sweep.add_argument("-g", "--grid", action="append", default=[], metavar="NAME=VALUES",
                       help="a swept parameter: start:stop (a range), a,b,c, or a YAML list; repeatable")
    sweep.add_argument("--zip", action="store_true", help="pair the axes' values in order instead of their product")
    sweep.add_argument("--params", default="quick", help="quick (default), full, or a YAML file")
    sweep.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                       help="fix one parameter for every point (value parsed as YAML); repeatable")
    sweep.add_argument("--device", choices=("cpu", "gpu", "auto"), help="sets the notebook's device parameter")
    sweep.add_argument("--resume", metavar="SWEEP_ID", help="run only the points of this sweep without a successful run")
    _add_cluster_options(sweep)
    sweep.set_defaults(func=_cmd_sweep)

    sub.add_parser("list", help="every paper with its last run's status and claims").set_defaults(func=_cmd_list)
    sub.add_parser("report", help="write outputs/index.html").set_defaults(func=_cmd_report)

    compare = sub.add_parser("compare", help="how recorded values moved between two runs")
    compare.add_argument("run_a", help="run folder, PAPER/RUN_ID, PAPER/latest or RUN_ID")
    compare.add_argument("run_b")
    compare.set_defaults(func=_cmd_compare)

    lab = sub.add_parser("lab", help="JupyterLab on notebooks/ (prints the address to open)")
    lab.add_argument("--port", type=int, help="port to serve on; default: the first free one from 8888")
    lab.set_defaults(func=_cmd_lab)
    return parser


def _terminate_as_interrupt(signum, frame):  # noqa: ARG001
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # `kill` (SIGTERM) stops a run like Ctrl-C does: the run folder is marked 'interrupted'.
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    try:
        return args.func(args)
    except WorkbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
