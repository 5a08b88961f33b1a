"""What the demo's monthly run told each partner: the feedback records (JSON) of every file,
keyed by partner and file name as received."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from demo.expected import expected_tables
from demo.generator import Fault, plan_workspace, simulate


def feedback_records(root: Path) -> dict[tuple[str, str], list[dict]]:
    """(partner, file name) -> the feedback records written for it, each with its own path."""
    found: dict[tuple[str, str], list[dict]] = {}
    for path in sorted((root / "feedback").glob("*/*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        found.setdefault((record["partner_id"], record["file"]), []).append(
            {**record, "_path": path}
        )
    return found


def key_of(file: str) -> tuple[str, str]:
    """inbox-relative `partner/name` as (partner, name)."""
    path = PurePosixPath(file)
    return path.parent.name, path.name


def report_of(root: Path, fault: Fault) -> dict:
    [record] = feedback_records(root)[key_of(fault.file)]
    return record


def rules(record: dict, severity: str) -> set[str]:
    return {p["rule"] for p in record["problems"] if p["severity"] == severity}


def expected_for(files: list[str]) -> dict[str, dict]:
    """inbox-relative file -> the tables the demo rendered into it (rows, hours, dates, kinds),
    from the generator's own records."""
    plan = plan_workspace()
    wanted = [d for d in plan.deliveries if d.path in files]
    expected = {}
    for partner in plan.config.partners:
        due = [d for d in wanted if d.partner == partner.id]
        if not due:
            continue
        profile = plan.profiles[partner.id]
        months = simulate(partner, profile, plan.periods, 1.0, 20251)
        for period, month in zip(plan.periods, months, strict=True):
            for d in (d for d in due if d.period == period):
                expected[d.path] = expected_tables(d, month, profile)
    return expected
