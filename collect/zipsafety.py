"""A workbook's zip checked from its directory and its XML prologs before anything is
decompressed: partners' files come from mail attachments and upload forms, so any of them may
be a zip bomb or carry XML entities."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from collect.unreadable import UnreadableFile
from core.config import Intake

MB = 1 << 20
XML_PROLOG_LIMIT = MB
_ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_zip(path: Path, limits: Intake) -> None:
    """Refuse a zip bomb from its directory alone, and any XML part declaring a DOCTYPE or
    ENTITY (billion laughs, external entities) from its prolog alone."""
    try:
        with zipfile.ZipFile(path) as zf:
            entries = zf.infolist()
            if len(entries) > limits.max_zip_entries:
                raise UnreadableFile(
                    "zip_too_many_entries", entries=len(entries), limit=limits.max_zip_entries
                )
            total = sum(e.file_size for e in entries)
            if total > limits.max_uncompressed_mb * MB:
                raise UnreadableFile(
                    "zip_too_large", size_mb=round(total / MB), limit_mb=limits.max_uncompressed_mb
                )
            for entry in entries:
                if entry.file_size > MB and entry.file_size > limits.max_compression_ratio * max(
                    entry.compress_size, 1
                ):
                    raise UnreadableFile(
                        "zip_too_large",
                        size_mb=round(total / MB),
                        limit_mb=limits.max_uncompressed_mb,
                    )
            for entry in entries:
                if entry.filename.lower().endswith((".xml", ".rels", ".vml")) and declares_entities(
                    zf, entry
                ):
                    raise UnreadableFile("xml_entities", part=entry.filename)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError, OSError):
        raise UnreadableFile("file_damaged") from None


def declares_entities(zf: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether the part's prolog (everything before its root element) declares a DOCTYPE or an
    ENTITY; only the prolog is decompressed."""
    prolog = b""
    with zf.open(entry) as fh:
        while len(prolog) < XML_PROLOG_LIMIT:
            chunk = fh.read(64 << 10)
            if not chunk:
                break
            prolog += chunk
            text = (
                prolog.decode("utf-16").encode("ascii", "replace")
                if prolog[:2] in (b"\xff\xfe", b"\xfe\xff")
                else prolog
            )
            root = _ROOT_ELEMENT.search(text)
            if root:
                return bool(_DECLARATION.search(text, 0, root.start()))
    return bool(_DECLARATION.search(prolog)) or len(prolog) >= XML_PROLOG_LIMIT
