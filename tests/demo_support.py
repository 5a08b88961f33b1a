"""What the demo's monthly run told each partner: the feedback records (JSON) of every file,
keyed by partner and file name as received."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from demo.generator import Fault


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
