"""A short narrative of the report, in Markdown and HTML: the headline sentences the partners
write in their own reports, in the report's language and number formats, from the templates in
languages/<language>.yaml, then the figures against the grant period's targets.
"""

from __future__ import annotations

from pathlib import Path
from string import Formatter

import pandas as pd
from babel.lists import format_list

from core import i18n, templates
from export.tables import Report, indicators
from publish import disclosure, formats
from publish.outstanding import outstanding_text

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


def target_text(value: float, number_format: str, language: str) -> str:
    """A target as the grant sets it, whole: a rate's as a percentage (80 %), as its figure is
    written, else a number (1.400)."""
    if number_format == "percent":
        return formats.percent(value / 100, language)
    return formats.number(value, 0, language)


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
    """The time the report covers as a sentence or the title tells it: one month as that month
    ("in September 2026"), never a range from it to itself."""
    months = report.words["months"]
    periods = report.words["narrative"]["period"]
    first_year, first_month = report.first.split("-")
    last_year, last_month = report.last.split("-")
    if report.first == report.last:
        return periods["month"].format(month=months[int(first_month) - 1], year=first_year)
    return periods["months"].format(
        first_month=months[int(first_month) - 1],
        first_year=first_year,
        last_month=months[int(last_month) - 1],
        last_year=last_year,
    )


def hidden_figures(report: Report) -> set[str]:
    """The figures hidden by the complementary mark: an "x" says nothing in running text (a
    small count's "<5" still reads as a number)."""
    return {i for i, value in report.headline().items() if value == disclosure.COMPLEMENTARY_MARK}


def kinds_text(report: Report) -> dict[str, str]:
    """The kinds of counselling held in the range, as the counselling sentence names them
    ("individual counselling, family counselling and helpline calls"); none when none was."""
    if not report.counselling_kinds:
        return {}
    words = report.words["narrative"]["counselling_kinds"]
    kinds = [words[kind] for kind in report.counselling_kinds]
    return {"counselling_kinds": format_list(kinds, locale=i18n.locale(report.language))}


def sentence(template: dict, texts: dict[str, str], hidden: set[str], zero: set[str]) -> str:
    """A template sentence with each clause all of whose figures are hidden left out, and each
    clause its `left_out_at_zero` names whose figures are all 0 (a helpline's anonymous calls
    count nobody: "with 0 people" would tell a falsehood)."""
    at_zero = set(template.get("left_out_at_zero", ()))
    clauses = {
        name: ""
        if names(text) <= hidden or (name in at_zero and names(text) <= zero)
        else text.format(**texts)
        for name, text in template.get("clauses", {}).items()
    }
    text = template["text"].format(**texts, **clauses)
    return text[:1].upper() + text[1:]


def shown(template: dict, figures: dict[str, object], known: set[str], hidden: set[str]) -> bool:
    """Whether a sentence is told: its main figure is reported and not zero (a partner without
    housing says nothing of it), the report shows all its figures (a network of groups has no
    housing), and none outside its clauses is hidden."""
    main = figures.get(template["needs"])
    return (
        template["needs"] in figures
        and all_names(template) <= known
        and not (names(template["text"]) & hidden)
        and (isinstance(main, str) or (main or 0) > 0)
    )


def beside_other_kinds(template: dict, kinds: tuple[str, ...]) -> bool:
    """Whether a sentence of one kind of counselling (its `of_kind`) has other kinds held beside
    it: when that kind is all the counselling, the sentence of all of it has told its figures."""
    kind = template.get("of_kind")
    return kind is None or set(kinds) != {kind}


def sentences(report: Report) -> list[str]:
    """The template sentences the report's figures tell, then a word that figures were left out
    for being hidden, if a sentence would have told one."""
    figures = report.headline()
    hidden = hidden_figures(report)
    zero = {i for i, value in figures.items() if isinstance(value, int | float) and value == 0}
    texts = {**figure_texts(report), **kinds_text(report), "period": period_text(report)}
    templates_ = [
        s
        for s in report.words["narrative"]["sentences"]
        if beside_other_kinds(s, report.counselling_kinds)
    ]
    told = [
        sentence(s, texts, hidden, zero)
        for s in templates_
        if shown(s, figures, set(texts), hidden)
    ]
    if any(all_names(s) & hidden for s in templates_):
        told.append(report.words["narrative"]["hidden"])
    if len(report.outstanding):
        told.append(outstanding_sentence(report))
    return told


def outstanding_sentence(report: Report) -> str:
    """The partners (by name) that owe tables of the range no file in force brought, each with
    those tables and their months: a consortium total without them is not the whole consortium's.
    A month stands alone there, named as CLDR names it standing alone ("październik 2026"), not
    as the range's "from … to …" declines it ("października")."""
    return outstanding_text(
        report.outstanding,
        report.words["narrative"]["outstanding"],
        report.consortium.partner_name,
        lambda period: i18n.month_name(period, report.language),
        report.language,
    )


def all_names(template: dict) -> set[str]:
    """The figures a sentence and its clauses name."""
    clauses = template.get("clauses", {})
    return (names(template["text"]) - set(clauses)).union(*map(names, clauses.values()))


def names(text: str) -> set[str]:
    """The figures a template names."""
    return {field for _, field, _, _ in Formatter().parse(text) if field}


def target_rows(report: Report) -> list[tuple[str, str, str, str]]:
    summary = report.tables["summary"].frame
    rows = summary[summary["target"].notna()]
    return [
        (
            r.indicator,
            number_text(
                r.value,
                indicators()[r.Index]["format"],
                report.language,
                report.words["words"]["not_reported"],
            ),
            target_text(r.target, indicators()[r.Index]["format"], report.language),
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
    grant = report.consortium.grant_period_holding(report.first, report.last)
    return (
        title,
        words["partner"].format(partner=partner.name) if partner else None,
        words["targets_heading"].format(grant=grant.name) if grant else "",
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
        "targets_note": report.targets_note,
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
