"""A short narrative of the report, in Markdown and HTML: the headline sentences the partners
write in their own reports, in the report's language and number formats, from the templates in
languages/<language>.yaml, then the figures against the grant period's targets.
"""

from __future__ import annotations

from pathlib import Path
from string import Formatter

import pandas as pd

from core import i18n, templates
from export.tables import Report, indicators
from publish import formats

TEMPLATES = Path(__file__).with_name("templates")


def number_text(value: object, number_format: str, language: str, not_reported: str = "–") -> str:
    """A figure as the language writes it: 1.412 (sl), 1 412 (pl), 1,412 (en), a percentage with
    its sign (87,5 % in Slovene, 87.5% in English); hidden ones as shown; a missing one as
    `not_reported`."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return not_reported
    if number_format == "integer":
        return formats.number(value, 0, language)
    if number_format == "percent":
        return formats.percent(value / 100, language, 1)
    return formats.short_number(value, language, 1)


def figure_texts(report: Report) -> dict[str, str]:
    """Each figure as the sentences show it: with its noun in the plural form its count takes
    (5,5 ure, 2 szkolenia) where the catalogue gives the forms, else the number alone."""
    counts = report.words["narrative"]["counts"]
    not_reported = report.words["words"]["not_reported"]
    texts = {}
    for i, value in report.headline().items():
        if value is None or pd.isna(value):
            texts[i] = not_reported
            continue
        text = number_text(value, indicators()[i]["format"], report.language)
        texts[i] = i18n.counted(counts[i], report.language, text, text) if i in counts else text
    return texts


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
    """The template sentences whose main figure is reported and not zero (a partner without
    housing says nothing of it), and whose figures the report shows (a network of groups has no
    housing)."""
    figures = report.headline()
    texts = figure_texts(report)
    return [
        s["text"].format(period=period_text(report), **texts)
        for s in report.words["narrative"]["sentences"]
        if s["needs"] in figures
        and names_only(s["text"], {"period", *texts})
        and (isinstance(figures[s["needs"]], str) or (figures[s["needs"]] or 0) > 0)
    ]


def names_only(text: str, known: set[str]) -> bool:
    """Whether every figure a sentence's template names is `known`."""
    return {field for _, field, _, _ in Formatter().parse(text) if field} <= known


def target_rows(report: Report) -> list[tuple[str, str, str, str]]:
    summary = report.tables["summary"].frame
    rows = summary[summary["target"].notna()]
    return [
        (
            r.indicator,
            number_text(
                r.value,
                indicators()[r.indicator_id]["format"],
                report.language,
                report.words["words"]["not_reported"],
            ),
            number_text(r.target, "integer", report.language),
            r.achieved_pct
            if isinstance(r.achieved_pct, str)
            else report.words["words"]["not_reported"]
            if pd.isna(r.achieved_pct)
            else formats.number(r.achieved_pct, 1, report.language),
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


def page_context(report: Report) -> dict[str, object]:
    title, partner, targets = headings(report)
    columns = report.words["columns"]
    return {
        "language": report.language,
        "title": title,
        "partner": partner,
        "targets": targets,
        "sentences": sentences(report),
        "columns": [columns[c] for c in ("indicator", "value", "target", "achieved_pct")],
        "rows": target_rows(report),
    }


def markdown_cell(text: str) -> str:
    return str(text).replace("|", "\\|")


def markdown(report: Report) -> str:
    environment = templates.environment(TEMPLATES)
    environment.filters["md"] = markdown_cell
    return environment.get_template("summary.md").render(**page_context(report))


def html_page(report: Report) -> str:
    return templates.render(TEMPLATES, "summary.html", **page_context(report))


def write_narrative(report: Report, folder: Path) -> list[Path]:
    md = folder / "summary.md"
    page = folder / "summary.html"
    md.write_text(markdown(report), encoding="utf-8")
    page.write_text(html_page(report), encoding="utf-8")
    return [md, page]
