"""Text cells that a spreadsheet would run as a formula are neutralised before they are written.

A file name or a title sent by a partner may begin with "=", "+", "-", "@", a tab or a carriage
return; Excel and LibreOffice read such a cell as a formula (CSV injection). A leading
apostrophe makes it plain text again.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text
