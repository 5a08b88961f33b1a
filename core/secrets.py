"""Passwords of the consortium's mail servers: from the environment, or from a secrets file
beside the workspace (never inside it, never in consortium.yaml).

The file `.<workspace name>.secrets` holds lines `NAME=value` with the same names as the
environment variables; the environment wins.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.config import Workspace

IMAP_PASSWORD = "CONSORTIUM_IMAP_PASSWORD"
SMTP_PASSWORD = "CONSORTIUM_SMTP_PASSWORD"


class MissingSecret(LookupError):
    """A password the configuration needs is neither in the environment nor in the file."""


def secrets_file(ws: Workspace) -> Path:
    return ws.root.parent / f".{ws.root.name}.secrets"


def file_secrets(ws: Workspace) -> dict[str, str]:
    path = secrets_file(ws)
    if not path.is_file():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())
    return {k.strip(): v.strip() for k, v in (p for p in pairs if len(p) == 2)}


def secret(ws: Workspace, name: str) -> str:
    """The value of `name`, or MissingSecret naming both places it may be put."""
    value = os.environ.get(name) or file_secrets(ws).get(name)
    if not value:
        raise MissingSecret(
            f"{name} is not set: put it in the environment or as `{name}=...` in "
            f"{secrets_file(ws)} (beside the workspace, never in consortium.yaml)"
        )
    return value
