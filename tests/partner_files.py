"""Partner files written by the tests and read and validated as a monthly run does."""

import csv
from datetime import UTC, datetime

from collect.arrival import Arrival
from collect.reader import read_submission
from core.config import Workspace
from core.fingerprint import file_sha256
from validate.run import validate_submissions


def checked(workspace, name, header, rows, partner="most-si"):
    """A one-table CSV as a partner would send it, read and validated like in a run."""
    folder = workspace / "inbox" / partner
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([header, *rows])
    arrival = Arrival(
        path=path,
        name_as_received=name,
        partner_id=partner,
        received_at=datetime(2025, 4, 3, tzinfo=UTC),
        sha256=file_sha256(path),
        size_bytes=path.stat().st_size,
    )
    config = Workspace.open(workspace).config
    sub = read_submission(arrival, config)
    validate_submissions([sub], config)
    return sub
