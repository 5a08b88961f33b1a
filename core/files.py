"""Files written whole under a temporary name and renamed over the old one. A reader never sees
half a file, and a file that a run's staging folder shares with the published one by a hard link
is never changed in place: the staged name gets a new file, the published one keeps the old."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def replace_text(path: Path, text: str, *, durable: bool = False) -> None:
    """`text` as the whole of `path`; `durable` syncs it to disk before the rename (records
    that must survive a crash)."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as fh:
            fh.write(text)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """`text` as the whole of `path`, written in place: for a folder nobody reads before it is
    swapped in whole, where a rename per file would only cost time."""
    path.write_text(text, encoding="utf-8")


def link_or_copy(source: str, target: str) -> None:
    """A hard link to `source`, or a copy where the file system has none."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
