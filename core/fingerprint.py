"""A file's SHA-256: its identity in the archive and the register. Kept apart from the readers
so that a run with nothing new can check the inbox without importing them (or pandas). And the
fingerprints kept beside rendered files (site pages, export images): what each was made from,
so that one made from the same is carried over instead of made again."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

FINGERPRINTS = ".fingerprints.json"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def recorded_fingerprints(folder: Path | None) -> dict[str, str]:
    """The fingerprints kept in `folder` by name of file; none when there are none (or they do
    not read)."""
    if folder is None or not (folder / FINGERPRINTS).is_file():
        return {}
    try:
        return json.loads((folder / FINGERPRINTS).read_text(encoding="utf-8"))
    except ValueError:
        return {}


def record_fingerprints(folder: Path, fingerprints: dict[str, str]) -> None:
    """`fingerprints` added to those `folder` keeps (a folder written in parts records each)."""
    kept = recorded_fingerprints(folder) | fingerprints
    (folder / FINGERPRINTS).write_text(json.dumps(kept, indent=0, sort_keys=True), encoding="utf-8")
