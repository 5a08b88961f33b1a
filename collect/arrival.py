"""A received file before it is read: where it is and what is known of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.fingerprint import file_sha256


@dataclass(frozen=True)
class Arrival:
    """A file found in the inbox (or given to `consortium check`), before it is read: where it
    is and what we know of it. `period` is a month stated outside the file, e.g. `--period`."""

    path: Path
    name_as_received: str
    partner_id: str | None
    received_at: datetime
    sha256: str
    size_bytes: int
    period: str | None = None
    inbox_path: str | None = None

    @classmethod
    def of_file(cls, path: Path, partner_id: str, period: str | None = None) -> Arrival:
        """A file handed over now, outside the inbox (`consortium check`, `consortium map`),
        with the month it is said to report when given."""
        return cls(
            path=path,
            name_as_received=path.name,
            partner_id=partner_id,
            received_at=datetime.now(UTC),
            sha256=file_sha256(path),
            size_bytes=path.stat().st_size,
            period=period,
        )
