"""A file's SHA-256: its identity in the archive and the register. Kept apart from the readers
so that a run with nothing new can check the inbox without importing them (or pandas)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
