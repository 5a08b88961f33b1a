from datetime import date, datetime, time

import pytest

from collect import cells


def test_decimal_comma_is_a_decimal_mark():
    assert cells.parse_number("1,5") == 1.5


@pytest.mark.parametrize("text", ["1.234", "1 234", "1\u00a0234", "1'234"])
def test_thousands_separators_are_dropped(text):
    assert cells.parse_number(text) == 1234


def test_duration_means_hours():
    # 1 hour and 30 minutes
    assert cells.parse_hours("1:30") == 1.5


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("pola sata", 0.5),
        ("sat i po", 1.5),
        ("uro in pol", 1.5),
        ("poldrugo uro", 1.5),
        ("1 i pol sata", 1.5),
        ("jedan i po sata", 1.5),
        ("półtorej godziny", 1.5),
        ("halvannen time", 1.5),
        ("an hour and a half", 1.5),
        ("1 and a half hours", 1.5),
        ("dva sata", 2),
        ("dvije sata", 2),
        ("četiri sata", 4),
        ("1½ t", 1.5),
        ("½ h", 0.5),
    ],
)
def test_a_duration_written_in_words_or_with_a_half_is_read_in_hours(text, hours):
    assert cells.parse_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("1,5 h", 1.5),
        ("1h30", 1.5),
        ("2 uri", 2),
        ("1 ura 30 min", 1.5),
        ("1 sat i 30 minuta", 1.5),
        ("2 sata", 2),
        ("1 godz. 30 min.", 1.5),
        ("2 timer", 2),
        ("1 time og 15 min", 1.25),
        ("90 min", 1.5),
        ("45'", 0.75),
        ("1:30 h", 1.5),
        ("2:00 uri", 2),
    ],
)
def test_a_duration_written_with_its_units_is_read_in_hours(text, hours):
    assert cells.parse_hours(text) == hours
    # under a header of minutes too: the units written in the cell win
    assert cells.parse_minutes(text) == hours


@pytest.mark.parametrize(("text", "hours"), [("1 1/2", 1.5), ("3/4", 0.75), ("2 1/4 uri", 2.25)])
def test_a_duration_with_a_fraction_written_by_hand_is_its_hours(text, hours):
    # "1 1/2" was refused as no number and "3/4" as two figures with a slash
    assert cells.parse_hours(text) == hours


@pytest.mark.parametrize(
    ("value", "minutes"), [("12:30", 12.5), ("125:05", 125 + 5 / 60), ("1:02:30", 62.5), ("45", 45)]
)
def test_a_length_in_minutes_and_seconds_counts_its_minutes(value, minutes):
    # "Duration (mm:ss)": two parts are minutes and seconds, three still hours first
    assert cells.parse_minutes_seconds(value) == pytest.approx(minutes / 60)


@pytest.mark.parametrize(
    "text",
    [
        "wt., 6 maja 2025",
        "tor. 6. 5. 2025",
        "torek, 6. 5. 2025",
        "Tuesday, 6 May 2025",
        "Tue 6 May 2025",
        "utorak 6.5.2025.",
        "уторак, 6. маја 2025.",
        "tirsdag 6.5.2025",
    ],
)
def test_a_day_of_the_week_before_a_date_is_read_past(text):
    assert cells.parse_date(text) == date(2025, 5, 6)


@pytest.mark.parametrize(
    "text", ["понедељак, 5. мај 2025.", "ponedeljak 5.5.2025.", "pon 5.5.2025"]
)
def test_a_serbian_day_of_the_week_is_read_past_as_a_bosnian_one(text):
    assert cells.parse_date(text) == date(2025, 5, 5)


@pytest.mark.parametrize(
    "text",
    [
        "6.05.2025 r.",
        "6.05.2025r.",
        "6.05.2025 roku",
        "6.05.2025 god.",
        "06.05.2025. godine",
        "6.5.2025. g.",
    ],
)
def test_a_year_marked_as_one_after_a_date_is_read_with_or_without_a_space(text):
    assert cells.parse_date(text) == date(2025, 5, 6)


