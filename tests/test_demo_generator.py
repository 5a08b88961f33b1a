"""The demo generator: reproducible to the byte, the committed demo is its output, and the inbox
holds the file mix, habits and faults the pipeline is built against."""

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
import yaml

from demo import generator as demo

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "data" / "demo"
VOCABULARY = yaml.safe_load((ROOT / "core" / "vocabulary.yaml").read_text(encoding="utf-8"))


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


def test_committed_demo_is_what_the_generator_writes(generated):
    committed, fresh = workspace_files(COMMITTED), workspace_files(generated)
    assert sorted(committed) == sorted(fresh)
    changed = [name for name in fresh if unpacked(committed[name]) != unpacked(fresh[name])]
    assert changed == [], "run `python -m demo` to rebuild data/demo"


def test_runs_are_byte_identical_and_more_months_change_no_earlier_file(generated, tmp_path):
    demo.write_workspace(tmp_path, months=16)
    shorter = {n: p for n, p in workspace_files(tmp_path).items() if n != "inbox/received.csv"}
    full = workspace_files(generated)

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    assert {n: digest(p) for n, p in shorter.items()} == {n: digest(full[n]) for n in shorter}


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
        "most-si": {".xlsx": 19, ".ods": 4},
        "oporavak-ba": {".xls": 22},
        "klub-pl": {".csv": 67},
        "endring-no": {".ods": 18},
    }
    old_excel = inbox.glob("oporavak-ba/*.xls")
    assert all(p.read_bytes().startswith(b"\xd0\xcf\x11\xe0") for p in old_excel)
    for ods in [*inbox.glob("endring-no/*.ods"), *inbox.glob("most-si/*.ods")]:
        with zipfile.ZipFile(ods) as archive:
            first = archive.infolist()[0]
            assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    people = (inbox / "klub-pl" / "uczestnicy_2025-03.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        people.decode("utf-8")
    text = people.decode("cp1250")
    assert text.startswith("Kod uczestnika;Kategoria;Płeć;") and set("ąęłńóśźż") & set(text)
    assert ";1,5\r\n" in (inbox / "klub-pl" / "porady_2025-03.csv").read_bytes().decode("cp1250")
    assert sum(p.stat().st_size for p in workspace_files(generated).values()) < 2_000_000


def test_most_si_habits(generated):
    inbox = generated / "inbox" / "most-si"
    housing = rows(inbox / "porocilo_2025-01.xlsx", "Bivanje")
    assert housing[0][0] == "Mesečno poročilo – Zavod Most"
    assert housing[1][:2] == ["Mesec:", "2025-01"]
    assert housing[3][0] == "Bivanjska skupnost" and housing[-1][0] == "Skupaj"
    assert isinstance(rows(inbox / "porocilo_2025-01.xlsx", "Svetovanje")[4][0], date)
    typed = rows(inbox / "porocilo_2025-09.xlsx", "Izobraževanja")[4]
    assert re.fullmatch(r"\d{1,2}\. \d{1,2}\. 2025", typed[0])
    assert re.fullmatch(r"1\.\d{3}", typed[4])
    durations = [r[3] for r in rows(inbox / "porocilo_2025-04.xlsx", "Svetovanje")[4:]]
    assert any(isinstance(h, str) and re.fullmatch(r"\d:[03]0", h) for h in durations)


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
    first_sendings = [
        when
        for name, when in received.items()
        if "_korekta" not in name and "_popravek" not in name
    ]
    days = Counter(
        "late" if when.day > 10 else "on time" if 2 <= when.day <= 9 else "other"
        for when in first_sendings
    )
    assert days["on time"] > 0.85 * sum(days.values()) and days["late"] >= 2 and days["other"] == 0
    assert not any(name.startswith("endring-no/") and "2025-07" in name for name in received)
    assert demo.MISSING == (("endring-no", "2025-07"),)
    for again in demo.RESUBMISSIONS:
        assert received[again.file] > received[again.replaces]


def test_faults_are_the_five_planned_ones(generated):
    inbox = generated / "inbox"
    assert {(f.partner, f.period) for f in demo.FAULTS} == {
        ("most-si", "2025-06"),
        ("oporavak-ba", "2025-08"),
        ("klub-pl", "2026-02"),
        ("endring-no", "2025-12"),
        ("most-si", "2026-03"),
    }
    assert all((inbox / f.file).is_file() and f.reason for f in demo.FAULTS)

    housing = rows(inbox / "most-si" / "porocilo_2025-06.xlsx", "Bivanje")[4:-1]
    assert [r[0] for r in housing if r[2] > r[1]] == ["BS-LJ2"]

    codes = [r[0] for r in rows(inbox / "oporavak-ba" / "izvjestaj_2025_08.xls", "Korisnici")[3:]]
    [personal] = [c for c in codes if re.fullmatch(r"\d{13}", str(c))]
    assert demo.emso_check_digit(personal[:12]) == int(personal[12])

    porady = inbox / "klub-pl" / "porady_2026-02.csv"
    sessions = porady.read_text(encoding="cp1250").splitlines()[1:]
    assert [line for line in sessions if line.split(";")[3].startswith("-")] != []

    ods = calamine.CalamineWorkbook.from_path(str(inbox / "endring-no" / "ettervern_2025-12.ods"))
    assert ods.sheet_names == ["Grupper"]

    assert not (inbox / "most-si" / "porocilo_2026-03.xlsx").read_bytes().startswith(b"PK")
    assert (inbox / "most-si" / "porocilo_2026-03_popravek.xlsx").read_bytes().startswith(b"PK")


def test_correction_adds_the_forgotten_meeting(generated):
    [correction] = [r for r in demo.RESUBMISSIONS if r.partner == "klub-pl"]
    inbox = generated / "inbox"
    first = (inbox / correction.replaces).read_text(encoding="cp1250").splitlines()
    again = (inbox / correction.file).read_text(encoding="cp1250").splitlines()
    assert correction.file == "klub-pl/grupy_2025-11_korekta.csv"
    assert set(first) < set(again) and len(again) == len(first) + 1


def demo_months() -> list[tuple[demo.Profile, str, dict]]:
    plan = demo.plan_workspace()
    months = []
    for partner in plan.config.partners:
        profile = plan.profiles[partner.id]
        simulated = demo.simulate(partner, profile, plan.periods, 1.0, 20251)
        months += [
            (profile, period, month)
            for period, month in zip(plan.periods, simulated, strict=True)
            if period >= partner.reports_from
        ]
    return months


def test_every_word_written_is_in_the_vocabulary():
    tables, codes = VOCABULARY["tables"], VOCABULARY["codes"]

    def known(word: str, words: list[str] | dict[str, list[str]], lang: str = "") -> bool:
        """Code words may be listed per language or for all languages at once."""
        listed = words.get(lang, []) if isinstance(words, dict) else words
        return word.casefold().rstrip(":") in {w.casefold() for w in listed}

    for profile in demo.PROFILES.values():
        lang = profile.language
        for table, sheet in profile.sheets.items():
            assert known(sheet, tables[table]["sheet_names"][lang]), sheet
            for column, header in profile.headers[table]:
                assert known(header, tables[table]["columns"][column]["headers"][lang]), header
        assert profile.period_word is None or known(profile.period_word, VOCABULARY["period_words"])
        labels = [label for _, label, _ in profile.totals.values()]
        assert all(known(label, VOCABULARY["totals_words"]) for label in labels)
    for profile, _, month in demo_months():
        for records in month.values():
            for record in records:
                for column in demo.CODE_COLUMNS & set(record):
                    word = record.get(f"{column}_word") or profile.words[column][record[column]]
                    assert known(word, codes[column][record[column]], profile.language), word


def test_demo_numbers_are_plausible():
    months = demo_months()
    most = [m for p, _, m in months if p.key == "most-si"]
    hours = sum(s["hours"] for m in most for s in m["counselling"])
    assert 1200 <= hours <= 1600
    assert len({s["user_code"] for m in most for s in m["counselling"]}) >= 80
    assert 14 <= sum(len(m["trainings"]) for m in most) <= 20
    for profile, period, month in months:
        people = {p["user_code"] for p in month["people"]}
        assert {s["user_code"] for s in month["counselling"]} <= people
        for unit in month["housing"]:
            fault = (profile.key, period, unit["site_id"]) == ("most-si", "2025-06", "BS-LJ2")
            assert (unit["residents"] > unit["places"]) == fault, (period, unit)
            assert unit["resident_nights"] <= unit["places"] * len(demo.days_of(period))
        if profile.key == "endring-no":
            assert all(g["participants"] <= 11 for g in month["groups"])
        assert all(re.fullmatch(r"[A-Z]+-\d+|\d{13}", p["user_code"]) for p in month["people"])


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
        "izvjestaj_2025_01.xls",
        "izvjestaj_2025_02.xls",
    }


def test_scale_multiplies_people_and_sessions():
    plan = demo.plan_workspace(months=3)
    partner = plan.config.partner("klub-pl")

    def counted(scale: float) -> int:
        months = demo.simulate(partner, plan.profiles["klub-pl"], plan.periods, scale, 20251)
        return sum(len(m["people"]) + len(m["counselling"]) for m in months)

    assert 8 < counted(10) / counted(1) < 12
