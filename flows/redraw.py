"""Pages redrawn only when what they show changed. A partner's page shows that partner's
months alone, so its fingerprint is the digest of that partner's submissions and rows (kept by
the model build) with the month reported, consortium.yaml, the code, which of its counts of
people the site hides, and which of its tables and months it still owes (a month falls due with
the clock, not with a file). The page is carried over from the published site when the site's
fingerprint of it is the same, instead of rendered. The
consortium-wide pages change with any partner (and the submission grid with the clock): they
are rendered every run. The fingerprints live in the site folder itself, so they are swapped in
with the pages they describe and never disagree with them.

An export of earlier months (an earlier run's, or one `consortium export` made) shows every
partner's months up to its last: when a correction, a file released from a lock, consortium.yaml
or the code changed what they come to, the run makes it again, with the options it was made
with. One as of a past day stays as it was made.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd

from core.config import Workspace
from core.fingerprint import recorded_fingerprints
from export.figures import ExportMade, exports_made
from flows.inbox_state import code_fingerprint, config_bytes
from publish.disclosure import Cell


def partner_page_fingerprints(
    ws: Workspace,
    con: duckdb.DuckDBPyConnection,
    period: str,
    hidden: Mapping[Cell, str],
    outstanding: pd.DataFrame,
) -> dict[str, str]:
    """Each partner page's file with the fingerprint of what it shows; none when the models were
    not built per partner-month. `hidden` marks the counts of people the site hides (by
    publish.site_plan): another partner's figures can hide one of this partner's.
    `outstanding` are the tables owed of the page's months that no file brought (the site's
    transforms.figures.outstanding_tables), which the page names: a month is owed once its
    deadline has passed, so the clock alone can change them, with no file of the partner's."""
    from publish.site_plan import partner_of
    from transforms.runner import partner_inputs

    inputs = partner_inputs(con)
    if inputs is None:
        return {}
    common = hashlib.sha256(code_fingerprint() + config_bytes(ws) + period.encode()).hexdigest()
    marks: dict[str | None, list[str]] = {}
    for cell, mark in hidden.items():
        marks.setdefault(partner_of(cell), []).append(f"{cell}={mark}")
    owed: dict[str, list[str]] = {}
    for partner_id, month, table in outstanding[["partner_id", "period", "table_name"]].itertuples(
        index=False
    ):
        owed.setdefault(partner_id, []).append(f"{month}:{table}")
    return {
        f"partner-{partner.id}.html": hashlib.sha256(
            f"{common}:{inputs.get(partner.id, 'nothing')}:{sorted(marks.get(partner.id, []))}"
            f":{sorted(owed.get(partner.id, []))}".encode()
        ).hexdigest()
        for partner in ws.config.partners
    }


def export_inputs(ws: Workspace, con: duckdb.DuckDBPyConnection, last: str) -> str | None:
    """The fingerprint of what an export up to `last` shows: each partner-month up to it as its
    models were built, consortium.yaml and the code. None when the models were not built per
    partner-month."""
    from transforms.runner import partner_month_digests

    months = partner_month_digests(con)
    if months is None:
        return None
    digest = hashlib.sha256(code_fingerprint() + config_bytes(ws))
    for partner_id, period, inputs in months:
        if period <= last:
            digest.update(f"{partner_id}:{period}:{inputs};".encode())
    return digest.hexdigest()


def outdated_exports(
    ws: Workspace, con: duckdb.DuckDBPyConnection, made: Path
) -> list[tuple[Path, ExportMade]]:
    """The exports beside the one just `made` whose figures changed since they were made (or
    whose fingerprint is not known), each with what it was made with; none as of a past day, nor
    one for a partner or in a language the consortium no longer has."""
    outdated = []
    for folder, export in exports_made(ws.exports):
        if folder == made or export.as_of or not makes_again(ws, export):
            continue
        if export.inputs is None or export.inputs != export_inputs(ws, con, export.last):
            outdated.append((folder, export))
    return outdated


def makes_again(ws: Workspace, export: ExportMade) -> bool:
    return export.partner is None or ws.config.partner(export.partner) is not None


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