@pytest.mark.parametrize(
    ("text", "rule"), [("31. 9. 2026", "day_not_in_month"), ("32.10.2026", "not_a_date")]
)
def test_a_day_its_month_does_not_have_is_told_apart_from_no_date(text, rule):
    with pytest.raises(cells.CellError, match=rule):
        cells.parse_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "12 oseb",
        "12 osób",
        "12 učesnika",
        "12 ljudi",
        "12 članova",
        "12 deltakere",
        "12 people",
        "12 os.",
        "12 stk",
        "12 szt.",
    ],
)
def test_a_count_of_people_written_with_its_word_is_the_count(text):
    assert cells.parse_integer(text) == 12


@pytest.mark.parametrize(
    ("text", "language"),
    [("tri", "sl"), ("Tri", "bs"), ("три", "bs"), ("trzy", "pl"), ("tre", "no"), ("three", "en")],
)
def test_a_small_count_written_as_a_word_of_the_language_is_the_count(text, language):
    assert cells.parse_integer(text, language=language) == 3


@pytest.mark.parametrize(
    ("text", "language"), [("nula", "bs"), ("nič", "sl"), ("zero", "en"), ("nil", "en")]
)
def test_none_written_as_a_word_is_a_count_of_0(text, language):
    assert cells.parse_integer(text, language=language) == 0


@pytest.mark.parametrize(("text", "language"), [("tre", "sl"), ("to", "en"), ("tri", None)])
def test_a_number_word_of_another_language_is_not_a_number(text, language):
    # "to" is two only in Norwegian; without the partner's language no word is read
    with pytest.raises(cells.CellError):
        cells.parse_integer(text, language=language)


@pytest.mark.parametrize("text", ["12 (5 M, 7 Ž)", "12 (5M/7Ž)", "12 (5 mężczyzn, 7 kobiet)"])
def test_a_count_with_its_parts_in_brackets_that_add_up_is_the_count(text):
    assert cells.parse_integer(text) == 12


@pytest.mark.parametrize("text", ["12 (5 M, 6 Ž)", "15 (10 Ж, 6 М)", "12 (5M/6Ž)"])
def test_a_count_whose_parts_in_brackets_do_not_add_up_is_told_so(text):
    # the cell holds a count: its fault is that the parts give another
    with pytest.raises(cells.CellError, match="count_parts_disagree"):
        cells.parse_integer(text)


def test_a_count_with_one_figure_in_brackets_is_not_a_number():
    # "od tega 5 žensk" (of them 5 women) gives no parts to add up
    with pytest.raises(cells.CellError, match="not_a_number"):
        cells.parse_integer("12 (od tega 5 žensk)")


def test_a_number_with_another_word_is_not_a_count():
    with pytest.raises(cells.CellError, match="not_a_number"):
        cells.parse_integer("12 km")


@pytest.mark.parametrize("text", ["1 h 75", "5 km", "h"])
def test_a_duration_with_units_it_cannot_have_is_not_a_number(text):
    with pytest.raises(cells.CellError, match="not_a_number"):
        cells.parse_hours(text)


@pytest.mark.parametrize(
    "text",
    [
        "16. 10. 2021",
        "16.10.2021.",
        "16.10.2021",
        "2021-10-16",
        "16.10.21",
        "16. okt. 2021",
        "16. oktober 2021",
        "16 października 2021",
        "16 października 2021 r.",
        "16.10.2021 17:30",
        "16.10.2021 kl. 17:30",
        "16.10.2021 kl 17.30",
        "16.10.2021 17.30",
        "16. 10. 2021. 17.30",
        "2021-10-16 kl. 17:30",
        "16-10-2021",
        "October 16, 2021",
        "16th October 2021",
    ],
)
def test_local_date_spellings(text):
    assert cells.parse_date(text) == date(2021, 10, 16)


@pytest.mark.parametrize("text", ["16-Oct-21", "16 Oct 21", "16/10/21", "16 okt. 21"])
def test_dates_of_a_two_digit_year_as_excel_and_uk_staff_write_them(text):
    # Excel's own "dd-mmm-yy" in a CSV it saved, and a UK date of two digits' year
    assert cells.parse_date(text) == date(2021, 10, 16)


def test_a_date_of_a_two_digit_year_is_not_cut_as_a_time_of_day():
    # " 10.21" after "16." is the month and year, not 10:21
    assert cells.parse_date("16. 10.21") == date(2021, 10, 16)


