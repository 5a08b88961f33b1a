"""Feedback to each partner on each submission, in its language, from the message catalogues;
and the consortium's data-quality summary beside it.

A report names cells (sheet, row, column) and rules, and quotes only headers and a partner's words
for kinds and categories (screened for names), never a cell about a person: it is mailed to
partners and kept on disk, and a cell may hold exactly the personal data being refused.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from core import templates
from core.config import Workspace
from core.files import replace_text, write_text
from core.i18n import day, figure, moment, month_name
from core.messages import (
    catalogue,
    counted,
    feedback_folder,
    label,
    problem_counts,
    problem_text,
    report_stem,
    rule_message,
    submission_status,
    table_names,
)
from core.periods import due_at
from core.submission import Problem, Submission
from validate.replaced import COUNTED

TEMPLATES = Path(__file__).with_name("templates")


def ordered(problems: list[Problem], sheets: list[str] | None = None) -> list[Problem]:
    """Errors first, then those of the whole file, then by sheet (in the workbook's order, when
    `sheets` gives it), row and column, as a partner walks through the file."""
    place = {name: index for index, name in enumerate(sheets or [])}
    return sorted(
        problems,
        key=lambda p: (
            p.severity != "error",
            place.get(p.sheet, len(place)) if p.sheet else -1,
            p.sheet or "",
            p.row or 0,
            p.column or "",
        ),
    )


def heading(
    sub: Submission, language: str, zone: str = "UTC", partner_name: str | None = None
) -> list[tuple[str, str]]:
    """The facts above the problems; the partner by its name (`partner_name`, as consortium.yaml
    has it), which its staff know it by, its id only when no name is given."""
    return [
        (label(language, "file"), sub.name_as_received),
        (label(language, "partner"), partner_name or sub.partner_id or "?"),
        (label(language, "period"), month_name(sub.period, language) if sub.period else "?"),
        (label(language, "received"), moment(sub.received_at, language, zone)),
        (label(language, "status"), catalogue(language)["status"][sub.status]),
        *outstanding(sub, language),
    ]


def outstanding(sub: Submission, language: str) -> list[tuple[str, str]]:
    """The tables the partner still owes for the month, when this file is accepted."""
    if not sub.outstanding or sub.status in ("rejected", "duplicate"):
        return []
    tables = table_names(list(sub.outstanding), language)
    name, _, value = label(language, "outstanding", tables=tables).partition(": ")
    return [(name, value)]


def what_was_counted(sub: Submission, language: str) -> list[str]:
    """A line per table of what the file's rows came to ("svetovanja: 15, ure: 18,5"), measure
    before figure as on the site, so no noun needs a plural form; none for a file not counted."""
    if sub.status not in ("accepted", "accepted_with_warnings", "held"):
        return []
    words = catalogue(language)["read"]
    return [
        ", ".join(
            f"{words[table][measure]}: {figure(value, language, decimals=2)}"
            for measure, value in sums.items()
        )
        for table, sums in sub.what_was_read().items()
        if table in words
    ]


def late_note(sub: Submission, language: str, zone: str, deadline_day: int | None) -> str | None:
    """A line for a file counted that arrived after its month's deadline (consortium.yaml's
    deadline_day, as the timeliness of the export reads it); None for any other."""
    if deadline_day is None or not sub.period or sub.status not in COUNTED:
        return None
    due = due_at(sub.period, deadline_day, zone)
    if sub.received_at <= due:
        return None
    return label(
        language,
        "late",
        deadline=day((due - timedelta(microseconds=1)).date(), language),
        month=month_name(sub.period, language),
    )


@dataclass(frozen=True)
class Report:
    """What a submission's report says, worked out once for its text and its page alike."""

    language: str
    status: str
    facts: list[tuple[str, str]]
    counts: str
    counted: list[str]
    problems: list[Problem]
    late: str | None = None
    # what a mail says first, above the report (a file released by its month's unlock)
    note: str | None = None


def report(
    sub: Submission,
    language: str,
    zone: str = "UTC",
    partner_name: str | None = None,
    deadline_day: int | None = None,
    note: str | None = None,
) -> Report:
    """The report of `sub`; one arriving after its month's deadline (`deadline_day`, when given)
    says so; `note` goes above it."""
    return Report(
        language=language,
        status=sub.status,
        facts=heading(sub, language, zone, partner_name),
        counts=problem_counts(language, len(sub.errors), len(sub.warnings)),
        late=late_note(sub, language, zone, deadline_day),
        counted=what_was_counted(sub, language),
        problems=ordered(sub.problems, sub.sheets),
        note=note,
    )


