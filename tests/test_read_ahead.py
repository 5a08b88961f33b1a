"""A run with many files has them read by a second process while it validates and loads: what
that reader hands back is exactly what the run would have read itself, in the same order, and a
reader that dies stops the run with the file it was reading."""

import pandas as pd
import pytest

from collect import read_ahead
from collect.inbox import inbox_arrivals
from core.config import Workspace
from tests.conftest import DEMO


def read_as(monkeypatch, from_bytes: int) -> list:
    monkeypatch.setenv(read_ahead.FROM_BYTES_ENV, str(from_bytes))
    ws = Workspace.open(DEMO)
    return list(read_ahead.submissions(list(inbox_arrivals(ws)), ws.config))


def same_submissions(read: list, expected: list) -> None:
    assert [(s.submission_id, s.status, s.problems) for s in read] == [
        (s.submission_id, s.status, s.problems) for s in expected
    ]
    for sub, twin in zip(read, expected, strict=True):
        assert sub.tables.keys() == twin.tables.keys()
        for name, frame in sub.tables.items():
            pd.testing.assert_frame_equal(frame, twin.tables[name])
            assert frame.attrs == twin.tables[name].attrs


def test_files_read_by_the_reader_process_are_those_the_run_reads_itself(monkeypatch):
    in_run = read_as(monkeypatch, 10**12)

    def read_in_this_process(*_):
        raise AssertionError("read in the run's own process")

    # only the reader process can read them now
    monkeypatch.setattr(read_ahead, "read_submission", read_in_this_process)
    by_reader = read_as(monkeypatch, 0)
    assert len(in_run) > 100
    same_submissions(by_reader, in_run)


def test_a_reader_process_that_dies_stops_the_run_naming_the_file_it_was_reading():
    ws = Workspace.open(DEMO)
    arrivals = list(inbox_arrivals(ws))[:3]
    with pytest.raises(read_ahead.ReaderStopped, match=arrivals[0].name_as_received):
        with read_ahead.Reader(ws.config, arrivals) as reader:
            reader.process.kill()
            reader.take(arrivals[0])
    assert reader.process.returncode is not None