def test_a_month_word_two_languages_share_is_read_in_the_partners_language():
    # listopad is November in Polish, October in Croatian
    assert cells.parse_date("3. listopada 2021.", language="pl") == date(2021, 11, 3)
    assert cells.parse_date("3. listopada 2021.", language="bs") == date(2021, 10, 3)
    with pytest.raises(cells.CellError):
        cells.parse_date("3. listopada 2021.")


@pytest.mark.parametrize(
    "text",
    ["16.–17. 10. 2021", "16.-17.10.2021", "16. in 17. 10. 2021", "16 i 17 października 2021"],
)
def test_days_of_one_month_are_the_day_they_began(text):
    # a training held over two days
    assert cells.parse_date(text) == date(2021, 10, 16)


def test_days_written_backwards_are_no_date():
    with pytest.raises(cells.CellError):
        cells.parse_date("17.–16. 10. 2021")


def test_a_day_alone_in_a_date_column_is_that_day_of_the_files_month():
    assert cells.parse_date_cell(3, month="2026-11") == date(2026, 11, 3)


@pytest.mark.parametrize(
    ("number", "month", "monday"),
    [
        (45, "2026-11", date(2026, 11, 2)),
        # week 53 of 2026 in January's file, week 1 of 2026 in December 2025's
        (53, "2027-01", date(2026, 12, 28)),
        (1, "2025-12", date(2025, 12, 29)),
    ],
)
def test_a_numbered_week_begins_on_the_monday_of_the_iso_week_nearest_the_month(
    number, month, monday
):
    assert cells.week_start(number, int(month[:4]), month) == monday


def test_excel_serial_dates_in_both_systems():
    # 44485 days after 1899-12-30, and 43023 after 1904-01-01
    assert cells.parse_date(44485.0) == date(2021, 10, 16)
    assert cells.parse_date(43023.0, date1904=True) == date(2021, 10, 16)


def test_an_excel_serial_written_as_text_in_a_date_column_is_its_date():
    # a CSV saved from a sheet whose dates lost their format: 46300 days after 1899-12-30
    assert cells.parse_date_cell("46300") == date(2026, 10, 5)


@pytest.mark.parametrize("value", ["20261005", 20261005, 20261005.0, " 20261005 "])
def test_a_date_in_eight_digits_in_a_date_column_is_its_date(value):
    assert cells.parse_date_cell(value) == date(2026, 10, 5)


@pytest.mark.parametrize("value", ["12345678", "2026100", "202610051", 20261005.5])
def test_eight_digits_of_no_year_month_and_day_are_no_date(value):
    with pytest.raises(cells.CellError):
        cells.parse_date_cell(value)


@pytest.mark.parametrize("text", ["12345", "98765", "4630", "463001"])
def test_a_number_of_no_plausible_year_in_a_date_column_is_no_date(text):
    with pytest.raises(cells.CellError):
        cells.parse_date_cell(text)


def test_excel_error_is_an_error_not_a_blank():
    with pytest.raises(cells.CellError) as raised:
        cells.parse_number("#REF!")
    assert raised.value.rule == "cell_error"


@pytest.mark.parametrize("text", ["10:30", "10.30", "10h30", "10:30:00"])
def test_a_time_of_day_is_read_as_partners_write_it(text):
    assert cells.parse_time(text) == time(10, 30)


def test_an_excel_time_is_a_fraction_of_a_day():
    assert cells.parse_time(0.4375) == time(10, 30)


@pytest.mark.parametrize("text", ["5. 3.", "05.03.", "5.3", "5/3"])
def test_a_day_and_month_take_the_year_given(text):
    assert cells.parse_date(text, year=2025) == date(2025, 3, 5)
    with pytest.raises(cells.CellError, match="not_a_date"):
        cells.parse_date(text)


def test_a_day_is_no_time_of_day():
    with pytest.raises(cells.CellError, match="not_a_time"):
        cells.parse_time(datetime(2025, 5, 6))


@pytest.mark.parametrize(
    ("text", "hours"),
    [("17:30-19:00", 1.5), ("17.30–19.00", 1.5), ("od 10h do 11.30", 1.5), ("kl. 17-19", 2)],
)
def test_a_span_of_the_day_is_the_hours_between_its_ends(text, hours):
    assert cells.parse_time_span(text) == hours


