"""The benchmark's verdict: targets checked against the measurements, written as JSON and as a
Markdown table for the README.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

STEPS = {
    "parse_floor": "(a) parse floor: calamine / csv reading every file",
    "prefect_floor": "(p) Prefect floor: a no-op flow as a whole process",
    "full_run": "(b) `consortium run` over everything, empty warehouse",
    "rerun_nothing_new": "(c) re-run, nothing new",
    "rerun_one_new_file": "(d) re-run after one new file",
    "naive_peer": "(e) naive peer: pandas + openpyxl, GX per file",
}
PIPELINE_RUNS = ("full_run", "rerun_nothing_new", "rerun_one_new_file")
MEMORY_LIMIT_MB = 1.5 * 1024
SCALE_STEPS = {step: STEPS[step] for step in ("parse_floor", "prefect_floor", *PIPELINE_RUNS)}


def target(name: str, value: float, limit: float, *, at_least: bool = False) -> dict[str, Any]:
    passed = value >= limit if at_least else value <= limit
    return {"name": name, "value": round(value, 2), "limit": round(limit, 2), "pass": passed}


def over_floor(results: dict[str, Any], step: str) -> float:
    """How much longer the step took than the Prefect floor: the median of its runs' differences
    from the floor run after each, when it was measured so, else the difference of the medians."""
    paired = results[step].get("minus_floor_s")
    if paired:
        return statistics.median(paired)
    return results[step]["wall_s"] - results["prefect_floor"]["wall_s"]


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's five targets, each with its measured value, its limit and pass/fail."""
    wall = {step: results[step]["wall_s"] for step in STEPS}
    peak = max(results[step]["peak_rss_mb"] for step in PIPELINE_RUNS)
    return [
        target("b - p <= 5 x a (s)", over_floor(results, "full_run"), 5 * wall["parse_floor"]),
        target("e / b >= 5", wall["naive_peer"] / wall["full_run"], 5, at_least=True),
        target("c - p <= 1 s", over_floor(results, "rerun_nothing_new"), 1),
        target("d - p <= 3 s", over_floor(results, "rerun_one_new_file"), 3),
        target("peak memory of b, c, d <= 1.5 GB (MB)", peak, MEMORY_LIMIT_MB),
    ]


def repeats(measured: dict[str, Any]) -> str:
    runs = measured.get("runs_wall_s", [])
    if not runs:
        return ""
    paired = measured.get("minus_floor_s", [])
    beside = (
        f"; each less the floor run after it: {', '.join(f'{d:+.1f}' for d in paired)} s"
        if paired
        else ""
    )
    return f" (median of {len(runs)}: {', '.join(f'{w:.1f}' for w in runs)} s{beside})"


def steps_table(results: dict[str, Any], steps: dict[str, str]) -> list[str]:
    return [
        "| step | wall (s) | CPU (s) | peak RSS (MB) |",
        "|---|---:|---:|---:|",
        *(
            f"| {label}{repeats(m)} | {m['wall_s']:.2f} | {m['cpu_s']:.2f} | "
            f"{m['peak_rss_mb']:.0f} |"
            for step, label in steps.items()
            for m in [results[step]]
        ),
    ]


def targets_table(results: dict[str, Any]) -> list[str]:
    return [
        "| target | measured | limit | |",
        "|---|---:|---:|---|",
        *(
            f"| {t['name']} | {t['value']} | {t['limit']} | {'pass' if t['pass'] else '**FAIL**'} |"
            for t in results["targets"]
        ),
    ]


def markdown(results: dict[str, Any]) -> str:
    size, dashboard = results["size"], results["dashboard"]
    lines = [
        f"{results['files']:,} files, {results['rows']:,} data rows "
        f"({size['partners']} partners x {size['months']} months, scale {size['scale']}); "
        f"{results['machine']}, {results['measured_at']}.",
        "",
        *steps_table(results, STEPS),
        f"| (f) dashboard: {dashboard['pages']} pages, {dashboard['bytes'] / 1e6:.2f} MB | | | |",
        "",
        *targets_table(results),
        "",
        f"Headline figures of (b) and (e): {'the same' if results['figures']['same'] else '**DIFFERENT**'} "
        f"({', '.join(results['figures']['compared'])}, per partner over "
        f"{results['figures']['from']} to {results['figures']['to']}).",
    ]
    return "\n".join(lines) + "\n"


def scale_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """At ten times the rows the issue asks only that memory stays bounded."""
    peak = max(results[step]["peak_rss_mb"] for step in PIPELINE_RUNS)
    return [target("peak memory of b, c, d <= 1.5 GB (MB)", peak, MEMORY_LIMIT_MB)]


def scale_markdown(results: dict[str, Any]) -> str:
    """The scale benchmark's table: generation, then the same steps as `make bench` without
    the naive peer."""
    size = results["size"]
    lines = [
        f"{results['files']:,} files, {results['rows']:,} data rows "
        f"({size['partners']} partners x {size['months']} months, scale {size['scale']}; "
        f"generated in {results['generation']['wall_s']:.0f} s by "
        f"{results['generation']['workers']} processes); "
        f"{results['machine']}, {results['measured_at']}.",
        "",
        *steps_table(results, SCALE_STEPS),
        "",
        *targets_table(results),
    ]
    return "\n".join(lines) + "\n"


def write_results(
    results: dict[str, Any], out: Path, *, name: str = "latest", table: Any = markdown
) -> tuple[Path, Path]:
    """results/<name>.json and <name>.md (the table as `table` writes it)."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / f"{name}.json", out / f"{name}.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(table(results), encoding="utf-8")
    return json_path, md_path
