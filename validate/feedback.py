"""Feedback to each partner on each submission, in its language, from the message catalogues;
and the consortium's data-quality summary beside it.

A report names cells (sheet, row, column) and rules, never the contents of a cell: it is mailed
to partners and kept on disk, and a cell may hold exactly the personal data being refused.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import yaml

from core.config import Workspace
from core.submission import Problem, Submission

MESSAGES_DIR = Path(__file__).with_name("messages")
FALLBACK = "en"
STATUS_COLOURS = {
    "accepted": "#1b7f3b",
    "accepted_with_warnings": "#a36a00",
    "rejected": "#b00020",
    "duplicate": "#555555",
}


@cache
def catalogue(language: str) -> dict:
    """The messages of a language, English filling any key not yet translated."""
    english = _read_catalogue(FALLBACK)
    if language == FALLBACK or not (MESSAGES_DIR / f"{language}.yaml").exists():
        return english
    return _merged(english, _read_catalogue(language))


def _read_catalogue(language: str) -> dict:
    return yaml.safe_load((MESSAGES_DIR / f"{language}.yaml").read_text(encoding="utf-8"))


def _merged(base: dict, override: dict) -> dict:
    return {
        k: _merged(v, override.get(k) or {}) if isinstance(v, dict) else override.get(k, v)
        for k, v in base.items()
    }


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def label(language: str, key: str, **params: object) -> str:
    return catalogue(language)["labels"][key].format_map(_Params(params))


def rule_message(problem: Problem, language: str) -> tuple[str, str]:
    """What is wrong and what to do, in plain words."""
    texts = catalogue(language)
    entry = texts["rules"].get(problem.rule)
    if entry is None:
        return problem.rule, ""
    params = _Params(problem.params)
    if "measure" in params:
        params["measure"] = texts["measures"].get(params["measure"], params["measure"])
    return entry["message"].format_map(params), entry["fix"].format_map(params)


def where(problem: Problem, language: str) -> str:
    parts = []
    if problem.sheet:
        parts.append(f"{label(language, 'sheet')} \u201c{problem.sheet}\u201d")
    if problem.row:
        parts.append(f"{label(language, 'row')} {problem.row}")
    if problem.column:
        parts.append(f"{label(language, 'column')} \u201c{problem.column}\u201d")
    return ", ".join(parts) or label(language, "whole_file")


def problem_text(problem: Problem, language: str) -> str:
    message, fix = rule_message(problem, language)
    return (
        f"[{label(language, problem.severity)}] {where(problem, language)}: {message}\n"
        f"    {label(language, 'what_to_do')}: {fix}"
    )


def ordered(problems: list[Problem]) -> list[Problem]:
    """Errors first, then by sheet, row and column, as a partner walks through the file."""
    return sorted(
        problems, key=lambda p: (p.severity != "error", p.sheet or "", p.row or 0, p.column or "")
    )


def heading(sub: Submission, language: str) -> list[tuple[str, str]]:
    return [
        (label(language, "file"), sub.name_as_received),
        (label(language, "partner"), sub.partner_id or "?"),
        (label(language, "period"), sub.period or "?"),
        (label(language, "received"), f"{sub.received_at:%Y-%m-%d %H:%M}"),
        (label(language, "status"), catalogue(language)["status"][sub.status]),
        *outstanding(sub, language),
    ]


def outstanding(sub: Submission, language: str) -> list[tuple[str, str]]:
    """The tables the partner still owes for the month, when this file is accepted."""
    if not sub.outstanding or sub.status in ("rejected", "duplicate"):
        return []
    from core.vocabulary import vocabulary

    tables = ", ".join(vocabulary().sheet_name(t, language) for t in sub.outstanding)
    text = label(language, "outstanding", tables=tables)
    name, _, value = text.partition(": ")
    return [(name, value)]


def feedback_text(sub: Submission, language: str) -> str:
    """The plain-text report: what `consortium check` prints and what is mailed."""
    lines = [label(language, "title"), ""]
    lines += [f"{name}: {value}" for name, value in heading(sub, language)]
    lines += [label(language, "problems", errors=len(sub.errors), warnings=len(sub.warnings)), ""]
    lines += [problem_text(p, language) for p in ordered(sub.problems)] or [
        label(language, "no_problems")
    ]
    lines += ["", label(language, "closing")]
    return "\n".join(lines) + "\n"


def feedback_html(sub: Submission, language: str) -> str:
    """The same report as a page that opens from disk."""
    esc = html.escape
    rows = "".join(
        f"<tr class='{p.severity}'><td>{esc(label(language, p.severity))}</td><td>{esc(p.sheet or '')}</td>"
        f"<td>{p.row or ''}</td><td>{esc(p.column or '')}</td><td>{esc(message)}</td><td>{esc(fix)}</td></tr>"
        for p in ordered(sub.problems)
        for message, fix in [rule_message(p, language)]
    )
    table = (
        f"<table><thead><tr><th></th><th>{esc(label(language, 'sheet'))}</th><th>{esc(label(language, 'row'))}</th>"
        f"<th>{esc(label(language, 'column'))}</th><th>{esc(label(language, 'what_is_wrong'))}</th>"
        f"<th>{esc(label(language, 'what_to_do'))}</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else f"<p>{esc(label(language, 'no_problems'))}</p>"
    )
    facts = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in heading(sub, language))
    body = (
        f"<h1>{esc(label(language, 'title'))}</h1><dl>{facts}</dl>"
        f"<p class='status' style='color:{STATUS_COLOURS[sub.status]}'>{esc(catalogue(language)['status'][sub.status])}"
        f" ({esc(label(language, 'problems', errors=len(sub.errors), warnings=len(sub.warnings)))})</p>"
        f"{table}<p class='closing'>{esc(label(language, 'closing'))}</p>"
    )
    return page(label(language, "title"), body, language)


def page(title: str, body: str, language: str) -> str:
    style = (
        "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}"
        "dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;"
        "text-align:left;vertical-align:top}tr.error td:first-child{color:#b00020;font-weight:600}"
        "tr.warning td:first-child{color:#a36a00}.status{font-size:1.2rem;font-weight:600}"
    )
    return (
        f"<!doctype html><html lang='{language}'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{style}</style></head><body>{body}</body></html>\n"
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


def feedback_folder(ws: Workspace, sub: Submission) -> Path:
    partner = ws.config.partner(sub.partner_id or "")
    return ws.feedback / (partner.id if partner else "_unknown") / (sub.period or "unknown-period")


def report_stem(sub: Submission) -> str:
    """The file's own name, made safe for a path, and the start of its hash to keep it unique."""
    stem = re.sub(r"[^\w.-]+", "_", Path(sub.name_as_received).stem).strip("._")[:60]
    return f"{stem or 'file'}-{sub.sha256[:8]}"


