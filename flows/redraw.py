"""Pages redrawn only when what they show changed. A partner's page shows that partner's
months alone, so its fingerprint is the digest of that partner's submissions and rows (kept by
the model build) with the month reported, consortium.yaml, the code, and which of its counts of
people the site hides. The page is carried over from the published site when the site's
fingerprint of it is the same, instead of rendered. The
consortium-wide pages change with any partner (and the submission grid with the clock): they
are rendered every run. The fingerprints live in the site folder itself, so they are swapped in
with the pages they describe and never disagree with them.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Mapping
from pathlib import Path

import duckdb

from core.config import Workspace
from core.fingerprint import recorded_fingerprints
from flows.inbox_state import code_fingerprint, config_bytes
from publish.disclosure import Cell


def partner_page_fingerprints(
    ws: Workspace, con: duckdb.DuckDBPyConnection, period: str, hidden: Mapping[Cell, str]
) -> dict[str, str]:
    """Each partner page's file with the fingerprint of what it shows; none when the models were
    not built per partner-month. `hidden` marks the counts of people the site hides (by
    dashboards.published): another partner's figures can hide one of this partner's."""
    from dashboards.published import partner_of
    from transforms.runner import partner_inputs

    inputs = partner_inputs(con)
    if inputs is None:
        return {}
    common = hashlib.sha256(code_fingerprint() + config_bytes(ws) + period.encode()).hexdigest()
    marks: dict[str | None, list[str]] = {}
    for cell, mark in hidden.items():
        marks.setdefault(partner_of(cell), []).append(f"{cell}={mark}")
    return {
        f"partner-{partner.id}.html": hashlib.sha256(
            f"{common}:{inputs.get(partner.id, 'nothing')}:{sorted(marks.get(partner.id, []))}".encode()
        ).hexdigest()
        for partner in ws.config.partners
    }


def carry_over(published: Path, staged: Path, fingerprints: dict[str, str]) -> set[str]:
    """Copy into the staged site the published pages whose fingerprint is unchanged; their
    files."""
    earlier = recorded_fingerprints(published)
    staged.mkdir(parents=True, exist_ok=True)
    kept = set()
    for name, fingerprint in fingerprints.items():
        if earlier.get(name) == fingerprint and (published / name).is_file():
            shutil.copyfile(published / name, staged / name)
            kept.add(name)
    return kept
