"""The pieces a page is made of, as data for the templates (templates/blocks.html draws them):
tables of plain text cells, notes, links, and Plotly charts. Jinja2 escapes every text; the one
piece of markup made in Python is the chart's own <div>, written by Plotly."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.io as pio
from markupsafe import Markup

from publish.charts import Figure


@dataclass(frozen=True)
class Note:
    text: str
    kind: str = "note"


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    kind: str = "link"


@dataclass(frozen=True)
class Details:
    """A count that opens into the list it counts."""

    summary: str
    items: Sequence[str]
    more: bool = False
    kind: str = "details"


@dataclass(frozen=True)
class Table:
    """Rows of cells (text, a Link or Details) under headers; `numeric` columns aligned right."""

    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    numeric: frozenset[int] = field(default_factory=frozenset)
    caption: str = ""
    kind: str = "table"


@dataclass(frozen=True)
class Chart:
    html: Markup
    kind: str = "chart"


Block = Note | Link | Details | Table | Chart


def table(frame: pd.DataFrame, caption: str = "", numeric: Sequence[str] = ()) -> Table:
    """A table of a frame of published cells, its column names as headers."""
    columns = list(frame.columns)
    return Table(
        [str(c) for c in columns],
        [list(row) for row in frame.itertuples(index=False)],
        frozenset(columns.index(c) for c in numeric),
        caption,
    )


# the toolbar without Plotly's cloud: no "Share chart" that would send a chart of the
# consortium's figures out of the browser, and no server address to send it to
CHART_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "plotlyServerURL": "",
    "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio"],
}


def chart(figure: Figure, div_id: str) -> Chart:
    return Chart(
        Markup(
            pio.to_html(
                figure,
                include_plotlyjs=False,
                full_html=False,
                div_id=div_id,
                config=CHART_CONFIG,
                validate=False,
            )
        )
    )


def chart_or_note(
    frame: pd.DataFrame, build: Callable[[], Figure], div_id: str, no_data: str
) -> Chart | Note:
    """The chart, or a line saying there is nothing yet to draw."""
    return Note(no_data) if frame.empty else chart(build(), div_id)
