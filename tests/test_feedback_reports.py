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


def october_file(name, day, tables, problems=()):
    """A file of most-si for October 2025, received on `day` of November at 9:00 UTC."""
    import hashlib

    return Submission(
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        name_as_received=name,
        size_bytes=10,
        received_at=datetime(2025, 11, day, 9, 0, tzinfo=UTC),
        partner_id="most-si",
        period="2025-10",
        tables={table: counselling([1.0]) for table in tables},
        problems=list(problems),
    )


def replacing(name, *tables):
    return Problem("warning", "tables_replaced", params={"file": name, "tables": list(tables)})


REPEATED = Problem("warning", "row_repeated", sheet="Svetovanje", row=18, params={"repeats": 17})


def test_summary_says_a_file_replaced_by_a_later_one_no_longer_counts(workspace):
    ws = Workspace.open(workspace)
    write_feedback(ws, october_file("oktober.xlsx", 3, ["counselling"]))
    write_feedback(
        ws,
        october_file(
            "oktober_v2.xlsx", 5, ["counselling"], [replacing("oktober.xlsx", "counselling")]
        ),
    )
    write_summary(ws)
    text = (ws.feedback / "summary.txt").read_text(encoding="utf-8")
    page = (ws.feedback / "index.html").read_text(encoding="utf-8")
    # the first file's row says so, in the consortium's Slovene; the later file still counts
    said = "ne šteje več za svetovanje: nadomestila jo je “oktober_v2.xlsx”"
    assert f"| oktober.xlsx | Sprejeto | 0 | 0 | {said}" in text
    assert text.count("ne šteje več") == 1
    assert f"<td>{said}</td>" in page and page.count("ne šteje več") == 1


def test_a_file_replaced_for_one_of_its_tables_names_that_table(workspace):
    ws = Workspace.open(workspace)
    write_feedback(ws, october_file("oktober.xlsx", 3, ["counselling", "people"]))
    write_feedback(
        ws,
        october_file(
            "oktober_v2.xlsx", 5, ["counselling"], [replacing("oktober.xlsx", "counselling")]
        ),
    )
    write_summary(ws)
    text = (ws.feedback / "summary.txt").read_text(encoding="utf-8")
    # its people still count: only counselling is named
    assert "ne šteje več za svetovanje: nadomestila jo je “oktober_v2.xlsx”" in text
    assert "uporabniki:" not in text


def test_a_file_replaced_twice_under_the_same_name_points_to_each_later_file(workspace):
    ws = Workspace.open(workspace)
    write_feedback(ws, october_file("oktober.xlsx", 3, ["counselling"]))
    # the correction sent under the same name, then a third file
    second = october_file(
        "oktober.xlsx", 5, ["counselling"], [replacing("oktober.xlsx", "counselling")]
    )
    second.sha256 = "cd" * 32
    write_feedback(ws, second)
    write_feedback(
        ws,
        october_file(
            "oktober_v3.xlsx", 7, ["counselling"], [replacing("oktober.xlsx", "counselling")]
        ),
    )
    write_summary(ws)
    text = (ws.feedback / "summary.txt").read_text(encoding="utf-8")
    # the third replaced the second (the latest of that name before it), the second the first
    assert text.count("nadomestila jo je “oktober_v3.xlsx”") == 1
    assert text.count("nadomestila jo je “oktober.xlsx”") == 1


def test_most_common_problems_leave_out_a_file_replaced_in_full(workspace):
    ws = Workspace.open(workspace)
    write_feedback(ws, october_file("oktober.xlsx", 3, ["counselling"], [REPEATED]))
    write_feedback(
        ws,
        october_file(
            "oktober_v2.xlsx", 5, ["counselling"], [replacing("oktober.xlsx", "counselling")]
        ),
    )
    write_summary(ws)
    text = (ws.feedback / "summary.txt").read_text(encoding="utf-8")
    common = text.split("Najpogostejše težave")[1]
    # the repeated row was in the replaced file only; the replacement's own warning is counted
    assert "ponavlja vrstico" not in common
    assert "Zanje zdaj štejemo le to datoteko" in common
    assert "v datotekah, ki štejejo" in text


def test_most_common_problems_keep_a_file_replaced_for_one_table_only(workspace):
    ws = Workspace.open(workspace)
    write_feedback(ws, october_file("oktober.xlsx", 3, ["counselling", "people"], [REPEATED]))
    write_feedback(
        ws,
        october_file(
            "oktober_v2.xlsx", 5, ["counselling"], [replacing("oktober.xlsx", "counselling")]
        ),
    )
    page = write_summary(ws).read_text(encoding="utf-8")
    # its people still count, and so do its problems
    assert "ponavlja vrstico" in page.split("<h2>")[1]


@pytest.mark.parametrize("language", ["sl", "bs", "pl", "no", "en"])
def test_a_file_after_the_months_deadline_says_it_arrived_late(language):
    # October's files are due by the end of 10 November in Ljubljana
    late = october_file("oktober.xlsx", 11, ["counselling"])
    texts = yaml.safe_load((MESSAGES_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    opening = texts["labels"]["late"].split("{deadline}")[0]
    text = feedback_text(late, language, "Europe/Ljubljana", deadline_day=10)
    assert opening in text
    assert opening in feedback_html(late, language, "Europe/Ljubljana", deadline_day=10)


def test_the_late_note_names_the_deadline_and_the_month():
    late = october_file("oktober.xlsx", 11, ["counselling"])
    assert (
        "This file arrived after the deadline of 10 Nov 2025 for October 2025; it is counted all"
        " the same." in feedback_text(late, "en", "Europe/Ljubljana", deadline_day=10)
    )


def test_a_file_on_the_deadlines_last_evening_is_not_late():
    # 22:30 UTC on 10 November is 23:30 in Ljubljana, still the 10th
    on_time = october_file("oktober.xlsx", 10, ["counselling"])
    on_time.received_at = datetime(2025, 11, 10, 22, 30, tzinfo=UTC)
    assert "deadline" not in feedback_text(on_time, "en", "Europe/Ljubljana", deadline_day=10)


def test_a_rejected_late_file_says_nothing_of_lateness():
    rejected = october_file("oktober.xlsx", 20, ["counselling"], [NEGATIVE])
    assert "deadline" not in feedback_text(rejected, "en", "Europe/Ljubljana", deadline_day=10)


def test_the_written_report_of_a_late_file_says_so(workspace):
    ws = Workspace.open(workspace)
    text = write_feedback(ws, october_file("oktober.xlsx", 12, ["counselling"]))
    # the demo consortium's deadline is the 10th; most-si writes Slovene
    assert "Datoteka je prispela po roku 10. nov. 2025 za oktober 2025" in text.read_text(
        encoding="utf-8"
    )
