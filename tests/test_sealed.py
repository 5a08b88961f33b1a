"""The cipher of the archive: authenticated, bound to its label, and keyed from beside the
workspace or the environment."""

import pytest

from core.config import Workspace
from core.sealed import KEY_ENV, SealError, archive_key, seal, unseal


def test_sealed_bytes_open_with_their_key_and_label():
    key = bytes(range(32))
    assert unseal(key, seal(key, b"original", "abc"), "abc") == b"original"


def test_a_changed_byte_is_refused_not_decrypted():
    key = bytes(range(32))
    sealed = bytearray(seal(key, b"original", "abc"))
    sealed[-1] ^= 1
    with pytest.raises(SealError, match="cannot be decrypted"):
        unseal(key, bytes(sealed), "abc")


def test_a_sealed_file_cannot_stand_in_for_another():
    key = bytes(range(32))
    with pytest.raises(SealError):
        unseal(key, seal(key, b"original", "abc"), "def")


def test_the_key_is_written_beside_the_workspace_never_inside(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    ws = Workspace(tmp_path / "ws")
    key = archive_key(ws)
    assert len(key) == 32
    assert ws.archive_key_file.parent == tmp_path
    assert ws.archive_key_file.stat().st_mode & 0o777 == 0o600
    assert archive_key(ws) == key


def test_the_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "ab" * 32)
    assert archive_key(Workspace(tmp_path / "ws")) == bytes.fromhex("ab" * 32)
    assert not (tmp_path / ".ws.archive-key").exists()


def test_a_malformed_key_in_the_environment_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "not hex")
    with pytest.raises(SealError, match=KEY_ENV):
        archive_key(Workspace(tmp_path / "ws"))
