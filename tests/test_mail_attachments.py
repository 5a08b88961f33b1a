"""Which attachments of a partner's message are spreadsheets to read: by the extension of their
name, or, for a name without one, by their declared type when their bytes agree."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from imap_tools import MailMessage

from collect.mailbox import spreadsheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_START = b"PK\x03\x04" + b"\x00" * 26
OLE_START = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24


def with_attachment(name: str, content_type: str, data: bytes) -> MailMessage:
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "porocila@most-demo.example", "Poročilo"
    msg.set_content("V prilogi je poročilo.")
    maintype, subtype = content_type.split("/")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return MailMessage.from_bytes(msg.as_bytes())


@pytest.mark.parametrize(
    ("content_type", "data", "extension"),
    [
        (XLSX, ZIP_START, "xlsx"),
        ("application/vnd.ms-excel.sheet.macroEnabled.12", ZIP_START, "xlsm"),
        ("application/vnd.ms-excel", OLE_START, "xls"),
        ("application/vnd.oasis.opendocument.spreadsheet", ZIP_START, "ods"),
        ("text/csv", "Datum;Šifra uporabnika;Ure\n4. 3. 2025;LJ-0001;1:30\n".encode(), "csv"),
        ("text/tab-separated-values", b"Datum\tUre\n", "tsv"),
    ],
)
def test_a_name_without_extension_is_read_as_its_declared_spreadsheet_type(
    content_type, data, extension
):
    [found] = spreadsheets(with_attachment("November trainings", content_type, data))
    # the name as sent is kept; the file is saved under the extension of its type
    assert (found.name, found.extension) == ("November trainings", extension)


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        (XLSX, b"%PDF-1.7 not a workbook"),  # declared a workbook, not a zip
        ("application/vnd.ms-excel", ZIP_START),  # an xls is an OLE file
        ("text/csv", ZIP_START),  # text that is no text
        ("application/pdf", b"%PDF-1.7"),  # no spreadsheet type
    ],
)
def test_a_name_without_extension_is_not_read_when_its_bytes_disagree(content_type, data):
    assert spreadsheets(with_attachment("November trainings", content_type, data)) == ()


@pytest.mark.parametrize("name", ["report.pdf", "report.docx", "report.zip"])
def test_an_extension_we_do_not_read_stays_unread_whatever_its_declared_type(name):
    assert spreadsheets(with_attachment(name, XLSX, ZIP_START)) == ()


def test_a_name_ending_in_a_date_has_no_extension():
    [found] = spreadsheets(with_attachment("Svetovanja 31.10.2026", XLSX, ZIP_START))
    assert found.extension == "xlsx"


def test_a_spreadsheet_named_so_is_read_by_its_name():
    [found] = spreadsheets(with_attachment("svetovanje_2025-03.csv", "text/csv", b"Datum\n"))
    assert found.extension == "csv"
