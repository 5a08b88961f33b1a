"""Feedback reports per submission, in the partner's language, and the consortium summary."""

import json
from datetime import UTC, datetime

import pytest
import yaml

from core.config import Workspace
from core.messages import MESSAGES_DIR
from core.submission import Problem, Submission
from validate.feedback import (
    feedback_html,
    feedback_text,
    write_feedback,
    write_summary,
)


def submission(partner="most-si", problems=()):
    return Submission(
        sha256="ab" * 32,
        name_as_received="porocilo_2025-03.xlsx",
        size_bytes=10,
        received_at=datetime(2025, 4, 3, 9, 30, tzinfo=UTC),
        partner_id=partner,
        period="2025-03",
        problems=list(problems),
    )


NEGATIVE = Problem("error", "not_negative", sheet="Bivanje", row=5, column="Stanovalci")


@pytest.mark.parametrize("language", ["sl", "bs", "pl", "no", "en"])
def test_report_is_written_in_each_language_with_sheet_row_and_column(language):
    texts = yaml.safe_load((MESSAGES_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    report = feedback_text(submission(problems=[NEGATIVE]), language)
    assert texts["rules"]["not_negative"]["message"] in report
    assert texts["rules"]["not_negative"]["fix"] in report
    assert texts["status"]["rejected"] in report
    assert (
        f"{texts['labels']['row']} 5" in report and "Bivanje" in report and "Stanovalci" in report
    )


@pytest.mark.parametrize("language", ["sl", "bs", "pl", "no", "en"])
def test_html_report_is_marked_with_its_language(language):
    page = feedback_html(submission(problems=[NEGATIVE]), language)
    assert f'<html lang="{language}">' in page
    assert "<td>5</td>" in page


def test_report_without_problems_thanks_the_partner():
    assert "Hvala!" in feedback_text(submission(), "sl")


def test_a_report_quoting_a_partners_words_for_a_kind_says_it_quotes_them():
    unclassified = Problem(
        "warning",
        "value_unclassified",
        sheet="Groups",
        column="Activity",
        params={"in_rows": "1 row", "values": "Recovery café - topic: relapse"},
    )
    report = feedback_text(submission(problems=[unclassified]), "en")
    assert "Recovery café - topic: relapse" in report
    assert "never their contents" not in report
    assert "never anything that identifies a person" in report


def test_markup_in_a_sheet_name_is_escaped_in_the_page():
    problem = Problem("error", "value_required", sheet="<script>x</script>", row=2, column="Ure")
    page = feedback_html(submission(problems=[problem]), "sl")
    assert "<script>x" not in page and "&lt;script&gt;x" in page


def test_feedback_is_written_as_text_and_html_in_the_partners_folder(workspace):
    ws = Workspace.open(workspace)
    text = write_feedback(ws, submission(partner="oporavak-ba", problems=[NEGATIVE]))
    assert text.parent == ws.feedback / "oporavak-ba" / "2025-03"
    assert text.with_suffix(".html").is_file()
    # Bosnian partner, Bosnian report
    assert "Odbijeno" in text.read_text(encoding="utf-8")


def test_report_names_the_partner_as_its_staff_know_it(workspace):
    ws = Workspace.open(workspace)
    text = write_feedback(ws, submission(partner="klub-pl", problems=[NEGATIVE]))
    page = text.with_suffix(".html").read_text(encoding="utf-8")
    # the name in consortium.yaml, not the id "klub-pl", which stays in the folder's name
    assert "Partner: Klub Abstynenta Przystań, Kraków" in text.read_text(encoding="utf-8")
    assert "<dd>Klub Abstynenta Przystań, Kraków</dd>" in page and "klub-pl" not in page


def test_summary_record_keeps_where_but_no_values(workspace):
    ws = Workspace.open(workspace)
    text = write_feedback(ws, submission(problems=[NEGATIVE]))
    record = json.loads(text.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["problems"] == [
        {
            "severity": "error",
            "rule": "not_negative",
            "sheet": "Bivanje",
            "row": 5,
            "column": "Stanovalci",
        }
    ]


def test_summary_lists_every_report_in_the_consortium_language(workspace):
    ws = Workspace.open(workspace)
    write_feedback(ws, submission(problems=[NEGATIVE]))
    write_feedback(ws, submission(partner="klub-pl"))
    index = write_summary(ws)
    page = index.read_text(encoding="utf-8")
    # the demo consortium writes Slovene
    assert "Kakovost podatkov" in page
    assert page.count('href="') == 2
    assert "Število ne sme biti negativno." in (ws.feedback / "summary.txt").read_text(
        encoding="utf-8"
    )


def test_summary_names_each_partner_as_the_manager_knows_it(workspace):
    ws = Workspace.open(workspace)
    write_feedback(ws, submission(partner="oporavak-ba"))
    write_summary(ws)
    text = (ws.feedback / "summary.txt").read_text(encoding="utf-8")
    page = (ws.feedback / "index.html").read_text(encoding="utf-8")
    assert "| Udruženje Proslavi Oporavak, Sarajevo |" in text
    assert "<td>Udruženje Proslavi Oporavak, Sarajevo</td>" in page
    # the id only in the link to the report, under the partner's folder
    assert page.count("oporavak-ba") == 1 and 'href="oporavak-ba/2025-03/' in page


@pytest.mark.parametrize(
    ("language", "figures"),
    [("sl", "(4,5) je precej pod vašo običajno ravnjo (mediana 62 "), ("en", "(4.5) are far")],
)
def test_figures_in_a_message_are_written_as_the_language_writes_them(language, figures):
    low = Problem(
        "warning",
        "outlier_low",
        sheet="Ure",
        params={"measure": "counselling_hours", "value": 4.5, "median": 62.0, "months": 22},
    )
    # never Python's 4.5 and 62.0 in a Slovene sentence
    assert figures in feedback_text(submission(problems=[low]), language)


@pytest.mark.parametrize(
    ("language", "own_header"), [("sl", "s svojim imenom zanj"), ("en", "your own words for it")]
)
def test_a_missing_column_may_be_added_under_the_partners_own_header(language, own_header):
    missing = Problem("error", "column_missing", sheet="Ure", row=1, column="Ure", params={})
    # a partner sending its own layout has no template to take the header from
    assert own_header in feedback_text(submission(problems=[missing]), language)


def test_report_counts_its_problems_with_the_languages_plural_forms():
    problems = [NEGATIVE, NEGATIVE, Problem("warning", "value_required", sheet="Ure", row=3)]
    # Slovene dual for two errors, singular for one warning
    assert "2 napaki, 1 opozorilo" in feedback_text(submission(problems=problems), "sl")
    assert "2 błędy, 1 ostrzeżenie" in feedback_html(submission(problems=problems), "pl")


def test_summary_counts_the_files_it_lists(workspace):
    ws = Workspace.open(workspace)
    for partner in ("most-si", "klub-pl", "oporavak-ba"):
        write_feedback(ws, submission(partner=partner))
    # three files: the Slovene few form
    assert "(3 datoteke)" in write_summary(ws).read_text(encoding="utf-8")


def counselling(hours):
    import pandas as pd

    return pd.DataFrame({"session_kind": ["individual"] * len(hours), "hours": hours})


def test_an_accepted_files_report_says_what_each_table_came_to():
    sub = submission()
    sub.tables = {"counselling": counselling([1.0, 1.5, 1.75])}
    report = feedback_text(sub, "sl")
    assert "Iz datoteke smo šteli:\nsvetovanja: 3, ure: 4,25\n" in report


def test_what_a_file_came_to_is_still_told_once_its_rows_are_let_go():
    sub = submission()
    sub.tables = {"counselling": counselling([2.0, 0.5])}
    sub.drop_rows()
    assert "sessions: 2, hours: 2.5" in feedback_text(sub, "en")
    assert "<li>sessions: 2, hours: 2.5</li>" in feedback_html(sub, "en")


def test_a_column_the_partner_left_empty_is_not_told_as_a_zero():
    import pandas as pd

    sub = submission()
    sub.tables = {"groups": pd.DataFrame({"participants": [8, 6], "hours": [None, None]})}
    report = feedback_text(sub, "no")
    assert "møter: 2, oppmøte: 14\n" in report
    assert "timer" not in report


def test_a_rejected_files_report_counts_nothing():
    sub = submission(problems=[NEGATIVE])
    sub.tables = {"counselling": counselling([1.0])}
    assert "Iz datoteke smo šteli" not in feedback_text(sub, "sl")


@pytest.mark.parametrize(
    ("language", "month"),
    [
        ("sl", "marec 2025"),
        ("bs", "mart 2025."),
        ("pl", "marzec 2025"),
        ("no", "mars 2025"),
        ("en", "March 2025"),
    ],
)
def test_the_report_gives_the_month_in_words(language, month):
    assert f": {month}\n" in feedback_text(submission(), language)
