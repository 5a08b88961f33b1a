"""The inbox, the archive and the submissions register: every file kept once, duplicates counted
once, a later file superseding an earlier one; partner and period checked against consortium.yaml."""

import csv
import json
from datetime import UTC, date, datetime

import openpyxl
import pytest

from collect.arrival import Arrival
from collect.inbox import (
    LedgerError,
    archive_original,
    archived_original,
    inbox_arrivals,
    inbox_hashes,
)
from collect.intake import collect_new
from collect.reader import read_submission
from core.config import Workspace
from core.fingerprint import file_sha256
from load import warehouse
from transforms.runner import build_models


def counselling_workbook(path, hours=1.5, month_cell=None):
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "Savjetovanje"
    if month_cell:
        sheet.append(["Mjesec:", month_cell])
    sheet.append(["Datum", "Šifra korisnika", "Vrsta savjetovanja", "Sati"])
    sheet.append([date(2025, 3, 4), "SA-001", "individualno", hours])
    for name, header, row in (
        ("Grupe", ["Datum", "Vrsta", "Učesnici"], [date(2025, 3, 5), "grupa podrške", 12]),
        (
            "Korisnici",
            ["Šifra", "Vrsta", "Spol", "Starost", "Ovisnost"],
            ["SA-001", "korisnik", "M", "36-50", "alkohol"],
        ),
    ):
        extra = wb.create_sheet(name)
        extra.append(header)
        extra.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def deliver(workspace, name, received_at, **kw):
    path = counselling_workbook(workspace / "inbox" / "oporavak-ba" / name, **kw)
    ledger = workspace / "inbox" / "received.csv"
    new = not ledger.exists()
    with ledger.open("a", newline="") as fh:
        writer = csv.writer(fh)
        if new:
            writer.writerow(["file", "received_at"])
        writer.writerow([f"oporavak-ba/{name}", received_at])
    return path


def run_intake(workspace):
    ws = Workspace.open(workspace)
    with warehouse.connect(ws.root / "warehouse.duckdb") as con:
        for sub in collect_new(ws, warehouse.intake_register(con)):
            warehouse.load_submission(con, sub, b"k", shared_codes=False)
        build_models(con)
        return (
            con.execute(
                "select name_as_received, status from submissions order by received_at"
            ).fetchall(),
            con.execute(
                "select file_sha256 from int_tables_in_force "
                "join submissions using (submission_id) where table_name = 'counselling'"
            ).fetchall(),
        )


def read(
    workspace,
    path,
    *,
    name=None,
    partner="oporavak-ba",
    received=datetime(2025, 4, 3, tzinfo=UTC),
):
    arrival = Arrival(
        path=path,
        name_as_received=name or path.name,
        partner_id=partner,
        received_at=received,
        sha256=file_sha256(path),
        size_bytes=path.stat().st_size,
    )
    return read_submission(arrival, Workspace.open(workspace).config)


def test_archive_keeps_the_original_unchanged_under_its_hash(workspace):
    path = deliver(workspace, "izvjestaj_2025-03.xlsx", "2025-04-03T09:00:00+00:00")
    ws = Workspace.open(workspace)
    collect_new(ws)
    [kept] = [p for p in ws.archive.rglob("*") if p.is_file() and p.name != "register.sealed"]
    # encrypted at rest under its hash: the original bytes once decrypted
    assert kept.name == file_sha256(path) and kept.read_bytes() != path.read_bytes()
    assert archived_original(ws, kept.name) == path.read_bytes()


def test_path_traversal_name_is_only_text(workspace, tmp_path):
    path = counselling_workbook(tmp_path / "upload.bin")
    ws = Workspace.open(workspace)
    evil = "../../../outside_2025-03.xlsx"
    arrival = Arrival(
        path=path,
        name_as_received=evil,
        partner_id="oporavak-ba",
        received_at=datetime(2025, 4, 3, tzinfo=UTC),
        sha256=file_sha256(path),
        size_bytes=path.stat().st_size,
    )
    kept = archive_original(ws, arrival)
    assert (
        kept.parent.parent == ws.archive
        and not (workspace.parent / "outside_2025-03.xlsx").exists()
    )
    assert read_submission(arrival, ws.config).name_as_received == evil


def test_byte_identical_duplicate_is_registered_once(workspace):
    first = deliver(workspace, "izvjestaj_2025-03.xlsx", "2025-04-03T09:00:00+00:00")
    copy = workspace / "inbox" / "oporavak-ba" / "izvjestaj_2025-03 (1).xlsx"
    copy.write_bytes(first.read_bytes())
    registered, _ = run_intake(workspace)
    assert registered == [("izvjestaj_2025-03.xlsx", "accepted")]


def test_duplicate_arriving_in_a_later_run_is_not_counted_again(workspace):
    first = deliver(workspace, "izvjestaj_2025-03.xlsx", "2025-04-03T09:00:00+00:00")
    run_intake(workspace)
    (workspace / "inbox" / "oporavak-ba" / "again_2025-03.xlsx").write_bytes(first.read_bytes())
    registered, _ = run_intake(workspace)
    assert len(registered) == 1