def write_feedback(ws: Workspace, sub: Submission) -> Path:
    """Write the text, HTML and summary record of a submission's report; the text's path."""
    partner = ws.config.partner(sub.partner_id or "")
    language = partner.language if partner else ws.config.language
    folder = feedback_folder(ws, sub)
    folder.mkdir(parents=True, exist_ok=True)
    stem = report_stem(sub)
    (folder / f"{stem}.html").write_text(feedback_html(sub, language), encoding="utf-8")
    (folder / f"{stem}.json").write_text(
        json.dumps(feedback_record(sub), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    target = folder / f"{stem}.txt"
    target.write_text(feedback_text(sub, language), encoding="utf-8")
    return target


def feedback_records(ws: Workspace) -> list[dict]:
    """Every submission's record so far, newest month first."""
    records = []
    for path in ws.feedback.glob("*/*/*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        record["report"] = path.with_suffix(".html").relative_to(ws.feedback).as_posix()
        records.append(record)
    return sorted(
        records,
        key=lambda r: (r["period"] or "", r["partner_id"] or "", r["received_at"]),
        reverse=True,
    )


def rule_counts(records: list[dict]) -> list[tuple[str, str, int]]:
    counts = Counter((p["severity"], p["rule"]) for r in records for p in r["problems"])
    return [(severity, rule, n) for (severity, rule), n in counts.most_common()]


def write_summary(ws: Workspace) -> Path:
    """The consortium's data-quality summary (index.html and summary.txt in the feedback
    folder), in the consortium's language, over every report written so far."""
    language = ws.config.language
    records = feedback_records(ws)
    ws.feedback.mkdir(parents=True, exist_ok=True)
    (ws.feedback / "summary.txt").write_text(summary_text(records, language), encoding="utf-8")
    target = ws.feedback / "index.html"
    target.write_text(summary_html(records, language), encoding="utf-8")
    return target


def summary_columns(language: str) -> list[str]:
    return [label(language, k) for k in ("period", "partner", "file", "status")] + [
        label(language, "error"),
        label(language, "warning"),
    ]


def submission_status(status: str, language: str) -> str:
    """A register status (accepted, rejected, held...) in the reader's language."""
    return catalogue(language)["status_short"].get(status, status.replace("_", " "))


def summary_rows(records: list[dict], language: str) -> list[list[str]]:
    return [
        [
            r["period"] or "?",
            r["partner_id"] or "?",
            r["file"],
            submission_status(r["status"], language),
            str(sum(p["severity"] == "error" for p in r["problems"])),
            str(sum(p["severity"] == "warning" for p in r["problems"])),
        ]
        for r in records
    ]


def summary_text(records: list[dict], language: str) -> str:
    lines = [
        label(language, "summary_title"),
        label(language, "summary_intro"),
        "",
        f"{label(language, 'submissions')}:",
        " | ".join(summary_columns(language)),
    ]
    lines += [" | ".join(row) for row in summary_rows(records, language)]
    lines += ["", f"{label(language, 'most_common')}:"]
    lines += [
        f"{n:>5}  [{label(language, severity)}] {message_of(rule, language)}"
        for severity, rule, n in rule_counts(records)
    ]
    return "\n".join(lines) + "\n"


def message_of(rule: str, language: str) -> str:
    return rule_message(Problem("error", rule), language)[0]


def summary_html(records: list[dict], language: str) -> str:
    esc = html.escape
    head = "".join(
        f"<th>{esc(c)}</th>" for c in [*summary_columns(language), label(language, "report")]
    )
    rows = "".join(
        f"<tr>{''.join(f'<td>{esc(v)}</td>' for v in row)}"
        f"<td><a href='{esc(record['report'])}'>{esc(label(language, 'report'))}</a></td></tr>"
        for record, row in zip(records, summary_rows(records, language), strict=True)
    )
    common = "".join(
        f"<tr><td>{esc(label(language, severity))}</td><td>{esc(message_of(rule, language))}</td>"
        f"<td>{n}</td></tr>"
        for severity, rule, n in rule_counts(records)
    )
    body = (
        f"<h1>{esc(label(language, 'summary_title'))}</h1><p>{esc(label(language, 'summary_intro'))}</p>"
        f"<h2>{esc(label(language, 'most_common'))}</h2><table><thead><tr><th></th>"
        f"<th>{esc(label(language, 'rule'))}</th><th>{esc(label(language, 'count'))}</th></tr></thead>"
        f"<tbody>{common}</tbody></table>"
        f"<h2>{esc(label(language, 'submissions'))}</h2><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"  # noqa: E501
    )
    return page(label(language, "summary_title"), body, language)
