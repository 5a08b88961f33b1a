"""The demo generator: reproducible to the byte, the committed demo is its output, and the inbox
holds what partners really send (their own layouts, issue 12: split files, a
mixed activity log, per-table CSVs, free-text kinds, months in words, an unchanged file re-sent)
and the planned faults, each naming the feedback rule it must raise."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
import python_calamine as calamine
from conftest import DEMO

from demo import generator as demo
from demo.expected import expected_tables
from demo.profiles import PROFILES

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = DEMO


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    demo.write_workspace(root)
    return root


def workspace_files(root: Path) -> dict[str, Path]:
    """consortium.yaml and the inbox: what the generator owns in a workspace."""
    files = {"consortium.yaml": root / "consortium.yaml"}
    inbox = [p for p in (root / "inbox").rglob("*") if p.is_file()]
    files.update({p.relative_to(root).as_posix(): p for p in inbox})
    return files


def unpacked(path: Path) -> object:
    """A zip's entries with their dates, else the bytes: what was written, not how zlib packed
    it."""
    data = path.read_bytes()
    if not data.startswith(b"PK"):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: (i.date_time, archive.read(i)) for i in archive.infolist()}


def ledger(root: Path) -> dict[str, datetime]:
    with (root / "inbox" / "received.csv").open(encoding="utf-8", newline="") as fh:
        return {
            row["file"]: datetime.fromisoformat(row["received_at"]) for row in csv.DictReader(fh)
        }


def rows(path: Path, sheet: str) -> list[list]:
    return calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def csv_lines(path: Path) -> list[str]:
    return path.read_bytes().decode("cp1250").splitlines()


# ---------------------------------------------------------------------------------------------
# Reproducible


def test_committed_demo_is_what_the_generator_writes(generated):
    committed, fresh = workspace_files(COMMITTED), workspace_files(generated)
    assert sorted(committed) == sorted(fresh)
    changed = [name for name in fresh if unpacked(committed[name]) != unpacked(fresh[name])]
    assert changed == [], "run `python -m demo` to rebuild demo/consortium"


def test_runs_are_byte_identical_and_more_months_change_no_earlier_file(generated, tmp_path):
    demo.write_workspace(tmp_path, months=16)
    shorter = {n: p for n, p in workspace_files(tmp_path).items() if n != "inbox/received.csv"}
    full = workspace_files(generated)

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    assert {n: digest(p) for n, p in shorter.items()} == {n: digest(full[n]) for n in shorter}


def test_two_processes_write_the_same_bytes_as_one(generated, tmp_path):
    # each partner draws from its own random stream, so splitting partners over processes
    # (the benchmarks' big networks) changes nothing written
    demo.write_workspace(tmp_path, months=16, workers=2)
    side_by_side = {n: p for n, p in workspace_files(tmp_path).items() if n != "inbox/received.csv"}
    full = workspace_files(generated)

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    assert {n: digest(p) for n, p in side_by_side.items()} == {
        n: digest(full[n]) for n in side_by_side
    }


def test_zip_entries_are_dated_by_the_file_not_by_the_clock(generated):
    received = ledger(generated)
    for name, when in received.items():
        content = unpacked(generated / "inbox" / name)
        if isinstance(content, dict):
            stamps = {datetime(*stamp) for stamp, _ in content.values()}
            assert max(stamps) <= when.replace(tzinfo=None), name


def test_file_mix_per_partner(generated):
    inbox = generated / "inbox"
    kinds = {
        partner.name: Counter(p.suffix for p in partner.iterdir())
        for partner in inbox.iterdir()
        if partner.is_dir()
    }
    assert kinds == {
        "most-si": {".xlsx": 45},
        "oporavak-ba": {".xls": 22},
        "klub-pl": {".csv": 68},
        "endring-no": {".ods": 18},
    }
    assert all(p.read_bytes().startswith(b"\xd0\xcf\x11\xe0") for p in inbox.glob("*/*.xls"))
    for ods in inbox.glob("endring-no/*.ods"):
        with zipfile.ZipFile(ods) as archive:
            first = archive.infolist()[0]
            assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert sum(p.stat().st_size for p in workspace_files(generated).values()) < 2_000_000


# ---------------------------------------------------------------------------------------------
# The partners' own layouts


def test_most_si_sends_housing_apart_named_by_the_month_in_words(generated):
    housing = rows(generated / "inbox" / "most-si" / "nastanitve_maj_2025.xlsx", "List1")
    assert housing[0] == [
        "Bivanjska skupnost",
        "Št. mest",
        "Stanovalci",
        "Nočitve",
        "Sprejemi",
        "Izhodi (načrtovani)",
        "Izhodi (nenačrtovani)",
    ]
    assert [r[0] for r in housing[1:]] == ["BS-LJ1", "BS-LJ2", "BS-MB", "BS-KP", "Skupaj"]
    assert housing[-1][1:] == [sum(r[i] for r in housing[1:-1]) for i in range(1, 7)]
    book = calamine.CalamineWorkbook.from_path(
        str(generated / "inbox" / "most-si" / "nastanitve_maj_2025.xlsx")
    )
    assert book.sheet_names == ["List1"]


def test_most_si_report_has_its_own_sheets_and_headers(generated):
    report = generated / "inbox" / "most-si" / "MOST porocilo maj 2025.xlsx"
    book = calamine.CalamineWorkbook.from_path(str(report))
    assert book.sheet_names == ["Ure", "Izobraževanja", "Uporabniki"]
    assert rows(report, "Ure")[0] == ["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]
    assert rows(report, "Izobraževanja")[0] == [
        "Datum",
        "Naslov",
        "Za koga",
        "Trajanje (ure)",
        "Št. udeležencev",
    ]
    assert rows(report, "Uporabniki")[0] == [
        "Šifra",
        "Vrsta uporabnika",
        "Spol",
        "Starost",
        "Glavna zasvojenost",
    ]
    services = {r[2] for r in rows(report, "Ure")[1:]}
    assert "Individualno svetovanje – ponovni zdrs" in services
    assert {"Pogovor s svojci", "Svetovanje svojcem"} & services


def test_most_si_writes_one_persons_code_in_three_ways(generated):
    forms_by_number: dict[str, set[str]] = {}
    for report in (generated / "inbox" / "most-si").glob("MOST porocilo *.xlsx"):
        if report.read_bytes().startswith(b"PK"):  # not the CSV named .xlsx
            for code, *_ in rows(report, "Ure")[1:]:
                form = re.sub(r"\d", "9", code)
                forms_by_number.setdefault(re.sub(r"\D", "", code), set()).add(form)
    forms = set().union(*forms_by_number.values())
    assert forms == {"SKM-9999", "SKM9999", "skm 9999"}
    assert any(len(f) == 3 for f in forms_by_number.values())


def test_most_si_relatives_leave_the_main_addiction_empty(generated):
    people = rows(generated / "inbox" / "most-si" / "MOST porocilo maj 2025.xlsx", "Uporabniki")
    relatives = [r for r in people[1:] if r[1] in ("svojec", "otrok")]
    others = [r for r in people[1:] if r[1] not in ("svojec", "otrok")]
    assert relatives and all(r[4] == "" for r in relatives)
    assert others and all(r[4] != "" for r in others)


def test_most_si_types_hours_as_durations_in_some_months(generated):
    ure = rows(generated / "inbox" / "most-si" / "MOST porocilo april 2025.xlsx", "Ure")
    assert any(isinstance(h, str) and re.fullmatch(r"\d:[03]0", h) for *_, h in ure[1:])


def test_one_unchanged_housing_file_is_sent_again_for_later_months(generated):
    inbox = generated / "inbox"
    assert [(r.period, r.file) for r in demo.RESENT] == [
        ("2026-07", "most-si/nastanitve_julij_2026.xlsx"),
        ("2026-08", "most-si/nastanitve_avgust_2026.xlsx"),
    ]
    for resent in demo.RESENT:
        assert (inbox / resent.file).read_bytes() == (inbox / resent.same_as).read_bytes()
        assert resent.file in ledger(generated)
    # the month before the quiet one differs: the bytes repeat only while nothing changed
    before = inbox / "most-si" / "nastanitve_maj_2026.xlsx"
    assert before.read_bytes() != (inbox / demo.RESENT[0].same_as).read_bytes()


def test_exactly_one_month_has_a_service_no_rule_knows(generated):
    months = [
        report.name
        for report in sorted((generated / "inbox" / "most-si").glob("MOST porocilo *.xlsx"))
        if report.read_bytes().startswith(b"PK")
        and "Delavnica čuječnosti" in {r[2] for r in rows(report, "Ure")}
    ]
    assert months == ["MOST porocilo oktober 2025.xlsx"]


def test_oporavak_sends_one_mixed_activity_log_under_a_title(generated):
    log = generated / "inbox" / "oporavak-ba" / "Izvjestaj maj 2025.xls"
    book = calamine.CalamineWorkbook.from_path(str(log))
    assert book.sheet_names == ["Aktivnosti", "Korisnici"]
    activities = rows(log, "Aktivnosti")
    assert activities[0][0] == "Izvještaj o aktivnostima za maj 2025."
    assert activities[1] == ["Datum", "Aktivnost", "Šifra korisnika", "Broj učesnika", "Sati"]
    kinds = Counter(r[1] for r in activities[2:])
    assert kinds["Grupa podrške"] == 2 and kinds["Edukacija o kockanju"] == 1
    assert kinds["Individualno savjetovanje"] > 0 and kinds["Savjetovanje porodice"] > 0
    counselling = [r for r in activities[2:] if "savjetovanje" in r[1].lower()]
    assert all(r[2] and r[3] == "" for r in counselling)
    meetings = [r for r in activities[2:] if "savjetovanje" not in r[1].lower()]
    assert all(r[2] == "" and r[3] for r in meetings)
    assert rows(log, "Korisnici")[0] == [
        "Šifra korisnika",
        "Vrsta korisnika",
        "Spol",
        "Dob",
        "Glavna ovisnost",
    ]


def test_klub_sends_one_cp1250_csv_per_table(generated):
    inbox = generated / "inbox" / "klub-pl"
    mityngi, porady, uczestnicy = (
        csv_lines(inbox / f"{name}_05_2025.csv") for name in ("mityngi", "porady", "uczestnicy")
    )
    assert mityngi[0] == "Data;Rodzaj spotkania;Liczba uczestników;Czas trwania (godz.)"
    assert porady[0] == "Kod uczestnika;Data;Rodzaj wsparcia;Godziny"
    assert uczestnicy[0] == "Kod;Kategoria;Płeć;Wiek;Uzależnienie"
    with pytest.raises(UnicodeDecodeError):
        (inbox / "uczestnicy_05_2025.csv").read_bytes().decode("utf-8")
    assert any(line.endswith(";1,5") for line in porady)
    assert {line.split(";")[1] for line in mityngi[1:]} <= {
        "mityng AA",
        "mityng NA",
        "spotkanie klubu abstynenta",
        "wyjście integracyjne",
    }


def test_klub_sends_no_people_file_in_its_partial_month(generated):
    assert [(p.partner, p.period, p.table) for p in demo.PARTIALS] == [
        ("klub-pl", "2026-05", "people")
    ]
    sent = {p.name for p in (generated / "inbox" / "klub-pl").glob("*_05_2026*")}
    assert sent == {"mityngi_05_2026.csv", "porady_05_2026.csv"}


def test_endring_writes_its_activities_in_free_text(generated):
    activities = set()
    for report in (generated / "inbox" / "endring-no").glob("*.ods"):
        grupper = rows(report, "Grupper")
        assert grupper[2] == [
            "Dato",
            "Aktivitet",
            "Gruppe",
            "Merknad",
            "Antall deltakere",
            "Varighet",
        ]
        activities |= {r[1] for r in grupper[3:]}
    assert activities == {"Ettervernsgruppe", "Tur: bowling"}


# ---------------------------------------------------------------------------------------------
# Arrivals, faults and corrections


def test_received_ledger(generated):
    received = ledger(generated)
    text = (generated / "inbox" / "received.csv").read_text(encoding="utf-8")
    assert text.startswith("file,received_at\n")
    assert sorted(received) == sorted(
        n.removeprefix("inbox/")
        for n in workspace_files(generated)
        if n.startswith("inbox/") and n != "inbox/received.csv"
    )
    assert all(when.utcoffset() is not None for when in received.values())
    corrections = {r.file for r in demo.RESUBMISSIONS}
    days = Counter(
        "late" if when.day > 10 else "on time" if 2 <= when.day <= 9 else "other"
        for name, when in received.items()
        if name not in corrections
    )
    assert days["on time"] > 0.85 * sum(days.values()) and days["late"] >= 2 and days["other"] == 0
    assert not any(name.startswith("endring-no/") and "2025-07" in name for name in received)
    assert demo.MISSING == (("endring-no", "2025-07"),)
    for again in demo.RESUBMISSIONS:
        assert received[again.file] > received[again.replaces]


def test_every_planned_fault_names_the_rule_it_must_raise(generated):
    assert {(f.partner, f.period, f.rules, f.severity) for f in demo.FAULTS} == {
        ("most-si", "2025-06", ("residents_over_places",), "error"),
        ("most-si", "2025-10", ("value_unclassified",), "warning"),
        ("most-si", "2026-03", ("text_named_as_workbook",), "error"),
        ("oporavak-ba", "2025-08", ("personal_data_national_id",), "error"),
        ("klub-pl", "2025-04", ("file_empty",), "error"),
        ("klub-pl", "2025-09", ("no_rows",), "error"),
        ("klub-pl", "2026-02", ("not_negative", "session_hours_range"), "error"),
    }
    assert all((generated / "inbox" / f.file).is_file() and f.reason for f in demo.FAULTS)


def test_faulty_files_hold_the_fault_they_are_planned_with(generated):
    inbox = generated / "inbox"
    housing = rows(inbox / "most-si" / "nastanitve_junij_2025.xlsx", "List1")[1:-1]
    assert [r[0] for r in housing if r[2] > r[1]] == ["BS-LJ2"]

    codes = [r[0] for r in rows(inbox / "oporavak-ba" / "Izvjestaj august 2025.xls", "Korisnici")]
    [personal] = [c for c in codes if re.fullmatch(r"\d{13}", str(c))]
    assert demo.emso_check_digit(personal[:12]) == int(personal[12])

    sessions = csv_lines(inbox / "klub-pl" / "porady_02_2026.csv")[1:]
    assert len([line for line in sessions if line.split(";")[3].startswith("-")]) == 1

    assert (inbox / "klub-pl" / "porady_04_2025.csv").read_bytes() == b""
    assert csv_lines(inbox / "klub-pl" / "uczestnicy_09_2025.csv") == [
        "Kod;Kategoria;Płeć;Wiek;Uzależnienie"
    ]

    assert not (inbox / "most-si" / "MOST porocilo marec 2026.xlsx").read_bytes().startswith(b"PK")
    fixed = inbox / "most-si" / "MOST porocilo marec 2026 popravek.xlsx"
    assert fixed.read_bytes().startswith(b"PK")


def test_each_rejected_file_is_followed_by_its_correction_where_planned():
    corrected = {r.replaces for r in demo.RESUBMISSIONS}
    unreadable = {"file_empty", "no_rows", "text_named_as_workbook"}
    whole_file = {f.file for f in demo.FAULTS if unreadable & set(f.rules)}
    assert len(whole_file) == 3 and whole_file <= corrected


def test_correction_adds_the_forgotten_meeting(generated):
    [correction] = [r for r in demo.RESUBMISSIONS if "korekta" in r.file]
    inbox = generated / "inbox"
    first, again = csv_lines(inbox / correction.replaces), csv_lines(inbox / correction.file)
    assert correction.file == "klub-pl/mityngi_11_2025_korekta.csv"
    assert set(first) < set(again) and len(again) == len(first) + 1


# ---------------------------------------------------------------------------------------------
# The simulated months behind the files


def demo_months() -> list[tuple[str, str, dict]]:
    plan = demo.plan_workspace()
    months = []
    for partner in plan.config.partners:
        profile = plan.profiles[partner.id]
        simulated = demo.simulate(partner, profile, plan.periods, 1.0, 20251)
        months += [
            (profile.key, period, month)
            for period, month in zip(plan.periods, simulated, strict=True)
            if period >= partner.reports_from
        ]
    return months


def test_demo_numbers_are_plausible():
    months = demo_months()
    most = [m for key, _, m in months if key == "most-si"]
    hours = sum(s["hours"] for m in most for s in m["counselling"])
    assert 1200 <= hours <= 1600
    assert len({s["user_code"] for m in most for s in m["counselling"]}) >= 80
    assert 14 <= sum(len(m["trainings"]) for m in most) <= 20
    for key, period, month in months:
        people = {p["user_code"] for p in month["people"]}
        assert {s["user_code"] for s in month["counselling"]} <= people
        for unit in month["housing"]:
            fault = (key, period, unit["site_id"]) == ("most-si", "2025-06", "BS-LJ2")
            assert (unit["residents"] > unit["places"]) == fault, (period, unit)
            assert unit["resident_nights"] <= unit["places"] * len(demo.days_of(period))
        if key == "endring-no":
            assert all(g["participants"] <= 11 for g in month["groups"])
        assert all(re.fullmatch(r"[A-Z]+-\d+|\d{13}", p["user_code"]) for p in month["people"])


def test_expected_tables_count_rows_hours_and_kinds_of_a_file():
    plan = demo.plan_workspace(months=5)
    partner = plan.config.partner("klub-pl")
    may = list(demo.simulate(partner, plan.profiles["klub-pl"], plan.periods, 1.0, 20251))[4]
    porady = next(d for d in plan.deliveries if d.name == "porady_05_2025.csv")
    summary = expected_tables(porady, may, PROFILES["klub-pl"])["counselling"]
    sessions = may["counselling"]
    assert summary["rows"] == len(sessions) > 0
    assert summary["hours"] == sum(s["hours"] for s in sessions)
    assert sum(summary["kinds"].values()) == len(sessions)
    assert summary["first_date"] == min(s["session_on"] for s in sessions).isoformat()


def test_more_partners_repeat_the_four_profiles_under_new_ids():
    plan = demo.plan_workspace(partners=6, months=2)
    assert [p.id for p in plan.config.partners] == [
        "most-si",
        "oporavak-ba",
        "klub-pl",
        "endring-no",
        "most-si-05",
        "oporavak-ba-06",
    ]
    copy = plan.config.partner("most-si-05")
    assert copy.language == "sl" and [s.id for s in copy.sites][:2] == ["BS-LJ1-05", "BS-LJ2-05"]
    assert {d.name for d in plan.deliveries if d.partner == "oporavak-ba-06"} == {
        "Izvjestaj januar 2025.xls",
        "Izvjestaj februar 2025.xls",
    }


def test_scale_multiplies_people_and_sessions():
    plan = demo.plan_workspace(months=3)
    partner = plan.config.partner("klub-pl")

    def counted(scale: float) -> int:
        months = demo.simulate(partner, plan.profiles["klub-pl"], plan.periods, scale, 20251)
        return sum(len(m["people"]) + len(m["counselling"]) for m in months)

    assert 8 < counted(10) / counted(1) < 12


def test_dates_are_date_cells_except_in_months_typed_as_text(generated):
    ure = rows(generated / "inbox" / "most-si" / "MOST porocilo januar 2025.xlsx", "Ure")
    assert isinstance(ure[1][1], date)
    typed = rows(generated / "inbox" / "most-si" / "MOST porocilo september 2025.xlsx", "Ure")
    assert re.fullmatch(r"\d{1,2}\. \d{1,2}\. 2025", typed[1][1])
