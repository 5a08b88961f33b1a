"""`python -m benchmarks`: a large consortium generated, then the parse floor, the Prefect floor,
our full run, two re-runs, a naive peer and the dashboard weight measured side by side, each a
whole process; results in benchmarks/results/latest.json and latest.md.

Exits 1 when the pipeline and the naive peer disagree on a headline figure (the measurements are
written first, with the differences). Targets missed are reported, not fatal.

Example: python -m benchmarks --partners 4 --months 3 --scale 2 --out /tmp/bench
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks.figures import comparison, pipeline_figures
from benchmarks.measure import StepFailed
from benchmarks.network import add_next_month, generate_network, loaded_rows
from benchmarks.report import targets, write_results
from benchmarks.steps import REPEATS_FULL_RUN, REPEATS_NEW_FILE, Steps, results_head

HERE = Path(__file__).resolve().parent


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--partners", type=int, default=50, help="partners in the network (default 50)"
    )
    parser.add_argument("--months", type=int, default=24, help="months of history (default 24)")
    parser.add_argument(
        "--scale",
        type=float,
        default=16.0,
        help="rows per file as a multiple of the demo's (default 16: a million rows at 50 x 24)",
    )
    parser.add_argument(
        "--out", type=Path, default=HERE / "results", help="where latest.json and latest.md go"
    )
    parser.add_argument(
        "--work", type=Path, default=HERE / "work", help="scratch folder, emptied first"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch folder (network, logs) afterwards"
    )
    return parser.parse_args(argv)


def site_weight(site: Path) -> dict[str, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return {
        "bytes": sum(p.stat().st_size for p in files),
        "pages": sum(p.suffix == ".html" for p in files),
    }


def run_benchmark(args: argparse.Namespace) -> dict[str, Any]:
    shutil.rmtree(args.work, ignore_errors=True)
    network = generate_network(
        args.work / "network", partners=args.partners, months=args.months, scale=args.scale
    )
    steps = Steps(network, args.work / "logs")
    measured = steps.up_to_full_run(times=REPEATS_FULL_RUN)
    dashboard = site_weight(network.root / "site")
    ours = pipeline_figures(network.root / "warehouse.duckdb", network.first, network.last)
    rows = loaded_rows(network)
    measured["rerun_nothing_new"] = steps.beside_floor("rerun_nothing_new", steps.run)
    peer_out = args.work / "naive_peer.json"
    naive = [steps.python, "-m", "benchmarks.naive_peer", str(network.root), str(peer_out)]
    measured["naive_peer"] = steps.step("naive_peer", naive)
    peer = json.loads(peer_out.read_text(encoding="utf-8"))
    # each run after a file that opens a month more: what a run of the month's first report costs
    measured["rerun_one_new_file"] = steps.beside_floor(
        "rerun_one_new_file",
        steps.run,
        times=REPEATS_NEW_FILE,
        before=lambda i: add_next_month(network, ahead=i + 1),
    )
    measured["prefect_floor"] = steps.prefect_floor()

    results: dict[str, Any] = {
        **results_head(args, network, rows),
        **{name: m.as_dict() for name, m in measured.items()},
        "dashboard": dashboard,
        "figures": comparison(ours, peer["partners"], network.first, network.last),
    }
    results["targets"] = targets(results)
    return results


def main(argv: list[str] | None = None) -> int:
    args = arguments(sys.argv[1:] if argv is None else argv)
    print(
        f"Benchmark: {args.partners} partners x {args.months} months, scale {args.scale}",
        flush=True,
    )
    try:
        results = run_benchmark(args)
    except StepFailed as exc:
        print(f"\nbenchmark stopped: {exc}", file=sys.stderr)
        return 2
    json_path, md_path = write_results(results, args.out)
    print(md_path.read_text(encoding="utf-8"))
    print(f"written: {json_path}, {md_path}")
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)
    if not results["figures"]["same"]:
        differences = "\n  ".join(results["figures"]["differences"])
        print(f"pipeline and naive peer disagree:\n  {differences}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
