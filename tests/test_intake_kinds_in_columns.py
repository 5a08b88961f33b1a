"""A coded column a sheet has not as a column but as columns of its header row each named for one
of its codes, as partners keep their own sheets: a session's kind ("Datum | Šifra | Individualno |
Družinsko": a row marks its kind with an "x", or writes its hours under it), a person's sex ("M |
Ž") or kind ("Uzależniony | Współuzależniony")."""

from datetime import date

import pytest
from own_sheets_support import read, workbook, writing_in

# each language's partner, the header of the date and the client's code, two kinds of session
KINDS = {
    "sl": ("most-si", "Datum", "Šifra uporabnika", "Individualno", "Družinsko"),
    "bs": ("oporavak-ba", "Datum", "Šifra korisnika", "Individualno", "Porodično"),
    "pl": ("klub-pl", "Data", "Kod klienta", "Indywidualna", "Rodzinna"),
    "no": ("endring-no", "Dato", "Klientkode", "Individuell", "Familie"),
    "en": ("endring-no", "Date", "Client ID", "Individual", "Family"),
}


def log(workspace, tmp_path, language, header, *rows):
    partner = KINDS[language][0]
    writing_in(workspace, partner, language)
    path = workbook(tmp_path / "sessions_2026_10.xlsx", {"Sheet1": [header, *rows]})
    return read(workspace, path, partner, validate=True)


@pytest.mark.parametrize("language", sorted(KINDS))
def test_hours_written_under_the_kind_of_each_session_give_its_kind_and_hours(
    workspace, tmp_path, language
):
    _, day, code, individual, family = KINDS[language]
    sub = log(
        workspace,
        tmp_path,
        language,
        [day, code, individual, family],
        [date(2026, 10, 1), "AB-01", 1, None],
        [date(2026, 10, 2), "AB-02", None, "1,5"],
    )
    assert sub.problems == []
    sessions = sub.tables["counselling"]
    assert list(sessions["session_kind"]) == ["individual", "family"]
    assert list(sessions["hours"]) == [1, 1.5]


@pytest.mark.parametrize("language", sorted(KINDS))
def test_a_mark_under_the_kind_of_each_session_gives_its_kind_beside_its_hours(
    workspace, tmp_path, language
):
    _, day, code, individual, family = KINDS[language]
    sub = log(
        workspace,
        tmp_path,
        language,
        [day, code, individual, family, "Ure"],
        [date(2026, 10, 1), "AB-01", "x", None, 1],
        [date(2026, 10, 2), "AB-02", None, "x", 1.5],
    )
    assert sub.problems == []
    sessions = sub.tables["counselling"]
    assert list(sessions["session_kind"]) == ["individual", "family"]
    assert list(sessions["hours"]) == [1, 1.5]


def test_marks_of_the_kind_without_hours_still_ask_for_the_hours(workspace, tmp_path):
    sub = log(
        workspace,
        tmp_path,
        "sl",
        ["Datum", "Šifra uporabnika", "Individualno", "Družinsko"],
        [date(2026, 10, 1), "MS-01", "x", None],
    )
    assert [(p.rule, p.column) for p in sub.errors] == [("column_missing", "Ure")]


@pytest.mark.parametrize(
    ("partner", "language", "header"),
    [
        ("most-si", "sl", ["Šifra", "M", "Ž", "Starost", "Vrsta", "Odvisnost"]),
        ("oporavak-ba", "bs", ["Šifra", "M", "Ž", "Godine", "Kategorija", "Problem"]),
        ("klub-pl", "pl", ["Kod", "M", "K", "Wiek", "Kategoria", "Uzależnienie"]),
        ("endring-no", "no", ["Kode", "Mann", "Kvinne", "Alder", "Kategori", "Rusmiddel"]),
        ("endring-no", "en", ["Client ID", "Male", "Female", "Age", "Client type", "Substance"]),
    ],
)
def test_a_persons_sex_marked_in_a_column_of_each_gives_their_sex(
    workspace, tmp_path, partner, language, header
):
    writing_in(workspace, partner, language)
    kind = {"sl": "uporabnik", "bs": "korisnik", "pl": "uczestnik", "no": "bruker"}
    path = workbook(
        tmp_path / "people_2026_10.xlsx",
        {
            "Sheet1": [
                header,
                ["AB-01", "x", None, 34, kind.get(language, "service user"), "alcohol"],
                ["AB-02", None, "x", 51, kind.get(language, "service user"), "alcohol"],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.problems == []
    assert list(sub.tables["people"]["sex"]) == ["male", "female"]


def test_a_persons_kind_marked_in_a_column_of_each_gives_their_kind(workspace, tmp_path):
    sub_header = ["Kod", "Płeć", "Wiek", "Uzależniony", "Współuzależniony", "Uzależnienie"]
    writing_in(workspace, "klub-pl", "pl")
    path = workbook(
        tmp_path / "uczestnicy_2026_10.xlsx",
        {
            "Arkusz1": [
                sub_header,
                ["KA-01", "M", 34, "x", None, "alkohol"],
                ["KA-02", "K", 51, None, "x", None],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.problems == []
    assert list(sub.tables["people"]["user_kind"]) == ["in_recovery", "relative"]


def test_figures_under_each_kind_of_meeting_are_no_hours(workspace, tmp_path):
    # 8 under "Podporna skupina": the people who came, or the hours? not read as either
    writing_in(workspace, "most-si", "sl")
    path = workbook(
        tmp_path / "skupine_2026_10.xlsx",
        {
            "Sheet1": [
                ["Datum", "Podporna skupina", "Izlet", "Udeleženci"],
                [date(2026, 10, 7), 2, None, 8],
                [date(2026, 10, 14), None, 5, 12],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    groups = sub.tables["groups"]
    assert list(groups["participants"]) == [8, 12]
    assert "hours" not in groups or groups["hours"].isna().all()
