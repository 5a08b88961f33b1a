"""`consortium map FILE`: how intake understood a partner's own spreadsheet (each column, each
distinct value of a coded column) and what it did not; `--save` writes the confirmed header and
value mappings into that partner's entry of consortium.yaml, so its layout is mapped once."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.commands.check import FileArgument, PartnerOption, partner_of, usage_error
from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, open_workspace
from core.config import ConfigError, Workspace, load_consortium

if TYPE_CHECKING:
    from collect.understood import HeaderReading, ValueReading

SaveOption = Annotated[
    bool,
    typer.Option(
        "--save",
        help="Write the header and value mappings into the partner's consortium.yaml entry.",
    ),
]


def map_file(
    file: FileArgument,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    partner: PartnerOption = None,
    save: SaveOption = False,
) -> None:
    """Show how each column and each distinct category value of a partner's file was understood,
    and what was not; with --save, remember it in consortium.yaml (validated) for every later
    file of that partner. Exit 0 when everything was understood, 1 when something was not.

    Example: [bold]consortium map "data/demo/inbox/most-si/MOST porocilo maj 2025.xlsx" --save[/bold]
    """
    from collect.arrival import Arrival
    from collect.understood import understand
    from core.vocabulary import UNCLASSIFIED

    ws = open_workspace(workspace)
    if not file.is_file():
        raise usage_error(f"{file}: no such file")
    partner_id = partner or partner_of(file, ws)
    if partner_id is None or ws.config.partner(partner_id) is None:
        known = ", ".join(p.id for p in ws.config.partners)
        raise usage_error(f"say whose file it is with --partner (partners: {known})")
    arrival = Arrival.of_file(file, partner_id)
    _, headers, values = understand(arrival, ws.config)
    typer.echo(report(headers, values))
    if save:
        headers_map = {
            h.header: h.column or h.suggestion for h in headers if h.column or h.suggestion
        }
        values_map: dict[str, dict[str, str]] = {}
        for v in values:
            if v.code != UNCLASSIFIED:
                values_map.setdefault(v.code_set, {})[v.text] = v.code
        try:
            save_mapping(ws, partner_id, headers_map, values_map)
        except ConfigError as exc:
            raise usage_error(str(exc)) from None
        typer.echo(f"Saved in {ws.config_path} (partners: {partner_id}: mapping).")
    understood = all(
        h.column or h.part_of or h.ignored or (save and h.suggestion) for h in headers
    ) and all(v.code != UNCLASSIFIED for v in values)
    raise typer.Exit(0 if headers and understood else 1)


def report(headers: list[HeaderReading], values: list[ValueReading]) -> str:
    lines = []
    sheet = None
    for h in headers:
        if h.sheet != sheet:
            sheet = h.sheet
            lines.append(f"Sheet {h.sheet!r}:")
        if h.column:
            lines.append(f"  {h.header!r} -> {h.table}.{h.column}")
        elif h.lengths:
            lines.append(f"  {h.header!r} -> {h.table}.hours, the length each row gives")
        elif h.between:
            lines.append(f"  {h.header!r} -> {h.table}.hours, counted from the start to the end")
        elif h.part_of:
            lines.append(
                f"  {h.header!r} -> {h.table}.{h.part_of}, read from its parts and their total"
            )
        elif h.ignored:
            lines.append(f"  {h.header!r} -> not read (row numbers, notes, staff, venue, ...)")
        else:
            hint = f" (closest: {h.table}.{h.suggestion})" if h.suggestion else ""
            lines.append(f"  {h.header!r} -> NOT UNDERSTOOD{hint}")
    if not headers:
        lines.append("No table found in the file.")
    column = None
    for v in values:
        if (v.table, v.column) != column:
            column = (v.table, v.column)
            lines.append(f"Values of {v.table}.{v.column}:")
        lines.append(f"  {v.text!r} -> {v.code} ({v.rows} row{'' if v.rows == 1 else 's'})")
    return "\n".join(lines)


def save_mapping(
    ws: Workspace, partner_id: str, headers: dict[str, str], values: dict[str, dict[str, str]]
) -> None:
    """Merge the mappings into the partner's entry; consortium.yaml is validated before it is
    written, and keeps its comments and layout (only the entry's `mapping:` block is rewritten)."""
    import yaml

    text = ws.config_path.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    entry = next(p for p in raw["partners"] if p.get("id") == partner_id)
    mapping = entry.setdefault("mapping", {})
    mapping["headers"] = {**headers, **(mapping.get("headers") or {})}
    for code_set, found in values.items():
        mapping.setdefault("values", {})[code_set] = {
            **found,
            **((mapping.get("values") or {}).get(code_set) or {}),
        }
    try:
        new_text = with_block(text, partner_id, mapping)
    except StopIteration:  # the entry is written in a way the text edit does not know
        new_text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    candidate = ws.config_path.with_name(".consortium.yaml.new")
    candidate.write_text(new_text, encoding="utf-8")
    try:
        load_consortium(candidate)
    except ConfigError:
        candidate.unlink()
        raise
    candidate.replace(ws.config_path)


def with_block(text: str, partner_id: str, mapping: dict[str, Any]) -> str:
    """The file with the partner's `mapping:` block (if any) replaced by a new one at the end of
    its entry."""
    import yaml

    lines = text.splitlines(keepends=True)
    start = next(
        i
        for i, line in enumerate(lines)
        if re.match(rf"^\s*-\s+id:\s*['\"]?{re.escape(partner_id)}['\"]?\s*$", line)
    )
    indent = len(lines[start]) - len(lines[start].lstrip(" -"))
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip()
        or lines[end].startswith("#")
        or (
            len(lines[end]) - len(lines[end].lstrip()) >= indent
            and not lines[end].lstrip().startswith("- id:")
        )
    ):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    entry = without_mapping(lines[start:end], indent)
    block = yaml.safe_dump({"mapping": mapping}, allow_unicode=True, sort_keys=False)
    block = "".join(" " * indent + line for line in block.splitlines(keepends=True))
    return "".join(lines[:start]) + "".join(entry) + block + "".join(lines[end:])


def without_mapping(entry: list[str], indent: int) -> list[str]:
    """The entry's lines without its `mapping:` key and everything indented under it."""
    kept, inside = [], False
    for line in entry:
        depth = len(line) - len(line.lstrip())
        if line.strip() and depth == indent and line.lstrip().startswith("mapping:"):
            inside = True
            continue
        if inside and (not line.strip() or depth > indent):
            continue
        inside = False
        kept.append(line)
    return kept


def register(app: typer.Typer) -> None:
    app.command(name="map")(map_file)
