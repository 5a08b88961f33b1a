"""What we tell partners, in their language, from the message catalogues (messages/<language>.yaml):
what each problem means and how to fix it, status words, and where a submission's report lives.

Kept at the bottom so that validation (which writes the reports) and the site (which lists open
problems and links to the reports) say the same thing in the same words.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from core import i18n
from core.config import Workspace
from core.submission import Problem, Submission
from core.vocabulary import vocabulary

MESSAGES_DIR = Path(__file__).with_name("messages")


def catalogue(language: str) -> dict:
    """The messages of a language, English filling any key not yet translated."""
    return i18n.catalogue(MESSAGES_DIR, language)


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def label(language: str, key: str, **params: object) -> str:
    return catalogue(language)["labels"][key].format_map(_Params(params))


def counted(language: str, noun: str, count: int) -> str:
    """A count with its noun in the language's plural form: "2 napaki", "5 błędów"."""
    return i18n.counted(catalogue(language)["counts"][noun], language, count)


def problem_counts(language: str, errors: int, warnings: int) -> str:
    """ "2 errors, 1 warning" in the language, each noun in its plural form."""
    return label(
        language,
        "problems",
        errors=counted(language, "errors", errors),
        warnings=counted(language, "warnings", warnings),
    )


def rule_message(problem: Problem, language: str) -> tuple[str, str]:
    """What is wrong and what to do, in plain words."""
    texts = catalogue(language)
    entry = texts["rules"].get(problem.rule)
    if entry is None:
        return problem.rule, ""
    params = _Params(
        {
            name: i18n.figure(value, language) if isinstance(value, float) else value
            for name, value in problem.params.items()
        }
    )
    if "measure" in params:
        params["measure"] = texts["measures"].get(params["measure"], params["measure"])
    if "table" in params:
        params["table"] = table_names([params["table"]], language)
    if "tables" in params:
        params["tables"] = table_names(params["tables"], language)
    if "day" in params:
        params["day"] = i18n.day(date.fromisoformat(params["day"]), language)
    if "in_rows" in params:
        params["in_rows"] = counted(language, "in_rows", params["in_rows"])
    # a fix that fits the kind of table, where the catalogue has one ("fix_people": a person's
    # value to fill in, not a session that did not take place)
    fix = entry.get(f"fix_{problem.params.get('table')}", entry["fix"])
    # a fix that offers the partner's own codes, when the consortium lists none of them
    fix = entry["fix_none_known"] if params.get("known") == "" else fix
    # a message that offers close headers, when none is close
    message = entry["message"]
    if params.get("candidates") == "":
        message = entry.get("message_none_close", message)
    return message.format_map(params), fix.format_map(params)


def table_names(tables: list[str], language: str) -> str:
    """Tables as the partner's language names them ("svetovanje, uporabniki")."""
    return ", ".join(vocabulary().sheet_name(t, language) for t in tables)


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


def submission_status(status: str, language: str) -> str:
    """A register status (accepted, rejected, held...) in the reader's language."""
    return catalogue(language)["status_short"].get(status, status.replace("_", " "))


def feedback_folder(ws: Workspace, sub: Submission, feedback: Path | None = None) -> Path:
    """The folder of a submission's reports under `feedback` (the workspace's by default)."""
    partner = ws.config.partner(sub.partner_id or "")
    return (
        (feedback or ws.feedback)
        / (partner.id if partner else "_unknown")
        / (sub.period or "unknown-period")
    )


def report_stem(sub: Submission) -> str:
    """The file's own name, made safe for a path, and the start of its hash to keep it unique."""
    stem = re.sub(r"[^\w.-]+", "_", Path(sub.name_as_received).stem).strip("._")[:60]
    return f"{stem or 'file'}-{sub.sha256[:8]}"
