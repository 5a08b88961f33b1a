"""A later file of a month with a table an earlier file already brought counts instead of it
(int_tables_in_force.sql): the partner is told which file and which tables no longer count."""

from datetime import UTC, date, datetime

from own_sheets_support import deliver, read, run_intake, workbook

from core.config import Workspace
from validate.feedback import feedback_text
from validate.run import Validation

HOURS_SL = ["Šifra uporabnika", "Datum", "Storitev", "Ure"]


def sessions(path, hours):
    return workbook(
        path, {"Ure": [HOURS_SL, ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", hours]]}
    )


def test_a_second_file_with_the_same_table_says_which_earlier_file_no_longer_counts(
    workspace, tmp_path
):
    deliver(workspace, "most-si", sessions(tmp_path / "ure_maj_2025.xlsx", 1.5), "2025-06-02")
    run_intake(workspace)
    later = read(
        workspace,
        sessions(tmp_path / "telefon_maj_2025.xlsx", 0.5),
        "most-si",
        received=datetime(2025, 6, 3, tzinfo=UTC),
    )
    Validation(Workspace.open(workspace).config, workspace / "warehouse.duckdb").check([later])
    [notice] = [p for p in later.warnings if p.rule == "tables_replaced"]
    assert notice.params == {"file": "ure_maj_2025.xlsx", "tables": ["counselling"]}
    assert "“ure_maj_2025.xlsx” je vsebovala tudi te podatke za ta mesec: svetovanje" in (
        feedback_text(later, "sl")
    )


def test_the_first_file_of_a_months_table_is_told_nothing(workspace, tmp_path):
    first = read(workspace, sessions(tmp_path / "ure_maj_2025.xlsx", 1.5), "most-si")
    Validation(Workspace.open(workspace).config).check([first])
    assert first.problems == []


def test_two_files_of_one_run_the_later_names_the_earlier(workspace, tmp_path):
    early, late = (
        read(
            workspace,
            sessions(tmp_path / name, hours),
            "most-si",
            received=datetime(2025, 6, day, tzinfo=UTC),
        )
        for name, day, hours in (("a_maj_2025.xlsx", 2, 1), ("b_maj_2025.xlsx", 3, 2))
    )
    Validation(Workspace.open(workspace).config).check([late, early])
    assert early.problems == []
    assert [p.params["file"] for p in late.warnings] == ["a_maj_2025.xlsx"]


TRAININGS_SL = ["Naslov", "Datum", "Ciljna skupina", "Ure", "Udeleženci"]


def trainings_with_sessions_left_empty(tmp_path, workspace, day=3):
    """Our template as partners send it back, read: the trainings sheet filled in, the
    counselling sheet left as it came (its headers alone)."""
    path = workbook(
        tmp_path / "izobrazevanja_maj_2025.xlsx",
        {
            "Svetovanja": [HOURS_SL],
            "Izobraževanja": [TRAININGS_SL, ["Delavnica", date(2025, 5, 6), "uporabniki", 2, 8]],
        },
    )
    return read(workspace, path, "most-si", received=datetime(2025, 6, day, tzinfo=UTC))


def after_sessions_loaded(workspace, tmp_path):
    """A file of May's counselling hours (1.5), loaded; then the template filled in part, read
    and checked against the warehouse."""
    deliver(workspace, "most-si", sessions(tmp_path / "ure_maj_2025.xlsx", 1.5), "2025-06-02")
    run_intake(workspace)
    later = trainings_with_sessions_left_empty(tmp_path, workspace)
    Validation(Workspace.open(workspace).config, workspace / "warehouse.duckdb").check([later])
    return later


def test_a_sheet_left_with_its_headers_alone_leaves_the_earlier_files_table_counted(
    workspace, tmp_path
):
    later = after_sessions_loaded(workspace, tmp_path)
    assert list(later.tables) == ["trainings"]
    assert [(p.rule, p.params) for p in later.warnings] == [
        (
            "table_without_rows_replaces_nothing",
            {"file": "ure_maj_2025.xlsx", "tables": ["counselling"]},
        )
    ]
    assert "zanje še naprej štejemo vašo prejšnjo datoteko “ure_maj_2025.xlsx”" in (
        feedback_text(later, "sl")
    )


def test_a_sheet_without_rows_counts_as_none_when_no_earlier_file_sent_the_table(
    workspace, tmp_path
):
    first = trainings_with_sessions_left_empty(tmp_path, workspace)
    Validation(Workspace.open(workspace).config).check([first])
    assert sorted(first.tables) == ["counselling", "trainings"]
    assert first.problems == []


def test_a_file_that_fills_a_table_sent_empty_before_is_not_told_it_replaces_it(
    workspace, tmp_path
):
    empty_sessions = trainings_with_sessions_left_empty(tmp_path, workspace, day=2)
    filled = read(
        workspace,
        sessions(tmp_path / "ure_maj_2025.xlsx", 1.5),
        "most-si",
        received=datetime(2025, 6, 3, tzinfo=UTC),
    )
    Validation(Workspace.open(workspace).config).check([filled, empty_sessions])
    assert filled.problems == [] and list(filled.tables) == ["counselling"]


def test_an_empty_sheet_after_a_filled_one_keeps_the_months_hours(workspace, tmp_path):
    from load import warehouse
    from transforms.figures import headline_figures
    from transforms.runner import build_models

    later = after_sessions_loaded(workspace, tmp_path)
    with warehouse.connect(workspace / "warehouse.duckdb") as con:
        warehouse.load_submissions(con, [later], b"k", shared_codes=False)
        build_models(con)
        figures = headline_figures(con, "2025-05", "2025-05")
    assert figures["counselling_hours"] == 1.5


def test_a_table_left_out_is_told_no_figure_far_from_the_usual(workspace, tmp_path):
    later = trainings_with_sessions_left_empty(tmp_path, workspace)
    later.warning("outlier_low", measure="counselling_hours", value=0, median=24, months=6)
    later.warning("outlier_high", measure="training_hours", value=2, median=0.5, months=6)
    deliver(workspace, "most-si", sessions(tmp_path / "ure_maj_2025.xlsx", 1.5), "2025-06-02")
    run_intake(workspace)
    Validation(Workspace.open(workspace).config, workspace / "warehouse.duckdb").check([later])
    rules = [(p.rule, p.params.get("measure")) for p in later.warnings]
    assert ("outlier_low", "counselling_hours") not in rules
    assert ("outlier_high", "training_hours") in rules


NOVEMBER = list(range(1, 31))


def register(path, *units):
    """Zavod Most's November presence register, a sheet per housing unit named for it ("BS
    Maribor"), each with one resident every night."""
    return workbook(
        path, {unit: [["Stanovalec", *NOVEMBER], ["SK-014", *["x"] * 30]] for unit in units}
    )


def registers(workspace, tmp_path, *files):
    """The registers (file name, its units), received a day apart, read and checked in one run."""
    subs = [
        read(
            workspace,
            register(tmp_path / name, *units),
            "most-si",
            received=datetime(2026, 12, day, tzinfo=UTC),
        )
        for day, (name, units) in enumerate(files, 2)
    ]
    Validation(Workspace.open(workspace).config).check(subs)
    return subs


def test_a_file_of_another_housing_unit_is_not_told_it_replaces_the_earlier_one(
    workspace, tmp_path
):
    _, koper = registers(
        workspace,
        tmp_path,
        ("prisotnost_maribor_november_2026.xlsx", ["BS Maribor"]),
        ("prisotnost_koper_november_2026.xlsx", ["BS Koper"]),
    )
    # each file counts for its own unit: nothing of the first one is replaced
    assert [p.rule for p in koper.problems] == ["register_without_moves"]


def test_a_file_correcting_some_of_an_earlier_files_units_names_the_units_it_replaces(
    workspace, tmp_path
):
    _, maribor = registers(
        workspace,
        tmp_path,
        ("prisotnost_november_2026.xlsx", ["BS Maribor", "BS Koper"]),
        ("prisotnost_maribor_november_2026.xlsx", ["BS Maribor"]),
    )
    [notice] = [p for p in maribor.warnings if "replaced" in p.rule]
    assert (notice.rule, notice.params) == (
        "housing_units_replaced",
        {"file": "prisotnost_november_2026.xlsx", "units": "BS-MB"},
    )
    assert "za enote BS-MB. Zanje zdaj štejemo le to datoteko, za druge enote pa še naprej" in (
        feedback_text(maribor, "sl")
    )


def test_a_file_of_every_unit_an_earlier_file_sent_replaces_its_housing(workspace, tmp_path):
    _, again = registers(
        workspace,
        tmp_path,
        ("prisotnost_maribor_november_2026.xlsx", ["BS Maribor"]),
        ("prisotnost_maribor_november_2026_popravek.xlsx", ["BS Maribor", "BS Koper"]),
    )
    [notice] = [p for p in again.warnings if "replaced" in p.rule]
    assert (notice.rule, notice.params) == (
        "tables_replaced",
        {"file": "prisotnost_maribor_november_2026.xlsx", "tables": ["housing"]},
    )
