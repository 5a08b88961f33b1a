"""Intake of text files: encodings, delimiters and ragged rows, from bytes the tests write."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from collect.arrival import Arrival
from collect.reader import read_submission
from collect.text import decode_text
from collect.unreadable import UnreadableFile
from core.config import Workspace
from core.fingerprint import file_sha256

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
COUNSELLING_SL = (
    "Datum;Šifra uporabnika;Vrsta svetovanja;Ure\r\n4. 3. 2025;LJ-0001;individualno;1,5\r\n"
)


def read(workspace, path, partner="most-si"):
    arrival = Arrival(
        path=path,
        name_as_received=path.name,
        partner_id=partner,
        received_at=datetime(2025, 4, 3, tzinfo=UTC),
        sha256=file_sha256(path),
        size_bytes=path.stat().st_size,
    )
    return read_submission(arrival, Workspace.open(workspace).config)


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_cp1250_csv_with_semicolons_and_decimal_commas(workspace, tmp_path):
    path = write(tmp_path, "svetovanje_2025-03.csv", COUNSELLING_SL.encode("cp1250"))
    sub = read(workspace, path)
    assert sub.errors == []
    row = sub.tables["counselling"].iloc[0]
    # `1,5` is one and a half hours; `4. 3. 2025` is the 4th of March
    assert (row["hours"], row["session_on"], row["session_kind"]) == (
        1.5,
        date(2025, 3, 4),
        "individual",
    )


def test_utf8_with_bom_keeps_the_first_header(workspace, tmp_path):
    path = write(tmp_path, "svetovanje_2025-03.csv", COUNSELLING_SL.encode("utf-8-sig"))
    assert list(read(workspace, path).tables["counselling"]["user_code"]) == ["LJ0001"]


def test_utf16_with_bom_is_read(workspace, tmp_path):
    path = write(
        tmp_path, "svetovanje_2025-03.csv", COUNSELLING_SL.replace(";", "\t").encode("utf-16")
    )
    assert list(read(workspace, path).tables["counselling"]["hours"]) == [1.5]


def test_utf16_export_of_another_tool_is_decoded():
    text = decode_text((FIXTURES / "utf-16le_encoded.csv").read_bytes(), None)
    assert text.startswith("Organisation_code,")


def test_iso_8859_2_polish_letters_are_read_for_a_polish_partner():
    # ś is 0xB6 in ISO-8859-2 and ¶ in Windows-1250, which no partner writes
    assert (
        decode_text("Poradnictwo środowiskowe".encode("iso-8859-2"), "pl")
        == "Poradnictwo środowiskowe"
    )


def test_cp1252_norwegian_letters_are_read_for_a_norwegian_partner():
    assert decode_text("Støttegruppe på Bærum".encode("cp1252"), "no") == "Støttegruppe på Bærum"


def test_undecidable_encoding_is_refused_not_guessed():
    # 0xC6 0x72 is `Ær` in Windows-1252 and `Ćr` in Windows-1250: both plausible without a language
    with pytest.raises(UnreadableFile) as raised:
        decode_text(b"\xc6rlig;2", None)
    assert raised.value.rule == "encoding_uncertain"


def test_ragged_row_is_reported_by_line_and_not_shifted(workspace, tmp_path):
    text = (
        COUNSELLING_SL
        + "5. 3. 2025;LJ-0002;individualno;1,5;extra\r\n6. 3. 2025;LJ-0003;individualno;2\r\n"
    )
    sub = read(workspace, write(tmp_path, "svetovanje_2025-03.csv", text.encode("utf-8")))
    [problem] = sub.errors
    assert (problem.rule, problem.row) == ("ragged_row", 3)
    assert list(sub.tables["counselling"]["user_code"]) == ["LJ0001", "LJ0003"]


def test_comma_delimited_file_with_quoted_decimal_commas(workspace, tmp_path):
    text = 'Datum,Šifra uporabnika,Vrsta svetovanja,Ure\n2025-03-04,LJ-0001,individualno,"1,5"\n'
    assert list(
        read(workspace, write(tmp_path, "svetovanje_2025-03.csv", text.encode())).tables[
            "counselling"
        ]["hours"]
    ) == [1.5]


def with_english_hostel(workspace):
    """The workspace's consortium.yaml with a partner writing English that runs a hostel."""
    config = workspace / "consortium.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    hostel = {"id": "HR-HOST", "name": "Harbour hostel", "kind": "housing", "places": 45}
    data["partners"].append(
        {"id": "harbour-en", "name": "Harbour", "country": "IE", "language": "en"}
        | {"reports_from": "2025-01", "tables": ["housing"], "sites": [hostel]}
    )
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_an_english_partners_comma_before_three_digits_groups_the_thousands_of_nights(
    workspace, tmp_path
):
    with_english_hostel(workspace)
    text = (
        "Property,Bed spaces,Residents,Bed nights,Move-ins,Planned move-on,Unplanned move-on\n"
        'HR-HOST,45,41,"1,240",6,3,2\n'
        'Total,45,41,"1,240",6,3,2\n'
    )
    path = write(tmp_path, "housing_return_march_2025.csv", text.encode())
    sub = read(workspace, path, "harbour-en")
    # 1240 nights, and the total row agrees with it
    assert sub.problems == []
    assert list(sub.tables["housing"]["resident_nights"]) == [1240]


def test_a_slovene_partners_point_before_three_digits_marks_decimals_in_a_column_of_points(
    workspace, tmp_path
):
    # the file writes its hours with points (1.5, 2.25): its 1.250 hours are one and a quarter
    rows = ["4. 3. 2025;LJ-0001;individualno;1.5", "5. 3. 2025;LJ-0002;individualno;1.250"]
    text = "Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n" + "\n".join(rows) + "\n"
    sub = read(workspace, write(tmp_path, "svetovanje_2025-03.csv", text.encode()))
    assert sub.errors == []
    assert list(sub.tables["counselling"]["hours"]) == [1.5, 1.25]


def test_text_file_named_xlsx_is_refused_with_that_reason(workspace, tmp_path):
    sub = read(
        workspace, write(tmp_path, "svetovanje_2025-03.xlsx", COUNSELLING_SL.encode("utf-8"))
    )
    assert [p.rule for p in sub.errors] == ["text_named_as_workbook"]


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them_when_a_note_spans_two_lines(
    workspace, tmp_path
):
    text = (
        "Datum;Šifra uporabnika;Vrsta svetovanja;Ure;Opomba\r\n"
        '3. 3. 2025;LJ-0001;individualno;1,5;"prvi obisk,\r\nbrez napotnice"\r\n'
        "4. 3. 2025;LJ-0002;individualno;1;\r\n"
    )
    sub = read(workspace, write(tmp_path, "svetovanje_2025-03.csv", text.encode("utf-8")))
    # Excel shows the header on row 1 and the two sessions on rows 2 and 3
    assert list(sub.tables["counselling"]["sheet_row"]) == [2, 3]


def test_csv_rows_keep_their_line_numbers_below_a_title(workspace, tmp_path):
    text = "Poročilo Zavod Most\r\n\r\n" + COUNSELLING_SL
    sub = read(workspace, write(tmp_path, "svetovanje_2025-03.csv", text.encode("utf-8")))
    # title, blank line, header: the first session is on line 4
    assert list(sub.tables["counselling"]["sheet_row"]) == [4]
