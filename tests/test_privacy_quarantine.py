"""A file refused for personal data leaves the inbox and the archive for an encrypted quarantine,
is deleted after privacy.quarantine_days or by `consortium purge`, and its identifiers are found
nowhere else; every original in the archive is encrypted and readable only with the key."""

import hashlib
import secrets
from pathlib import Path

import pytest
import yaml
from conftest import DEMO
from privacy_support import (
    copy_workspace,
    file_texts,
    national_ids_in,
    places_holding,
    warehouse_places_holding,
)
from typer.testing import CliRunner

from cli.app import app
from collect.inbox import archive_register, inbox_arrivals
from collect.quarantine import purge_expired, quarantined, quarantined_path
from core.config import Workspace
from core.fingerprint import file_sha256
from core.sealed import MAGIC, SealError, archive_key, unseal

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(scope="module")
def refused(demo_run: Path) -> dict:
    """The register entry of the demo file refused for a personal identity number (a JMBG typed
    as a user code, oporavak-ba 2025-08)."""
    [entry] = quarantined(Workspace.open(demo_run))
    return entry


@pytest.fixture(scope="module")
def identifiers(refused: dict) -> set[str]:
    """The identity numbers in the original, read from the demo's own copy of the file."""
    [original] = [
        p for p in (DEMO / "inbox").rglob("*.xls*") if file_sha256(p) == refused["sha256"]
    ]
    found = national_ids_in(original)
    assert found, "the demo's refused file holds a national identity number"
    return found


def test_register_keeps_only_hash_partner_month_and_reasons_of_a_quarantined_file(refused):
    kept = {k: v for k, v in refused.items() if k not in ("received_at", "quarantined_at")}
    assert kept == {
        "sha256": refused["sha256"],
        "partner_id": "oporavak-ba",
        "period": "2025-08",
        "reasons": ["personal_data_national_id"],
    }


def test_quarantined_file_is_out_of_the_inbox_and_the_archive(demo_run, refused):
    ws = Workspace.open(demo_run)
    assert refused["sha256"] not in {a.sha256 for a in inbox_arrivals(ws)}
    assert not list(ws.archive.rglob(refused["sha256"]))
    assert quarantined_path(ws, refused["sha256"]).is_file()


def test_the_submissions_page_links_the_report_of_a_quarantined_file_named_by_its_hash(
    demo_run, refused
):
    # the register keeps no name of the file, the report its partner was sent is still linked
    page = (demo_run / "site" / "submissions.html").read_text(encoding="utf-8")
    report = f"../feedback/oporavak-ba/2025-08/Izvjestaj_august_2025-{refused['sha256'][:8]}.html"
    assert f'href="{report}"' in page
    assert (demo_run / "site" / report).resolve().is_file()


def test_quarantined_file_is_out_of_the_received_ledger(demo_run, refused):
    inbox = DEMO / "inbox"
    [sent] = [
        p.relative_to(inbox).as_posix()
        for p in inbox.rglob("*.xls*")
        if file_sha256(p) == refused["sha256"]
    ]
    assert sent in (inbox / "received.csv").read_text(encoding="utf-8")
    assert sent not in (demo_run / "inbox" / "received.csv").read_text(encoding="utf-8")


def test_quarantined_file_is_encrypted_and_decrypts_to_the_original(demo_run, refused):
    ws = Workspace.open(demo_run)
    sealed = quarantined_path(ws, refused["sha256"]).read_bytes()
    assert sealed.startswith(MAGIC) and OLE2_MAGIC not in sealed
    original = unseal(archive_key(ws), sealed, refused["sha256"])
    assert hashlib.sha256(original).hexdigest() == refused["sha256"]


def test_warehouse_register_holds_no_name_for_a_quarantined_file(demo_run, refused):
    import duckdb

    with duckdb.connect(str(demo_run / "warehouse.duckdb"), read_only=True) as con:
        row = con.execute(
            "select name_as_received, status, reasons from submissions where file_sha256 = ?",
            [refused["sha256"]],
        ).fetchone()
    assert row == ("", "rejected", '["personal_data_national_id"]')


def test_identifiers_of_a_refused_file_are_nowhere_in_warehouse_outputs_or_state(
    demo_run, identifiers
):
    texts = {}
    for folder in ("site", "exports", "feedback", "archive", "quarantine", ".state", "inbox"):
        texts |= file_texts(demo_run / folder)
    for number in identifiers:
        assert places_holding(number, texts) == []
        assert warehouse_places_holding(demo_run / "warehouse.duckdb", number) == []