def test_another_partners_file_dropped_into_a_partners_folder_is_refused_not_counted(workspace):
    first = deliver(workspace, "izvjestaj_2025-03.xlsx", "2025-04-03T09:00:00+00:00")
    run_intake(workspace)
    wrong = workspace / "inbox" / "klub-pl" / "izvjestaj_2025-03.xlsx"
    wrong.parent.mkdir(parents=True, exist_ok=True)
    wrong.write_bytes(first.read_bytes())
    ws = Workspace.open(workspace)
    with warehouse.connect(ws.root / "warehouse.duckdb") as con:
        [sub] = collect_new(ws, warehouse.intake_register(con))
    assert (sub.partner_id, sub.status) == ("klub-pl", "rejected")
    assert [(p.rule, p.params) for p in sub.errors] == [
        ("file_of_another_partner", {"partner": "oporavak-ba"})
    ]


def test_later_file_for_the_same_month_supersedes_and_history_stays(workspace):
    deliver(workspace, "izvjestaj_2025-03.xlsx", "2025-04-03T09:00:00+00:00")
    later = deliver(workspace, "izvjestaj_2025-03_v2.xlsx", "2025-04-07T09:00:00+00:00", hours=2)
    registered, in_force = run_intake(workspace)
    assert [name for name, _ in registered] == [
        "izvjestaj_2025-03.xlsx",
        "izvjestaj_2025-03_v2.xlsx",
    ]
    assert in_force == [(file_sha256(later),)]


def test_period_from_the_sheet_when_the_name_has_none(workspace, tmp_path):
    path = counselling_workbook(tmp_path / "izvjestaj.xlsx", month_cell="03.2025")
    assert read(workspace, path).period == "2025-03"


def test_a_day_written_beside_the_month_label_names_its_month(workspace, tmp_path):
    path = counselling_workbook(tmp_path / "izvjestaj.xlsx", month_cell="1. 3. 2025.")
    assert read(workspace, path).period == "2025-03"


def test_file_name_and_sheet_stating_different_months_is_an_error(workspace, tmp_path):
    path = counselling_workbook(tmp_path / "izvjestaj_2025-02.xlsx", month_cell="03.2025")
    assert [p.rule for p in read(workspace, path).errors] == ["period_mismatch"]


def test_month_before_the_partner_reports_is_an_error(workspace, tmp_path):
    # endring-no reports from 2025-04
    path = counselling_workbook(tmp_path / "ettervern_2025-03.xlsx")
    assert "period_outside_partner" in [
        p.rule for p in read(workspace, path, partner="endring-no").errors
    ]


def test_month_not_yet_begun_when_the_file_arrived_is_an_error(workspace, tmp_path):
    path = counselling_workbook(tmp_path / "izvjestaj_2025-05.xlsx")
    assert "period_in_future" in [p.rule for p in read(workspace, path).errors]


def test_partner_from_the_file_name_when_outside_a_partner_folder(workspace, tmp_path):
    path = counselling_workbook(tmp_path / "oporavak-ba_2025-03.xlsx")
    assert read(workspace, path, partner=None).partner_id == "oporavak-ba"


def test_partner_not_in_the_consortium_is_an_error(workspace, tmp_path):
    path = counselling_workbook(tmp_path / "izvjestaj_2025-03.xlsx")
    assert [p.rule for p in read(workspace, path, partner="stranger").errors] == [
        "partner_not_in_consortium"
    ]


def test_a_time_of_arrival_without_its_offset_is_the_consortiums_local_time(workspace):
    deliver(workspace, "savjetovanje_2025-03.xlsx", "2025-04-02 10:00")
    [arrival] = inbox_arrivals(Workspace.open(workspace))
    assert arrival.received_at == datetime(2025, 4, 2, 8, 0, tzinfo=UTC)


def test_an_unreadable_time_of_arrival_names_the_line_and_column_of_received_csv(workspace):
    deliver(workspace, "savjetovanje_2025-03.xlsx", "2025-04-02T10:00:00+02:00")
    deliver(workspace, "savjetovanje_2025-04.xlsx", "2. 5. 2025")
    with pytest.raises(
        LedgerError, match=r"received.csv, line 3, column received_at: '2. 5. 2025'"
    ):
        inbox_arrivals(Workspace.open(workspace))


def test_a_file_unchanged_since_the_last_look_is_not_hashed_again(workspace):
    path = deliver(workspace, "savjetovanje_2025-03.xlsx", "2025-04-02T10:00:00+02:00")
    ws = Workspace.open(workspace)
    cache = ws.state / "inbox-hashes.json"
    inbox_hashes(ws)
    # the kept hash stands for the file while its size and time of change are those it had
    kept = json.loads(cache.read_text(encoding="utf-8"))
    kept["oporavak-ba/savjetovanje_2025-03.xlsx"][2] = "kept" * 16
    cache.write_text(json.dumps(kept), encoding="utf-8")
    [arrival] = inbox_arrivals(ws)
    assert arrival.sha256 == "kept" * 16
    # a file written again is hashed again, and a look at the inbox leaves the kept hashes alone
    counselling_workbook(path, hours=2.5)
    [arrival] = inbox_arrivals(ws)
    assert arrival.sha256 == file_sha256(path)
    assert json.loads(cache.read_text(encoding="utf-8")) == kept