def feedback_text(
    sub: Submission,
    language: str,
    zone: str = "UTC",
    partner_name: str | None = None,
    deadline_day: int | None = None,
    note: str | None = None,
) -> str:
    """The plain-text report: what `consortium check` prints and what is mailed."""
    return report_text(report(sub, language, zone, partner_name, deadline_day, note))


def feedback_html(
    sub: Submission,
    language: str,
    zone: str = "UTC",
    partner_name: str | None = None,
    deadline_day: int | None = None,
    note: str | None = None,
) -> str:
    """The same report as a page that opens from disk."""
    return report_html(report(sub, language, zone, partner_name, deadline_day, note))


def report_text(told: Report) -> str:
    language = told.language
    lines = [label(language, "title"), ""]
    if told.note:
        lines += [told.note, ""]
    lines += [f"{name}: {value}" for name, value in told.facts]
    lines += [told.counts, ""]
    if told.late:
        lines += [told.late, ""]
    if told.counted:
        lines += [f"{label(language, 'counted')}:", *told.counted, ""]
    lines += [problem_text(p, language) for p in told.problems] or [label(language, "no_problems")]
    lines += ["", label(language, "closing")]
    return "\n".join(lines) + "\n"


def report_html(told: Report) -> str:
    language = told.language
    problems = [
        {
            "severity": p.severity,
            "severity_text": label(language, p.severity),
            "sheet": p.sheet or "",
            "row": p.row or "",
            "column": p.column or "",
            "message": message,
            "fix": fix,
        }
        for p in told.problems
        for message, fix in [rule_message(p, language)]
    ]
    return templates.render(
        TEMPLATES,
        "report.html",
        language=language,
        title=label(language, "title"),
        note=told.note,
        words=catalogue(language)["labels"],
        facts=told.facts,
        status=told.status,
        status_text=catalogue(language)["status"][told.status],
        counts=told.counts,
        late=told.late,
        counted=told.counted,
        problems=problems,
    )


def feedback_record(sub: Submission) -> dict:
    """What the summary needs of a submission: identity, status and where each problem is."""
    return {
        "submission_id": sub.submission_id,
        "file": sub.name_as_received,
        "partner_id": sub.partner_id,
        "period": sub.period,
        "received_at": sub.received_at.isoformat(),
        "status": sub.status,
        "tables": sorted(sub.tables),
        "replaces": [
            {"file": p.params["file"], "tables": list(p.params["tables"])}
            for p in sub.problems
            if p.rule == "tables_replaced"
        ],
        "problems": [
            {
                "severity": p.severity,
                "rule": p.rule,
                "sheet": p.sheet,
                "row": p.row,
                "column": p.column,
            }
            for p in sub.problems
        ],
    }


def write_feedback(ws: Workspace, sub: Submission, feedback: Path | None = None) -> Path:
    """Write the text, HTML and summary record of a submission's report under `feedback` (the
    workspace's feedback folder by default); the text's path."""
    partner = ws.config.partner(sub.partner_id or "")
    language = partner.language if partner else ws.config.language
    folder = feedback_folder(ws, sub, feedback)
    folder.mkdir(parents=True, exist_ok=True)
    stem = report_stem(sub)
    write = writer(ws)
    zone = ws.config.reporting.schedule.timezone
    name = ws.config.partner_name(sub.partner_id)
    told = report(sub, language, zone, name, ws.config.reporting.deadline_day)
    write(folder / f"{stem}.html", report_html(told))
    write(folder / f"{stem}.json", json.dumps(feedback_record(sub), ensure_ascii=False, indent=1))
    target = folder / f"{stem}.txt"
    write(target, report_text(told))
    return target


def writer(ws: Workspace) -> Callable[[Path, str], None]:
    """How a report goes into `ws`: in place where nobody reads it before the run swaps the
    folder in (a staging folder), else by an atomic replace."""
    return write_text if ws.seen_only_when_swapped_in else replace_text


def feedback_records(*folders: Path) -> list[dict]:
    """Every submission's record so far in the `folders` (a later folder's record standing for
    the same one in an earlier), newest month first."""
    found = {}
    for folder in folders:
        for path in folder.glob("*/*/*.json"):
            found[path.relative_to(folder)] = path
    records = []
    for relative, path in found.items():
        record = json.loads(path.read_text(encoding="utf-8"))
        record["report"] = relative.with_suffix(".html").as_posix()
        records.append(record)
    return sorted(
        records,
        key=lambda r: (r["period"] or "", r["partner_id"] or "", r["received_at"]),
        reverse=True,
    )


Replaced = dict[str, list[tuple[str, list[str]]]]