def test_identifiers_of_a_refused_file_are_not_in_the_prefect_database(demo_run, identifiers):
    from prefect.settings import get_current_settings

    url = get_current_settings().server.database.connection_url.get_secret_value()
    database = Path(url.split("///", 1)[1])
    texts = {p: p.read_bytes() for p in database.parent.glob(database.name + "*")}
    assert texts, "the test Prefect server keeps its database in a file"
    for number in identifiers:
        assert places_holding(number, texts) == []


def test_purge_deletes_quarantined_files_now_and_keeps_their_refusal(demo_run, tmp_path):
    ws = Workspace.open(copy_workspace(demo_run, tmp_path))
    result = CliRunner().invoke(app, ["purge", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert list(ws.quarantine.iterdir()) == []
    [entry] = quarantined(ws)
    assert entry["purged_at"] and entry["reasons"] == ["personal_data_national_id"]


def test_quarantine_is_kept_for_privacy_quarantine_days(demo_run, tmp_path):
    ws = Workspace.open(copy_workspace(demo_run, tmp_path))
    # quarantined seconds ago, kept 30 days by default
    assert purge_expired(ws) == []
    assert len(list(ws.quarantine.iterdir())) == 1


def test_quarantine_older_than_privacy_quarantine_days_is_deleted_by_a_run(demo_run, tmp_path):
    root = copy_workspace(demo_run, tmp_path)
    config = yaml.safe_load((root / "consortium.yaml").read_text(encoding="utf-8"))
    config["privacy"] = {"quarantine_days": 0}
    (root / "consortium.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    ws = Workspace.open(root)
    assert len(purge_expired(ws)) == 1
    assert list(ws.quarantine.iterdir()) == []


def test_every_archived_file_is_encrypted(demo_run):
    ws = Workspace.open(demo_run)
    files = [p for p in ws.archive.rglob("*") if p.is_file()]
    assert len(files) > 100
    wrong_key = secrets.token_bytes(32)
    for path in files:
        data = path.read_bytes()
        assert data.startswith(MAGIC)
        assert b"PK\x03\x04" not in data[:64] and OLE2_MAGIC not in data[:64]
        with pytest.raises(SealError):
            unseal(wrong_key, data, path.name)


def test_archive_register_is_unreadable_without_the_key(demo_run):
    ws = Workspace.open(demo_run)
    sealed = (ws.archive / "register.sealed").read_bytes()
    assert b"porocilo" not in sealed and b"oporavak-ba" not in sealed
    names = {e.get("name_as_received") for e in archive_register(ws)}
    assert any(name and name.startswith("MOST porocilo") for name in names)


def test_archive_show_gives_back_an_original_byte_for_byte(demo_run, tmp_path):
    original = next((DEMO / "inbox" / "most-si").glob("*.xlsx"))
    sha256 = file_sha256(original)
    target = tmp_path / "original.xlsx"
    result = CliRunner().invoke(
        app, ["archive", "show", sha256[:12], "--workspace", str(demo_run), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == original.read_bytes()


def test_archive_show_without_the_key_says_so_in_one_line(demo_run, tmp_path):
    root = copy_workspace(demo_run, tmp_path)
    (root.parent / f".{root.name}.archive-key").unlink()
    sha256 = file_sha256(next((DEMO / "inbox" / "most-si").glob("*.xlsx")))
    result = CliRunner().invoke(app, ["archive", "show", sha256, "--workspace", str(root)])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "no archive key" in result.output


def test_archive_show_with_a_wrong_key_refuses(demo_run, tmp_path):
    root = copy_workspace(demo_run, tmp_path)
    (root.parent / f".{root.name}.archive-key").write_text(secrets.token_hex(32))
    sha256 = file_sha256(next((DEMO / "inbox" / "most-si").glob("*.xlsx")))
    result = CliRunner().invoke(app, ["archive", "show", sha256, "--workspace", str(root)])
    assert result.exit_code == 1
    assert "cannot be decrypted with this archive key" in result.output


def test_archive_show_of_a_quarantined_file_says_it_is_quarantined(demo_run, refused):
    result = CliRunner().invoke(
        app, ["archive", "show", refused["sha256"], "--workspace", str(demo_run)]
    )
    assert result.exit_code == 1
    assert "quarantined" in result.output