def test_a_span_that_ends_before_it_begins_counts_no_hours():
    with pytest.raises(cells.CellError, match="time_range_backwards"):
        cells.parse_time_span("19:00-17:30")


def test_a_cell_of_hours_may_give_the_clock_times_of_the_session():
    assert cells.parse_hours("10:00 - 11:30") == 1.5


@pytest.mark.parametrize(
    "text", ["1-2", "1-2h", "od 1 do 2 uri", "2-3 ure", "7-9h", "8-10", "fra 1 til 2"]
)
def test_a_range_of_numbers_in_a_cell_of_hours_is_no_span_of_the_day(text):
    with pytest.raises(cells.CellError, match="not_a_number"):
        cells.parse_hours(text)


@pytest.mark.parametrize(
    "text", ["17h-19h", "od 17h do 19h", "od 17 do 19", "17-19h", "9h - 11h", "fra 18 til 20"]
)
def test_hours_of_the_day_a_session_ran_from_and_to_are_the_hours_between(text):
    assert cells.parse_hours(text) == 2


@pytest.mark.parametrize("text", ["on 7.5.", "sr 7. 5.", "We 7.5."])
def test_a_short_day_of_the_week_before_a_day_and_month_is_read_past(text):
    assert cells.parse_date(text, year=2025) == date(2025, 5, 7)


@pytest.mark.parametrize(
    ("value", "hours"),
    [("2 godz.", 2), ("1,5", 1.5), ("2", 2), (1.5, 1.5), ("1 h 30 min", 1.5), ("0:45", 0.75)],
)
def test_a_length_under_a_header_of_the_time_of_day_is_its_hours(value, hours):
    assert cells.plain_length(value) == hours


@pytest.mark.parametrize("value", ["18:00", "10.30", time(9, 0), "wieczorem"])
def test_a_time_of_day_is_no_length(value):
    # 9:00 may be when a session began; 1:30 in the small hours never is
    assert cells.plain_length(value) is None


@pytest.mark.parametrize("text", ["124 døgn", "124 noči", "124 ноћења", "124 nights", "124 nocy"])
def test_a_count_of_nights_written_with_its_word_is_the_count(text):
    assert cells.parse_integer(text, counted_in="nights") == 124


def test_a_count_of_people_is_no_count_of_nights():
    with pytest.raises(cells.CellError, match="not_a_number"):
        cells.parse_integer("4 osebe", counted_in="nights")


@pytest.mark.parametrize(
    "text",
    [
        "—",
        "–",
        "-",
        "/",
        "n/a",
        "N/A",
        "n.a.",
        "ni podatka",
        "nema",
        "brak",
        "b.d.",
        "ikke aktuelt",
    ],
)
def test_a_dash_or_a_word_for_no_value_says_a_figure_is_not_stated(text):
    assert cells.says_no_figure(text)


@pytest.mark.parametrize("text", ["?", "*", "0", "x", "5/6"])
def test_a_sign_of_no_word_for_no_value_is_no_such_statement(text):
    # "?" and "*" ask or refer to a note: they are no statement that there is no figure
    assert not cells.says_no_figure(text)


@pytest.mark.parametrize(("decimal", "number"), [(".", 1240), (",", 1.24)])
def test_a_comma_before_three_digits_groups_thousands_where_a_point_marks_decimals(decimal, number):
    # an English "1,240" is a thousand two hundred and forty; a Slovene one 1.24
    assert cells.parse_number("1,240", decimal=decimal) == number


@pytest.mark.parametrize(("decimal", "number"), [(",", 1240), (".", 1.24)])
def test_a_point_before_three_digits_groups_thousands_where_a_comma_marks_decimals(decimal, number):
    assert cells.parse_number("1.240", decimal=decimal) == number


@pytest.mark.parametrize("decimal", [",", "."])
@pytest.mark.parametrize("text", ["1.240,5", "1,240.5"])
def test_a_figure_with_both_marks_has_its_decimals_after_the_last(text, decimal):
    assert cells.parse_number(text, decimal=decimal) == 1240.5


@pytest.mark.parametrize("text", ["1,5", "1.5", "0,250"])
def test_a_mark_before_other_than_three_digits_marks_decimals_in_any_language(text):
    assert cells.parse_number(text, decimal=".") == cells.parse_number(text, decimal=",")


