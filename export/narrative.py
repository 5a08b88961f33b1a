"""A short narrative of the report, in Markdown and HTML: the headline sentences the partners
write in their own reports, in the report's language and number formats, from the templates in
languages/<language>.yaml, then the figures against the grant period's targets.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from export.tables import Report, indicators

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:50rem;color:#222}}
td,th{{padding:.2rem .6rem;border-bottom:1px solid #ddd}} td.n{{text-align:right}}</style>
</head><body>
{body}
</body></html>
"""


def number_text(value: object, number_format: str, words: dict[str, Any]) -> str:
    """A figure as the language writes it: 1.412 (sl), 1 412 (pl), 1,412 (en); hidden ones as shown."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return "–"
    places = 0 if number_format == "integer" else 1
    text = (
        f"{value:,.{places}f}".removesuffix(".0")
        if number_format == "decimal"
        else f"{value:,.{places}f}"
    )
    marks = words["number"]
    return text.replace(",", "\0").replace(".", marks["decimal"]).replace("\0", marks["thousands"])


def figure_texts(report: Report) -> dict[str, str]:
    return {
        i: number_text(v, indicators()[i]["format"], report.words)
        for i, v in report.headline().items()
    }


def period_text(report: Report) -> str:
    months = report.words["months"]
    first_year, first_month = report.first.split("-")
    last_year, last_month = report.last.split("-")
    return report.words["narrative"]["period"].format(
        first_month=months[int(first_month) - 1],
        first_year=first_year,
        last_month=months[int(last_month) - 1],
        last_year=last_year,
    )


def sentences(report: Report) -> list[str]:
    """The template sentences whose main figure is not zero (a partner without housing says nothing of it)."""
    figures = report.headline()
    texts = figure_texts(report)
    return [
        s["text"].format(period=period_text(report), **texts)
        for s in report.words["narrative"]["sentences"]
        if isinstance(figures[s["needs"]], str) or figures[s["needs"]] > 0
    ]


def target_rows(report: Report) -> list[tuple[str, str, str, str]]:
    summary = report.tables["summary"].frame
    rows = summary[summary["target"].notna()]
    return [
        (
            r.indicator,
            number_text(r.value, indicators()[r.indicator_id]["format"], report.words),
            number_text(r.target, "integer", report.words),
            number_text(r.achieved_pct, "percent", report.words),
        )
        for r in rows.itertuples()
    ]


def headings(report: Report) -> tuple[str, str | None, str]:
    words = report.words["narrative"]
    title = words["title"].format(consortium=report.consortium.name, period=period_text(report))
    partner = report.consortium.partner(report.partner) if report.partner else None
    grant = report.consortium.grant_period_of(report.last).name
    return (
        title,
        words["partner"].format(partner=partner.name) if partner else None,
        words["targets_heading"].format(grant=grant),
    )


def markdown(report: Report) -> str:
    title, partner, targets = headings(report)
    columns = report.words["columns"]
    lines = [f"# {title}", ""]
    if partner:
        lines += [partner, ""]
    lines += [" ".join(sentences(report)), ""]
    rows = target_rows(report)
    if rows:
        lines += [
            f"## {targets}",
            "",
            f"| {columns['indicator']} | {columns['value']} | {columns['target']} | {columns['achieved_pct']} |",
            "|---|---:|---:|---:|",
        ]
        lines += [
            "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows
        ]
    return "\n".join(lines) + "\n"


def html_page(report: Report) -> str:
    title, partner, targets = headings(report)
    columns = report.words["columns"]
    body = [f"<h1>{html.escape(title)}</h1>"]
    if partner:
        body.append(f"<p>{html.escape(partner)}</p>")
    body.append(f"<p>{html.escape(' '.join(sentences(report)))}</p>")
    rows = target_rows(report)
    if rows:
        head = "".join(
            f"<th>{html.escape(columns[c])}</th>"
            for c in ("indicator", "value", "target", "achieved_pct")
        )
        cells = [
            "<tr><td>"
            + html.escape(r[0])
            + "</td>"
            + "".join(f'<td class="n">{html.escape(c)}</td>' for c in r[1:])
            + "</tr>"
            for r in rows
        ]
        body += [f"<h2>{html.escape(targets)}</h2>", f"<table><tr>{head}</tr>", *cells, "</table>"]
    return PAGE.format(lang=report.language, title=html.escape(title), body="\n".join(body))


def write_narrative(report: Report, folder: Path) -> list[Path]:
    md = folder / "summary.md"
    page = folder / "summary.html"
    md.write_text(markdown(report), encoding="utf-8")
    page.write_text(html_page(report), encoding="utf-8")
    return [md, page]
