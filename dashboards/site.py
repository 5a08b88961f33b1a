"""The static dashboard site: HTML pages beside one shared local copy of plotly.js, so it opens
from disk, from a shared drive or an e-mail attachment, with no network. Every page is a Jinja2
template (templates/<page>.html on templates/base.html) filled with what dashboards.pages gives.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import duckdb
from plotly.offline import get_plotlyjs

from core import templates
from core.config import Workspace
from core.fingerprint import FINGERPRINTS
from dashboards import pages
from dashboards.context import Context
from publish.charts import plotly_locale
from publish.labels import Labels

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class Page:
    """One page of the site: its file, its title, its template and the function filling it."""

    file: str
    title: str
    template: str
    body: pages.PageBody
    partner_id: str | None = None


def write_plotlyjs(site: Path) -> None:
    target = site / "plotly.min.js"
    if not target.exists():
        target.write_text(get_plotlyjs(), encoding="utf-8")


def period_terms(ctx: Context) -> list[tuple[str, str]]:
    """The months the page speaks of, said once at the top of every page."""
    label, month = ctx.labels, ctx.labels.month
    return [
        (label("periods", "month"), month(ctx.period)),
        (label("periods", "year_to_date"), f"{month(ctx.year_first)} – {month(ctx.period)}"),
        (
            label("periods", "grant_period"),
            f"{ctx.grant.name} ({month(ctx.grant.start)} – {month(ctx.grant.end)})",
        ),
    ]


def site_pages(ctx: Context) -> list[Page]:
    label = ctx.labels
    fixed = [
        Page(
            f"{'index' if name == 'overview' else name}.html",
            label("pages", name),
            f"{name}.html",
            body,
        )
        for name, body, tables in (
            ("overview", pages.overview, None),
            ("housing", pages.housing, {"housing"}),
            ("counselling", pages.counselling, {"counselling"}),
            ("activities", pages.activities, {"trainings", "groups"}),
            ("people", pages.people, {"people"}),
            ("outcomes", pages.outcomes, {"people"}),
            ("submissions", pages.submissions, None),
        )
        if tables is None or tables & ctx.tables
    ]
    partners = [
        Page(f"partner-{p.id}.html", p.name, "partner.html", pages.partner_page(p.id), p.id)
        for p in ctx.ws.config.partners
    ]
    return fixed + partners


def page_html(ctx: Context, page: Page, all_pages: list[Page]) -> str:
    """One page of the site as HTML: its template on the base layout, filled by its body."""
    return templates.render(
        TEMPLATES,
        page.template,
        page=page,
        pages=all_pages,
        language=ctx.labels.language,
        chart_locale=plotly_locale(ctx.labels),
        consortium=ctx.ws.config.name,
        partners_label=ctx.labels("pages", "partners"),
        period_terms=period_terms(ctx),
        period_span=ctx.labels("text", "charts_span")
        .format(first=ctx.labels.month(ctx.first), last=ctx.labels.month(ctx.period))
        .replace("..", "."),
        footer=ctx.labels("text", "generated_from"),
        **page.body(ctx),
    )


def render_site(
    ws: Workspace, con: duckdb.DuckDBPyConnection, period: str, site: Path | None = None
) -> Path:
    """Write every page of the site for `period` into `site` (the workspace's site folder by
    default); the path of its front page (index.html)."""
    site = site or ws.site
    render_pages(site_context(ws, con, period), site)
    # the page fingerprints describe a run's carried-over pages, no longer these
    (site / FINGERPRINTS).unlink(missing_ok=True)
    return site / "index.html"


def site_context(ws: Workspace, con: duckdb.DuckDBPyConnection, period: str) -> Context:
    """What every page of the site for `period` is made from."""
    return Context(ws.config, con, period, ws=ws, labels=Labels(ws.config.language))


def render_pages(ctx: Context, site: Path, keep: Collection[str] = ()) -> list[str]:
    """Write the pages of the site into `site`, except those named in `keep` (files the caller
    put there, still current); the files written."""
    site.mkdir(parents=True, exist_ok=True)
    write_plotlyjs(site)
    all_pages = site_pages(ctx)
    written = []
    for page in all_pages:
        if page.file not in keep:
            (site / page.file).write_text(page_html(ctx, page, all_pages), encoding="utf-8")
            written.append(page.file)
    return written
