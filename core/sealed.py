"""Files encrypted at rest: the archive's originals, its register and the quarantine.

Pseudonymous codes are personal data too, so no original a partner sent is kept in clear. The
cipher is AES-256-GCM (authenticated: a changed byte or a wrong key is refused, never decrypted
into rubbish); the key lives beside the pseudonym key, outside the workspace, or in the
environment. Each sealed file is bound to its label (the file's SHA-256 for an original), so
one sealed file cannot stand in for another.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.config import Workspace

KEY_ENV = "CONSORTIUM_ARCHIVE_KEY"
MAGIC = b"consortium-sealed-1\n"
NONCE_BYTES = 12


class SealError(ValueError):
    """A sealed file that cannot be opened: wrong key, changed bytes, or not sealed at all."""


def archive_key(ws: Workspace, *, create: bool = True) -> bytes:
    """The 256-bit key: CONSORTIUM_ARCHIVE_KEY (64 hex digits), else the key file beside the
    workspace, written the first time it is needed."""
    text = os.environ.get(KEY_ENV) or read_key_file(ws.archive_key_file, create=create)
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        key = b""
    if len(key) != 32:  # noqa: PLR2004 - AES-256
        source = KEY_ENV if os.environ.get(KEY_ENV) else str(ws.archive_key_file)
        raise SealError(f"{source}: the archive key must be 64 hexadecimal digits")
    return key


def read_key_file(path: Path, *, create: bool) -> str:
    if not path.exists():
        if not create:
            raise SealError(f"{path}: no archive key here, so the archive cannot be opened")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    return path.read_text(encoding="ascii")


def seal(key: bytes, data: bytes, label: str) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, label.encode())


def unseal(key: bytes, blob: bytes, label: str) -> bytes:
    if not blob.startswith(MAGIC):
        raise SealError(f"{label}: not a sealed file")
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES :], label.encode())
    except InvalidTag:
        raise SealError(
            f"{label}: cannot be decrypted with this archive key (another key, or changed "
            f"bytes): restore the key file the archive was written with, or set {KEY_ENV}"
        ) from None


def write_sealed(key: bytes, target: Path, data: bytes, label: str) -> Path:
    """Write `data` sealed into `target`, whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(seal(key, data, label))
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise
    return target


def read_sealed(key: bytes, path: Path, label: str) -> bytes:
    try:
        return unseal(key, path.read_bytes(), label)
    except SealError as exc:
        raise SealError(f"{path}: {str(exc).removeprefix(label + ': ')}") from None


def is_sealed(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC
