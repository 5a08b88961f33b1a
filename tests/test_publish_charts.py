"""Each chart is a pure function of a DataFrame: checked here without a browser."""

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs

from publish import charts
from publish.labels import Labels

SL = Labels("sl")


def partner_months() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "partner_id": ["a", "b", "a"],
            "period": ["2026-09", "2026-09", "2026-10"],
            "counselling_hours": [1.5, 2.0, 3.0],
        }
    )


def test_monthly_chart_has_one_trace_per_partner_named_as_in_the_config():
    figure = go.Figure(
        charts.monthly_by_partner(
            partner_months(),
            "counselling_hours",
            "Ure",
            "ure",
            labels=SL,
            names={"a": "Zavod A", "b": "Klub B"},
        )
    )
    assert [trace.name for trace in figure.data] == ["Zavod A", "Klub B"]


def test_a_month_a_partner_did_not_report_has_no_bar_where_a_zero_keeps_its_bar():
    months = pd.DataFrame(
        {
            "partner_id": ["a", "a", "a", "b"],
            "period": ["2026-08", "2026-09", "2026-10", "2026-09"],
            "counselling_hours": [1.5, None, 0.0, 2.0],
        }
    )
    figure = charts.monthly_by_partner(months, "counselling_hours", "Hours", "hours")
    bars = {
        trace["name"]: dict(zip(trace["x"], trace["y"], strict=True)) for trace in figure["data"]
    }
    assert bars == {"a": {"2026-08": 1.5, "2026-10": 0.0}, "b": {"2026-09": 2.0}}


RANGE = ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
RANGE_SL = ["jul. 2026", "avg. 2026", "sep. 2026", "okt. 2026", "nov. 2026"]


@pytest.mark.parametrize(
    "drawn",
    [
        lambda: charts.monthly_by_partner(
            partner_months(), "counselling_hours", "Ure", "ure", labels=SL, months=RANGE
        ),
        lambda: charts.monthly_by_code(
            partner_months().rename(columns={"partner_id": "kind"}),
            "kind",
            "counselling_hours",
            "Ure",
            "ure",
            labels=SL,
            months=RANGE,
        ),
        lambda: charts.suppressed_bars(
            pd.DataFrame({"label": ["sep. 2026"], "value": [12], "shown": ["12"]}),
            "Osebe",
            "mesec",
            "osebe",
            labels=SL,
            categories=RANGE_SL,
        ),
        lambda: charts.occupancy_by_unit(
            partner_months().assign(site_id="BS-1", occupancy_rate=0.75, places=4),
            "Zasedenost",
            labels=SL,
            months=RANGE,
        ),
    ],
    ids=["by partner", "by kind", "people", "occupancy"],
)
def test_every_month_of_the_range_keeps_its_place_on_the_axis_with_a_bar_or_without(drawn):
    # months without a bar at either end too: spaced bars read as months in a row otherwise
    axis = go.Figure(drawn()).layout.xaxis
    assert list(axis.categoryarray) == RANGE_SL
    assert list(axis.range) == [-0.5, 4.5]


def test_monthly_chart_titles_its_axes_with_the_unit_and_months_in_the_language():
    figure = go.Figure(
        charts.monthly_by_partner(partner_months(), "counselling_hours", "Ure", "ure", labels=SL)
    )
    assert figure.layout.yaxis.title.text == "ure"
    assert figure.layout.xaxis.title.text == "mesec"
    assert list(figure.data[0].x) == ["sep. 2026", "okt. 2026"]


def test_charts_use_the_languages_number_separators():
    figure = go.Figure(
        charts.monthly_by_partner(partner_months(), "counselling_hours", "Ure", "ure", labels=SL)
    )
    assert figure.layout.separators == ",."


def test_every_trace_has_hover_text():
    figure = go.Figure(
        charts.monthly_by_partner(partner_months(), "counselling_hours", "Ure", "ure", labels=SL)
    )
    assert all("ure" in trace.hovertemplate for trace in figure.data)


def test_hover_names_the_unit_before_the_figure_so_no_plural_form_is_needed():
    figure = go.Figure(
        charts.monthly_by_partner(
            partner_months(), "counselling_hours", "Ure", "udeleženci", labels=SL
        )
    )
    assert all("udeleženci: %{y" in trace.hovertemplate for trace in figure.data)


def test_colours_come_from_the_colour_blind_safe_palette():
    figure = go.Figure(
        charts.monthly_by_partner(partner_months(), "counselling_hours", "Ure", "ure", labels=SL)
    )
    assert {trace.marker.color for trace in figure.data} <= set(charts.PALETTE)


@pytest.mark.parametrize(
    "one_series",
    [
        lambda months: charts.monthly_by_partner(
            months, "counselling_hours", "Ure", "ure", labels=SL, names={"a": "Zavod A"}
        ),
        lambda months: charts.monthly_by_code(
            months.rename(columns={"partner_id": "kind"}),
            "kind",
            "counselling_hours",
            "Ure",
            "ure",
            labels=SL,
        ),
        lambda months: charts.occupancy_by_unit(
            months.assign(site_id="BS-1", occupancy_rate=0.75, places=4), "Zasedenost", labels=SL
        ),
    ],
    ids=["by partner", "by kind", "by unit"],
)
def test_a_chart_coloured_by_something_names_even_its_only_series_in_a_legend(one_series):
    # plotly.js would hide the legend of a lone series, leaving the partner, kind or unit the
    # title promises only in the hover
    figure = one_series(partner_months().query("partner_id == 'a'"))
    assert len(figure["data"]) == 1
    assert go.Figure(figure).layout.showlegend is True


def test_suppressed_count_has_no_bar_only_its_mark():
    frame = pd.DataFrame({"label": ["ženski", "moški"], "value": [None, 12], "shown": ["<5", "12"]})
    bar = go.Figure(charts.suppressed_bars(frame, "Spol", "spol", "osebe", labels=SL)).data[0]
    # the hidden count is drawn as nothing (0), and only "<5" is written where it would be
    assert list(bar.y) == [0, 12]
    assert list(bar.text) == ["<5", "12"]


def test_submission_grid_gives_each_partner_a_row_and_each_month_a_column():
    frame = pd.DataFrame(
        {
            "partner_id": ["a", "a", "b", "b"],
            "period": ["2026-09", "2026-10"] * 2,
            "status": ["on_time", "late", "missing", "rejected"],
        }
    )
    heatmap = go.Figure(
        charts.submission_grid(frame, "Oddaje", labels=SL, names={"a": "A", "b": "B"})
    ).data[0]
    assert list(heatmap.y) == ["A", "B"]
    assert [list(row) for row in heatmap.text] == [
        ["pravočasno", "z zamudo"],
        ["manjka", "zavrnjeno"],
    ]


def test_submission_grid_titles_its_axes_in_lower_case_as_every_chart_does():
    frame = pd.DataFrame({"partner_id": ["a"], "period": ["2026-10"], "status": ["late"]})
    grid = go.Figure(charts.submission_grid(frame, "Sprawozdania", labels=Labels("pl"), names={}))
    assert (grid.layout.xaxis.title.text, grid.layout.yaxis.title.text) == ("miesiąc", "partner")


def test_submission_grid_grows_with_its_partners_instead_of_squeezing_them():
    partners = [f"p{i:02}" for i in range(30)]
    frame = pd.DataFrame(
        {"partner_id": partners, "period": ["2026-10"] * 30, "status": ["on_time"] * 30}
    )
    grid = go.Figure(charts.submission_grid(frame, "Oddaje", labels=SL, names={}))
    few = go.Figure(charts.submission_grid(frame.head(2), "Oddaje", labels=SL, names={}))
    assert grid.layout.height >= 30 * 40 > few.layout.height


def test_occupancy_is_drawn_in_per_cent():
    frame = pd.DataFrame(
        {
            "site_id": ["BS-1"],
            "period": ["2026-10"],
            "occupancy_rate": [0.75],
            "residents": [3],
            "places": [4],
        }
    )
    assert list(go.Figure(charts.occupancy_by_unit(frame, "Zasedenost", labels=SL)).data[0].y) == [
        75.0
    ]


def test_occupancy_never_carries_a_units_residents_which_the_tables_may_hide():
    frame = pd.DataFrame(
        {
            "site_id": ["BS-1", "BS-1"],
            "period": ["2026-09", "2026-10"],
            "occupancy_rate": [0.75, 0.5],
            "residents": [3, 2],
            "places": [4, 4],
        }
    )
    [line] = go.Figure(charts.occupancy_by_unit(frame, "Zasedenost", labels=SL)).data
    assert list(line.customdata) == [4, 4]
    assert "customdata[0]" not in line.hovertemplate


def test_occupancy_names_each_unit_as_the_consortium_does_not_by_its_id():
    frame = pd.DataFrame(
        {"site_id": ["BS-1"], "period": ["2026-10"], "occupancy_rate": [0.75], "places": [4]}
    )
    names = {"BS-1": "Bivanjska skupnost Ljubljana"}
    [line] = go.Figure(charts.occupancy_by_unit(frame, "Zasedenost", labels=SL, names=names)).data
    assert line.name == "Bivanjska skupnost Ljubljana"
    assert (
        "Bivanjska skupnost Ljubljana:" in line.hovertemplate and "BS-1" not in line.hovertemplate
    )


def test_target_chart_shows_achieved_and_projected_in_per_cent():
    frame = pd.DataFrame({"figure": ["Ure"], "achieved": [0.5], "projected": [1.1]})
    achieved, projected = go.Figure(charts.achieved_vs_target(frame, "Cilji", labels=SL)).data
    assert list(achieved.x) == [50.0] and round(projected.x[0]) == 110


@pytest.mark.parametrize(("language", "sign"), [("pl", "%"), ("sl", "\u00a0%")])
def test_occupancy_axis_and_hover_write_per_cent_as_the_tables_do(language, sign):
    # CLDR: Polish writes 86%, Slovene 86 % (a non-breaking space), as Labels.percent does
    frame = pd.DataFrame(
        {"site_id": ["BS-1"], "period": ["2026-10"], "occupancy_rate": [0.86], "places": [4]}
    )
    figure = go.Figure(charts.occupancy_by_unit(frame, "Obłożenie", labels=Labels(language)))
    assert figure.layout.yaxis.ticksuffix == sign
    assert f"%{{y:,.0f}}{sign}<br>" in figure.data[0].hovertemplate


def test_target_chart_axis_and_projection_write_per_cent_as_its_bars_do():
    frame = pd.DataFrame({"figure": ["Godziny"], "achieved": [0.5], "projected": [1.1]})
    figure = go.Figure(charts.achieved_vs_target(frame, "Cele", labels=Labels("pl")))
    achieved, projected = figure.data
    assert list(achieved.text) == ["50%"]
    assert figure.layout.xaxis.ticksuffix == "%"
    assert "%{x:,.0f}%<extra>" in projected.hovertemplate


def test_target_chart_titles_its_axis_as_what_its_bars_show():
    # the axis measures the share of each target achieved ("% realizacji"), not the target
    frame = pd.DataFrame({"figure": ["Godziny"], "achieved": [0.5], "projected": [1.1]})
    figure = go.Figure(charts.achieved_vs_target(frame, "Cele", labels=Labels("pl")))
    assert figure.layout.xaxis.title.text == figure.data[0].name == "% realizacji"


def test_a_partner_has_the_same_colour_whichever_partners_a_chart_shows():
    names = {"a": "Zavod A", "b": "Klub B"}
    both = go.Figure(
        charts.monthly_by_partner(
            partner_months(), "counselling_hours", "Ure", "ure", labels=SL, names=names
        )
    )
    only_b = go.Figure(
        charts.monthly_by_partner(
            partner_months().query("partner_id == 'b'"),
            "counselling_hours",
            "Ure",
            "ure",
            labels=SL,
            names=names,
        )
    )
    assert only_b.data[0].marker.color == both.data[1].marker.color != both.data[0].marker.color


def test_target_chart_writes_each_share_in_the_language_and_may_leave_out_the_projection():
    frame = pd.DataFrame({"figure": ["Ure"], "achieved": [1.463]})
    (bar,) = go.Figure(charts.achieved_vs_target(frame, "Cilji", labels=SL)).data
    assert list(bar.text) == ["146\u00a0%"]


def test_chart_toolbar_speaks_the_language_of_the_page():
    dictionary = charts.plotly_locale(Labels("pl"))["dictionary"]
    assert dictionary["Download plot as a PNG"] == "Pobierz wykres jako PNG"
    assert dictionary["Autoscale"] == "Dopasuj skalę"


def test_every_toolbar_word_translated_is_one_plotly_js_writes():
    # plotly.js looks its words up by their English text: one it no longer writes would stay
    # English on the charts, unnoticed
    script = get_plotlyjs()
    assert [m for m in charts.TOOLBAR.values() if f'"{m}"' not in script] == []


def every_chart() -> list:
    months = partner_months().rename(columns={"counselling_hours": "hours"})
    scores = pd.DataFrame({"moment": ["prva", "zadnja"], "score": [31.5, 42.0]})
    return [
        charts.monthly_by_partner(months, "hours", "Ure", "ure", labels=SL, names={"a": "A"}),
        charts.monthly_by_code(
            months.rename(columns={"partner_id": "kind"}), "kind", "hours", "Ure", "ure", labels=SL
        ),
        charts.occupancy_by_unit(
            pd.DataFrame(
                {
                    "site_id": ["BS-1"],
                    "period": ["2026-10"],
                    "occupancy_rate": [0.75],
                    "residents": [3],
                    "places": [4],
                }
            ),
            "Zasedenost",
            labels=SL,
        ),
        charts.suppressed_bars(
            pd.DataFrame({"label": ["ž", "m"], "value": [None, 12], "shown": ["<5", "12"]}),
            "Spol",
            "spol",
            "osebe",
            labels=SL,
        ),
        charts.score_change(scores, "BARC-10", labels=SL, threshold=43),
        charts.score_by_month(
            pd.DataFrame({"period": ["2026-10"], "mean_score": [40.0], "shown": ["7"]}),
            "BARC-10",
            labels=SL,
            threshold=43,
        ),
        charts.submission_grid(
            pd.DataFrame({"partner_id": ["a"], "period": ["2026-10"], "status": ["late"]}),
            "Oddaje",
            labels=SL,
            names={"a": "A"},
        ),
        charts.achieved_vs_target(
            pd.DataFrame({"figure": ["Ure"], "achieved": [0.5], "projected": [1.1]}),
            "Cilji",
            labels=SL,
        ),
    ]


def drawn(value: object) -> object:
    """What plotly.js draws from a figure's dict: empty lists and dicts are nothing to it."""
    if isinstance(value, dict):
        return {k: drawn(v) for k, v in value.items() if v not in ((), [], {})}
    if isinstance(value, list | tuple):
        return [drawn(v) for v in value]
    return value


def test_every_chart_is_what_plotlys_own_checks_would_make_of_it():
    # charts are plain dicts, never checked by plotly on the way (`charts.new_figure`): checked
    # whole, each is accepted and nothing in it is coerced (a title given as a bare string would be)
    for figure in every_chart():
        assert drawn(go.Figure(figure).to_dict()) == drawn(figure)
