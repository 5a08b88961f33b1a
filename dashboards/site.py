"""The static dashboard site: HTML pages beside one shared local copy of plotly.js, so it opens
from disk, from a shared drive or an e-mail attachment, with no network.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
from plotly.offline import get_plotlyjs

from core.config import Workspace
from dashboards import pages
from dashboards.labels import Labels
from dashboards.pages import Context

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#0072B2;color:#fff;padding:.8rem 2rem} header a{color:#fff}
header .consortium{font-size:.9rem;opacity:.9}
nav{background:#fff;border-bottom:1px solid #ddd;padding:.5rem 2rem;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
nav a{color:#0072B2;text-decoration:none} nav a[aria-current=page]{font-weight:700;color:#222}
nav .partners{color:#666}
main{padding:1rem 2rem 3rem;max-width:1150px}
.period{background:#fff;border:1px solid #ddd;border-left:4px solid #0072B2;padding:.6rem 1rem;margin:.5rem 0 1rem}
.period dt{font-weight:600;display:inline} .period dd{display:inline;margin:0 1.5rem 0 .3rem}
.chart{background:#fff;border:1px solid #eee;margin:1rem 0;min-height:260px}
table{border-collapse:collapse;background:#fff;margin:1rem 0} caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ddd;padding:.3rem .6rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#555;font-size:.9rem} footer{color:#777;font-size:.8rem;padding:1rem 2rem}
"""

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} · {consortium}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="plotly.min.js"></script>
<style>{style}</style>
</head><body>
<header><div class="consortium">{consortium}</div><h1>{title}</h1></header>
<nav>{nav}</nav>
<main>
{period}
{body}
</main>
<footer>{footer}</footer>
</body></html>
"""


@dataclass(frozen=True)
class Page:
    """One page of the site: its file, its title, and the function writing its body."""

    file: str
    title: str
    body: Callable[[Context], str]
    partner_id: str | None = None


def write_plotlyjs(site: Path) -> None:
    target = site / "plotly.min.js"
    if not target.exists():
        target.write_text(get_plotlyjs(), encoding="utf-8")


def nav_html(all_pages: list[Page], current: Page, labels: Labels) -> str:
    """Links to every page, the partners' pages after a 'Partners:' label."""

    def link(page: Page) -> str:
        current_attr = ' aria-current="page"' if page is current else ""
        return f'<a href="{page.file}"{current_attr}>{html.escape(page.title)}</a>'

    partners_label = f'<span class="partners">{html.escape(labels("pages", "partners"))}:</span>'
    return "\n".join(
        [link(p) for p in all_pages if p.partner_id is None]
        + [partners_label]
        + [link(p) for p in all_pages if p.partner_id is not None]
    )


def period_html(ctx: Context) -> str:
    """The months the page speaks of, said once at the top of every page."""
    label, month = ctx.labels, ctx.labels.month
    items = [
        (label("periods", "month"), month(ctx.period)),
        (label("periods", "year_to_date"), f"{month(ctx.year_first)} – {month(ctx.period)}"),
        (
            label("periods", "grant_period"),
            f"{ctx.grant.name} ({month(ctx.grant.start)} – {month(ctx.grant.end)})",
        ),
    ]
    terms = "".join(f"<dt>{html.escape(t)}:</dt><dd>{html.escape(d)}</dd>" for t, d in items)
    span = label("text", "charts_span").format(first=month(ctx.first), last=month(ctx.period))
    return f'<dl class="period">{terms}<br><span class="note">{html.escape(span)}</span></dl>'


def site_pages(ctx: Context) -> list[Page]:
    label = ctx.labels
    fixed = [
        Page("index.html", label("pages", "overview"), pages.overview),
        Page("housing.html", label("pages", "housing"), pages.housing),
        Page("counselling.html", label("pages", "counselling"), pages.counselling),
        Page("activities.html", label("pages", "activities"), pages.activities),
        Page("people.html", label("pages", "people"), pages.people),
        Page("outcomes.html", label("pages", "outcomes"), pages.outcomes),
        Page("submissions.html", label("pages", "submissions"), pages.submissions),
    ]
    partners = [
        Page(f"partner-{p.id}.html", p.name, pages.partner_page(p.id), p.id)
        for p in ctx.ws.config.partners
    ]
    return fixed + partners


def render_site(ws: Workspace, con: duckdb.DuckDBPyConnection, period: str) -> Path:
    """Write every page of the site for `period`; the path of its front page (index.html)."""
    ws.site.mkdir(parents=True, exist_ok=True)
    write_plotlyjs(ws.site)
    ctx = Context(ws, con, Labels(ws.config.language), period)
    all_pages = site_pages(ctx)
    for page in all_pages:
        (ws.site / page.file).write_text(
            PAGE.format(
                lang=ws.config.language,
                title=html.escape(page.title),
                consortium=html.escape(ws.config.name),
                style=STYLE,
                nav=nav_html(all_pages, page, ctx.labels),
                period=period_html(ctx),
                body=page.body(ctx),
                footer=html.escape(ctx.labels("text", "generated_from")),
            ),
            encoding="utf-8",
        )
    return ws.site / "index.html"
