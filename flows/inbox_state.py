"""What the inbox held at the last look: each file's size and modification time with its SHA-256,
kept in the workspace state, so a file that has not changed is neither read nor hashed again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from core.config import Workspace
from core.fingerprint import file_sha256

LEDGER_NAME = "received.csv"


def inbox_files(ws: Workspace) -> list[Path]:
    """The partner files in the inbox: what intake reads (no ledger, hidden files or links)."""
    if not ws.inbox.is_dir():
        return []
    return sorted(
        p
        for p in ws.inbox.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not p.name.startswith(".")
        and p.relative_to(ws.inbox).as_posix() != LEDGER_NAME
    )


def inbox_hashes(ws: Workspace) -> dict[str, str]:
    """SHA-256 of every inbox file by its path in the inbox; only new or changed files are hashed."""
    cache_path = ws.state / "inbox-hashes.json"
    cached = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.is_file() else {}
    current = {}
    for path in inbox_files(ws):
        relative = path.relative_to(ws.inbox).as_posix()
        stat = path.stat()
        seen = cached.get(relative)
        if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            current[relative] = seen
        else:
            current[relative] = [stat.st_size, stat.st_mtime_ns, file_sha256(path)]
    if current != cached:
        ws.state.mkdir(parents=True, exist_ok=True)
        cache_path.write_text(json.dumps(current, indent=0), encoding="utf-8")
    return {relative: entry[2] for relative, entry in current.items()}


def inputs_fingerprint(ws: Workspace, *code_dirs: Path) -> str:
    """What besides new files changes the outputs: consortium.yaml and the SQL models."""
    digest = hashlib.sha256(ws.config_path.read_bytes())
    for folder in code_dirs:
        for path in sorted(folder.glob("*.sql")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
