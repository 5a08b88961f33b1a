"""What the intake must take from each demo file, computed from the records the file was
rendered from (never by reading the file back): per table, the rows, the hours, the first and
last date and the rows per canonical kind, as `consortium check --format json` reports them."""

from __future__ import annotations

from collections import Counter

from demo.layouts import DATE_FIELDS
from demo.planning import Delivery
from demo.profiles import Profile

KIND_FIELDS = {
    "counselling": "session_kind",
    "groups": "activity_kind",
    "trainings": "audience",
    "people": "user_kind",
}


def table_summary(table: str, records: list[dict], written: set[str]) -> dict:
    """`written`: the fields the sheet has a column for; a kind the sheet does not state is
    `unclassified` (a training in a log without an audience column)."""
    dates = sorted(r[f] for r in records for f in DATE_FIELDS if f in r)
    summary = {
        "rows": len(records),
        "hours": round(sum(r.get("hours", 0) for r in records), 2),
        "first_date": dates[0].isoformat() if dates else None,
        "last_date": dates[-1].isoformat() if dates else None,
    }
    kind = KIND_FIELDS.get(table)
    if not kind:
        return {**summary, "kinds": {}}
    kinds = Counter(
        "unclassified" if r.get("unclassified") or kind not in written else r[kind] for r in records
    )
    return {**summary, "kinds": dict(sorted(kinds.items()))}


def expected_tables(delivery: Delivery, month: dict[str, list[dict]], profile: Profile) -> dict:
    """table -> summary for every table the file brings; nothing for an empty or header-only
    file, or a text file named as a workbook."""
    if delivery.content != "sheets":
        return {}
    spec = profile.file(delivery.file)
    return {
        table: table_summary(
            table,
            [r for r in month[table] if delivery.complete or not r.get("forgotten")],
            {c.fields[table] for c in sheet.columns if table in c.fields},
        )
        for sheet in spec.sheets
        for table in sheet.tables
    }
