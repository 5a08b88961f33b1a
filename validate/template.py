"""The workbook a partner fills in each month, in its language: one sheet per table it reports,
the headers intake knows, drop-down lists for coded columns, number and date formats, and its
housing units open in the month already written in. A template filled as it asks passes intake.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.config import Consortium, Partner, Site
from core.messages import catalogue
from core.periods import month_end, month_start, nights_open
from core.vocabulary import Table, vocabulary
from validate.derived import partner_header

TEMPLATE_ROWS = 500
NUMBER_FORMATS = {
    "integer": "0",
    "number": "0.0#",
    "hours": "0.0#",
    "date": "DD.MM.YYYY",
    "text": "@",
    "code": "@",
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def sheet_title(table: str, language: str) -> str:
    name = vocabulary().sheet_name(table, language)
    return name[:1].upper() + name[1:]


def code_choices(table: Table, column: str, language: str) -> list[str]:
    """The words the drop-down offers: the first word of each code in the partner's language."""
    code_set = table.columns[column].codes
    return [
        vocabulary().code_word(code_set, code, language)
        for code in vocabulary().code_words[code_set]
    ]


def open_sites(partner: Partner, period: str) -> list[Site]:
    """The partner's sites of the month: a housing unit only if open some night of it, as one
    listed before its opening would ask for its month and, filled with 0, count its places."""
    return [
        site
        for site in partner.sites
        if site.kind != "housing" or nights_open(period, site.opened, site.closed)
    ]


def site_ids(partner: Partner, period: str, kinds: set[str]) -> list[str]:
    return [s.id for s in open_sites(partner, period) if s.kind in kinds]


def column_validation(
    table: Table, column: str, partner: Partner, period: str, language: str
) -> DataValidation | None:
    """What Excel lets a partner type into a column."""
    spec = table.columns[column]
    if spec.type == "code":
        return DataValidation(
            type="list", formula1='"' + ",".join(code_choices(table, column, language)) + '"'
        )
    if spec.type == "integer":
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    if spec.type in ("number", "hours"):
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    if spec.type == "date":
        first, last = month_start(period), month_end(period)
        return DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({first.year},{first.month},{first.day})",
            formula2=f"DATE({last.year},{last.month},{last.day})",
        )
    sites = {
        ("housing", "site_id"): {"housing"},
        ("people", "housing_unit"): {"housing"},
        ("groups", "site_id"): {"group"},
    }
    ids = site_ids(partner, period, sites.get((table.name, column), set()))
    return DataValidation(type="list", formula1='"' + ",".join(ids) + '"') if ids else None


def table_sheet(ws: Worksheet, table: Table, partner: Partner, period: str, language: str) -> None:
    columns = table.offered_columns(partner.tables)
    ws.append([partner_header(table, c, language) for c in columns])
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        cell = ws.cell(row=1, column=position)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        ws.column_dimensions[letter].width = max(14, len(str(cell.value)) + 4)
        for row in range(2, TEMPLATE_ROWS + 2):
            ws.cell(row=row, column=position).number_format = NUMBER_FORMATS[
                table.columns[column].type
            ]
        validation = column_validation(table, column, partner, period, language)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
    if table.name == "housing":
        units = (s for s in open_sites(partner, period) if s.kind == "housing")
        for row, site in enumerate(units, start=2):
            ws.cell(row=row, column=columns.index("site_id") + 1, value=site.id)
            ws.cell(row=row, column=columns.index("places") + 1, value=site.places)


def instructions_sheet(
    ws: Worksheet, partner: Partner, period: str, config: Consortium, language: str
) -> None:
    texts = catalogue(language)["template"]
    period_word = catalogue(language)["labels"]["period"]
    ws.append([texts["title"].format(partner=partner.name, period=period)])
    ws.append([period_word, period])
    ws.append([texts["intro"].format(deadline=config.reporting.deadline_day)])
    ws.append([texts["personal_data"]])
    ws["A1"].font = Font(bold=True, size=14)
    ws["A4"].font = Font(bold=True, color="B00020")
    for table_name in partner.tables:
        table = vocabulary().tables[table_name]
        ws.append([])
        ws.append([sheet_title(table_name, language)])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        ws.append([texts["tables"][table_name]])
        for column in table.columns.values():
            need = texts["required"] if column.required else texts["optional"]
            ws.append(
                [
                    f"  {partner_header(table, column.name, language)}: {texts['types'][column.type]} ({need})"
                ]
            )
    ws.column_dimensions["A"].width = 100
    for row in ws.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def build_template(config: Consortium, partner: Partner, period: str) -> Workbook:
    """The partner's workbook for a month: instructions first, then one sheet per table."""
    language = partner.language
    wb = Workbook()
    instructions = wb.active
    instructions.title = catalogue(language)["template"]["sheet"]
    instructions_sheet(instructions, partner, period, config, language)
    for table_name in partner.tables:
        table_sheet(
            wb.create_sheet(sheet_title(table_name, language)),
            vocabulary().tables[table_name],
            partner,
            period,
            language,
        )
    return wb


def write_template(config: Consortium, partner: Partner, period: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    build_template(config, partner, period).save(target)
    return target
