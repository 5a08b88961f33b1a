"""Broken and hostile files: each is refused with a reason, and none stops the reader."""

import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import openpyxl

from collect.arrival import Arrival
from collect.reader import read_submission
from core.config import Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
ROOT = Path(__file__).resolve().parents[1]


def rules(workspace, path, config=None):
    arrival = Arrival(
        path=path,
        name_as_received=path.name,
        partner_id="most-si",
        received_at=datetime(2025, 4, 3, tzinfo=UTC),
        sha256="0" * 64,
        size_bytes=0,
    )
    return [
        p.rule for p in read_submission(arrival, config or Workspace.open(workspace).config).errors
    ]


def with_limits(workspace, **limits):
    """The workspace's consortium.yaml with tighter intake limits."""
    config = Workspace.open(workspace).config
    return config.model_copy(update={"intake": config.intake.model_copy(update=limits)})


def small_workbook(path):
    wb = openpyxl.Workbook()
    wb.active.title = "Svetovanje"
    wb.active.append(["Datum", "Šifra uporabnika", "Vrsta svetovanja", "Ure"])
    wb.save(path)
    return path


def zip_bomb(path, gigabytes=3):
    """An xlsx-shaped zip whose sheet part inflates to `gigabytes` of zeros from a few MB: the
    same fully flushed deflate block repeated, so writing it costs no compression of gigabytes."""
    block = zlib.compressobj(1, zlib.DEFLATED, -15)
    chunk = block.compress(b"\0" * (1 << 20)) + block.flush(zlib.Z_FULL_FLUSH)
    data = chunk * (gigabytes << 10) + zlib.compressobj(1, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    size = gigabytes << 30
    name = b"xl/worksheets/sheet1.xml"
    local = (
        struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, 0, len(data), size, len(name), 0)
        + name
    )
    central = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            0,
            len(data),
            size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + name
    )
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    path.write_bytes(local + data + central + end)
    return path


def test_encrypted_xlsx_is_refused_as_encrypted(workspace):
    assert rules(workspace, FIXTURES / "pass_protected.xlsx") == ["file_encrypted"]


def test_encrypted_xls_is_refused_as_encrypted(workspace):
    assert rules(workspace, FIXTURES / "encrypted_no_password.xls") == ["file_encrypted"]


def test_truncated_xlsx_is_refused_as_damaged(workspace, tmp_path):
    whole = small_workbook(tmp_path / "whole.xlsx").read_bytes()
    cut = tmp_path / "svetovanje_2025-03.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    assert rules(workspace, cut) == ["file_damaged"]


def test_damaged_xls_is_refused_as_damaged(workspace):
    assert rules(workspace, FIXTURES / "OOM_alloc3.xls") == ["file_damaged"]


def test_zip_bomb_is_refused_from_its_directory_within_1_gb(workspace, tmp_path):
    bomb = zip_bomb(tmp_path / "svetovanje_2025-03.xlsx")
    script = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from datetime import datetime, timezone
        from pathlib import Path
        from collect.arrival import Arrival
        from collect.reader import read_submission
        from core.config import Workspace
        arrival = Arrival(Path({str(bomb)!r}), "bomb.xlsx", "most-si", datetime.now(timezone.utc), "0" * 64, 0)
        print(*[p.rule for p in read_submission(arrival, Workspace.open({str(workspace)!r}).config).errors])
    """)
    env = {"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["zip_too_large"], done.stderr


def test_xml_entity_declaration_is_refused(workspace, tmp_path):
    path = small_workbook(tmp_path / "svetovanje_2025-03.xlsx")
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>'
    )
    bombed = tmp_path / "bombed.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bombed, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/sharedStrings2.xml", laughs)
    assert rules(workspace, bombed) == ["xml_entities"]


def test_file_over_the_size_limit_is_refused_unread(workspace, tmp_path):
    tight = with_limits(workspace, max_file_mb=0.001)
    assert rules(workspace, small_workbook(tmp_path / "svetovanje_2025-03.xlsx"), tight) == [
        "file_too_large"
    ]


def test_workbook_with_too_many_sheets_is_refused(workspace, tmp_path):
    tight = with_limits(workspace, max_sheets=1)
    path = tmp_path / "svetovanje_2025-03.xlsx"
    wb = openpyxl.Workbook()
    wb.create_sheet("Druga")
    wb.save(path)
    assert rules(workspace, path, tight) == ["too_many_sheets"]


def test_sheet_over_the_row_limit_is_refused(workspace, tmp_path):
    tight = with_limits(workspace, max_rows=1)
    path = small_workbook(tmp_path / "svetovanje_2025-03.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active.append(["4. 3. 2025", "LJ-0001", "individualno", 1])
    wb.save(path)
    # a header and one session are two rows, over a limit of one
    assert rules(workspace, path, tight) == ["sheet_too_large"]


def test_a_space_typed_far_below_the_table_does_not_make_the_sheet_too_large(workspace, tmp_path):
    path = small_workbook(tmp_path / "svetovanje_2025-03.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active.append(["4. 3. 2025", "LJ-0001", "individualno", 1.5])
    wb.active["B250001"] = " "
    wb.save(path)
    assert rules(workspace, path) == []


def test_a_value_past_the_row_limit_still_makes_the_sheet_too_large(workspace, tmp_path):
    tight = with_limits(workspace, max_rows=3)
    path = small_workbook(tmp_path / "svetovanje_2025-03.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active.append(["4. 3. 2025", "LJ-0001", "individualno", 1.5])
    wb.active["A10"] = " "  # blank: the sheet is read as its two rows
    wb.save(path)
    assert rules(workspace, path, tight) == []
    wb.active["D9"] = 2
    wb.save(path)
    assert rules(workspace, path, tight) == ["sheet_too_large"]


def test_ods_declaring_billions_of_cells_is_refused(workspace):
    assert rules(workspace, FIXTURES / "issue_594_dos.ods") == ["too_many_cells"]


def test_a_file_that_cannot_be_opened_is_a_problem_not_an_exception(workspace, tmp_path):
    folder = tmp_path / "svetovanje_2025-03.xlsx"
    folder.mkdir()
    assert rules(workspace, folder) == ["file_unreadable"]


def test_a_pdf_sent_for_the_report_is_refused_as_no_spreadsheet(workspace, tmp_path):
    path = tmp_path / "porocilo_maj_2025.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    assert rules(workspace, path) == ["file_format_unsupported"]


def test_a_word_document_sent_for_the_report_is_named_as_such(workspace, tmp_path):
    path = tmp_path / "porocilo_maj_2025.docx"
    with zipfile.ZipFile(path, "w") as document:
        document.writestr("[Content_Types].xml", "<Types/>")
        document.writestr("word/document.xml", "<w:document/>")
    arrival_rules = rules(workspace, path)
    assert arrival_rules == ["file_format_unsupported"]
