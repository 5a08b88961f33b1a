"""`python -m benchmarks.scale` (`make bench-scale`): ten times the rows of `make bench`, about
ten million (200 partners x 60 months at scale 18). The parse floor, the Prefect floor, the full
run, a re-run with nothing new and a re-run after one new file, each a whole process with its
peak memory (no naive peer); results in benchmarks/results/scale.json and scale.md.

The network is generated into benchmarks/work/ (git-ignored) by two processes, about 10 minutes
on two idle cores, and removed afterwards unless --keep. The whole benchmark takes about an hour
(estimated from 40 partners x 60 months, 1.7M rows).

Example, a middle size: python -m benchmarks.scale --partners 40 --months 60 --out /tmp/scale
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import StepFailed
from benchmarks.network import add_next_month, generate_network, loaded_rows
from benchmarks.report import scale_markdown, scale_targets, write_results
from benchmarks.steps import Steps, results_head

HERE = Path(__file__).resolve().parent


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.scale", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--partners", type=int, default=200, help="partners (default 200)")
    parser.add_argument("--months", type=int, default=60, help="months of history (default 60)")
    parser.add_argument(
        "--scale",
        type=float,
        default=18.0,
        help="rows per file as a multiple of the demo's (default 18: about 10M rows at 200 x 60)",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="processes writing the network (default 2)"
    )
    parser.add_argument(
        "--out", type=Path, default=HERE / "results", help="where scale.json and scale.md go"
    )
    parser.add_argument(
        "--work", type=Path, default=HERE / "work", help="scratch folder, emptied first"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch folder (network, logs) afterwards"
    )
    return parser.parse_args(argv)


def run_scale(args: argparse.Namespace) -> dict[str, Any]:
    shutil.rmtree(args.work, ignore_errors=True)
    print("  generating ...", end="", flush=True)
    started = time.perf_counter()
    network = generate_network(
        args.work / "network",
        partners=args.partners,
        months=args.months,
        scale=args.scale,
        workers=args.workers,
    )
    generated = time.perf_counter() - started
    print(f" {generated:.0f} s, {network.files:,} files", flush=True)
    steps = Steps(network, args.work / "logs")
    measured = steps.up_to_full_run()
    rows = loaded_rows(network)
    measured["rerun_nothing_new"] = steps.beside_floor("rerun_nothing_new", steps.run, times=1)
    measured["prefect_floor"] = steps.prefect_floor()
    add_next_month(network)
    measured["rerun_one_new_file"] = steps.step("rerun_one_new_file", steps.run)
    results: dict[str, Any] = {
        **results_head(args, network, rows),
        "generation": {"wall_s": round(generated, 1), "workers": args.workers},
        **{name: m.as_dict() for name, m in measured.items()},
    }
    results["targets"] = scale_targets(results)
    return results


def main(argv: list[str] | None = None) -> int:
    args = arguments(sys.argv[1:] if argv is None else argv)
    print(
        f"Scale benchmark: {args.partners} partners x {args.months} months, scale {args.scale}",
        flush=True,
    )
    try:
        results = run_scale(args)
    except StepFailed as exc:  # the network and the logs stay, to look into
        print(f"\nbenchmark stopped: {exc}", file=sys.stderr)
        return 2
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)
    json_path, md_path = write_results(results, args.out, name="scale", table=scale_markdown)
    print(md_path.read_text(encoding="utf-8"))
    print(f"written: {json_path}, {md_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
