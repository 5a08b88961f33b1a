"""Feedback to each partner on each submission, from the message catalogues."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from collect.submission import Problem, Submission
from consortium.config import Workspace

MESSAGES_DIR = Path(__file__).with_name("messages")


@cache
def catalogue(language: str) -> dict:
    path = MESSAGES_DIR / f"{language}.yaml"
    return yaml.safe_load((path if path.exists() else MESSAGES_DIR / "en.yaml").read_text(encoding="utf-8"))


def problem_text(problem: Problem, language: str) -> str:
    entry = catalogue(language)["rules"].get(problem.rule) or catalogue("en")["rules"].get(problem.rule)
    if entry is None:
        return f"{problem.where()}: {problem.rule}"
    message = entry["message"].format_map(_Params(problem.params))
    fix = entry["fix"].format_map(_Params(problem.params))
    return f"[{problem.severity}] {problem.where()}: {message} {fix}".replace(" : ", ": ")


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def feedback_text(sub: Submission, language: str) -> str:
    lines = [sub.name_as_received, catalogue(language)["status"][sub.status], ""]
    lines += [problem_text(p, language) for p in sub.problems]
    return "\n".join(lines) + "\n"


def write_feedback(ws: Workspace, sub: Submission) -> Path:
    partner = ws.config.partner(sub.partner_id or "")
    folder = ws.feedback / (partner.id if partner else "_unknown") / (sub.period or "unknown-period")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sub.sha256[:12]}.txt"
    target.write_text(feedback_text(sub, partner.language if partner else "en"), encoding="utf-8")
    return target