def replaced_by_later(records: list[dict]) -> Replaced:
    """Submission id -> (later file, its tables) for each later file of the partner and month
    that counts instead of it for those tables, as that file's warning `tables_replaced` (from
    the warehouse's tables in force, validate.replaced) named it: the latest counted file of that
    name received before the later one."""
    counted: dict[tuple[str, str, str], list[dict]] = {}
    for r in records:
        if r["status"] in COUNTED:
            counted.setdefault((r["partner_id"], r["period"], r["file"]), []).append(r)
    replaced: Replaced = {}
    for later in records:
        for earlier_file in later.get("replaces", ()):
            key = (later["partner_id"], later["period"], earlier_file["file"])
            earlier = [r for r in counted.get(key, ()) if r["received_at"] < later["received_at"]]
            if earlier:
                newest = max(earlier, key=lambda r: r["received_at"])
                replaced.setdefault(newest["submission_id"], []).append(
                    (later["file"], earlier_file["tables"])
                )
    return replaced


def still_counting(records: list[dict], replaced: Replaced) -> list[dict]:
    """The records but those of files whose every table a later file replaced."""
    return [
        r
        for r in records
        if not r.get("tables")
        or set(r["tables"])
        - {t for _, tables in replaced.get(r["submission_id"], ()) for t in tables}
    ]


def rule_counts(records: list[dict]) -> list[tuple[str, str, int]]:
    """How often each problem was found in the files that still count, most often first."""
    counts = Counter(
        (p["severity"], p["rule"])
        for r in still_counting(records, replaced_by_later(records))
        for p in r["problems"]
    )
    return [(severity, rule, n) for (severity, rule), n in counts.most_common()]


def write_summary(ws: Workspace) -> Path:
    """The consortium's data-quality summary (index.html and summary.txt in the workspace's
    feedback folder), in the consortium's language, over every report written so far."""
    language = ws.config.language
    feedback = ws.feedback
    records = feedback_records(*ws.feedback_folders)
    names = {p.id: p.name for p in ws.config.partners}
    feedback.mkdir(parents=True, exist_ok=True)
    write = writer(ws)
    write(feedback / "summary.txt", summary_text(records, language, names))
    target = feedback / "index.html"
    write(target, summary_html(records, language, names))
    return target


def summary_columns(language: str) -> list[str]:
    return [label(language, k) for k in ("period", "partner", "file", "status")] + [
        label(language, "error"),
        label(language, "warning"),
        label(language, "in_force"),
    ]


def summary_rows(
    records: list[dict], language: str, names: dict[str, str] | None = None
) -> list[list[str]]:
    """A row per report; the partner by its name in `names` (by id), else by its id; the last
    column says for which tables a later file counts instead."""
    names = names or {}
    replaced = replaced_by_later(records)
    return [
        [
            r["period"] or "?",
            names.get(r["partner_id"], r["partner_id"] or "?"),
            r["file"],
            submission_status(r["status"], language),
            str(sum(p["severity"] == "error" for p in r["problems"])),
            str(sum(p["severity"] == "warning" for p in r["problems"])),
            replacement_note(replaced.get(r["submission_id"], []), language),
        ]
        for r in records
    ]


def replacement_note(later_files: list[tuple[str, list[str]]], language: str) -> str:
    """ "no longer counts for svetovanje: replaced by “oktober_v3.xlsx”"; empty while it counts."""
    return "; ".join(
        label(language, "replaced_by", tables=table_names(tables, language), file=later)
        for later, tables in later_files
    )


def summary_text(records: list[dict], language: str, names: dict[str, str] | None = None) -> str:
    lines = [
        label(language, "summary_title"),
        label(language, "summary_intro"),
        "",
        f"{label(language, 'submissions')} ({counted(language, 'files', len(records))}):",
        " | ".join(summary_columns(language)),
    ]
    lines += [" | ".join(row) for row in summary_rows(records, language, names)]
    counts = rule_counts(records)
    if counts:
        lines += ["", f"{label(language, 'most_common')}:"]
        lines += [
            f"{n:>5}  [{label(language, severity)}] {message_of(rule, language)}"
            for severity, rule, n in counts
        ]
    return "\n".join(lines) + "\n"


def message_of(rule: str, language: str) -> str:
    return rule_message(Problem("error", rule), language)[0]


def summary_html(records: list[dict], language: str, names: dict[str, str] | None = None) -> str:
    return templates.render(
        TEMPLATES,
        "summary.html",
        language=language,
        title=label(language, "summary_title"),
        words=catalogue(language)["labels"],
        files=counted(language, "files", len(records)),
        common=[
            (label(language, severity), message_of(rule, language), n)
            for severity, rule, n in rule_counts(records)
        ],
        columns=summary_columns(language),
        rows=[
            (record["report"], row)
            for record, row in zip(records, summary_rows(records, language, names), strict=True)
        ],
    )