@pytest.mark.parametrize("text", ["1,240", "1.240"])
def test_a_count_reads_a_mark_before_three_digits_as_thousands(text):
    # a count has no decimals: 1,240 nights are 1240 whichever mark the language writes
    assert cells.parse_integer(text, counted_in="nights") == 1240


@pytest.mark.parametrize(
    ("values", "language", "mark"),
    [
        (["1,250"], "en", "."),
        (["1,250"], "sl", ","),
        # the column's other figures show their decimal mark: it is theirs
        (["1,5", "1,250"], "en", ","),
        (["1.5", "2.25", "1.250"], "sl", "."),
        # figures showing both marks say nothing: the language decides
        (["1.5", "2,25"], "en", "."),
    ],
)
def test_a_columns_decimal_mark_is_the_one_its_figures_show_else_its_languages(
    values, language, mark
):
    assert cells.decimal_mark(values, language) == mark


@pytest.mark.parametrize(
    ("text", "parse", "figure"),
    [
        ("cca 2 uri", cells.parse_hours, 2),
        ("~1,5", cells.parse_hours, 1.5),
        ("oko 3", cells.parse_integer, 3),
        ("ok. 2", cells.parse_integer, 2),
        ("около 3", cells.parse_integer, 3),
        ("approx. 1,5 h", cells.parse_hours, 1.5),
        ("c. 12", cells.parse_integer, 12),
    ],
)
def test_a_figure_after_a_word_for_about_is_read_and_said_approximate(text, parse, figure):
    assert cells.annotated_figure(text, parse) == cells.AnnotatedFigure(
        figure, "figure_approximate"
    )


def test_a_sum_of_figures_is_read_as_its_total():
    # 8 members and 2 guests came
    assert cells.annotated_figure("8+2", cells.parse_integer) == cells.AnnotatedFigure(
        10, "figures_summed"
    )


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("8 uporabnikov, 3 svojci", 11),
        ("5 moških in 7 žensk", 12),
        ("8 korisnika i 2 člana porodice", 10),
        ("6 uczestników + 2 rodziny", 8),
        ("6 brukere og 2 pårørende", 8),
        ("4 clients, 2 relatives", 6),
    ],
)
def test_counts_of_kinds_of_people_in_one_cell_are_read_as_their_total(text, total):
    assert cells.annotated_figure(text, cells.parse_integer) == cells.AnnotatedFigure(
        total, "figures_summed"
    )


@pytest.mark.parametrize("text", ["1 skupina, 8 oseb", "2 uri, 30 min", "8 uporabnikov, 3"])
def test_counts_of_what_are_no_kinds_of_people_are_no_total(text):
    with pytest.raises(cells.CellError, match="not_a_number"):
        cells.annotated_figure(text, cells.parse_integer)


def test_counts_of_kinds_of_people_in_a_cell_of_hours_are_no_hours():
    with pytest.raises(cells.CellError, match="not_a_number"):
        cells.annotated_figure("8 uporabnikov, 3 svojci", cells.parse_hours)


@pytest.mark.parametrize(("text", "count"), [("8 uporabnikov", 8), ("3 svojci", 3)])
def test_a_count_of_a_kind_of_people_is_the_count(text, count):
    assert cells.parse_integer(text) == count


def test_a_figure_with_a_remark_in_brackets_is_read_without_the_remark():
    # "of them 4 family members": the 12 is the count, the 4 a part of it
    text = "12 (od toga 4 člana porodice)"
    assert cells.annotated_figure(text, cells.parse_integer) == cells.AnnotatedFigure(
        12, "figure_with_remark"
    )


@pytest.mark.parametrize("text", ["5/6", "3 / 4", "1/2"])
def test_two_figures_with_a_slash_are_told_as_such_not_read(text):
    # 5 of 6 places, or 5 and 6 residents: which is the figure only the partner knows
    with pytest.raises(cells.CellError, match="figures_with_slash"):
        cells.annotated_figure(text, cells.parse_integer)


@pytest.mark.parametrize("text", ["12 km", "cca", "nekaj ur", "mnogo (10)"])
def test_a_cell_of_no_annotated_figure_is_no_number(text):
    with pytest.raises(cells.CellError, match="not_a_number"):
        cells.annotated_figure(text, cells.parse_hours)
