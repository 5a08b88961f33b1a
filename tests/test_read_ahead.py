"""A run with many files has them read by a second process while it validates and loads: what
that reader hands back is exactly what the run would have read itself, in the same order, and a
reader that dies stops the run with the file it was reading."""

import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli.app import app
from collect import read_ahead, reader
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
    monkeypatch.setattr(reader, "read_submission", read_in_this_process)
    by_reader = read_as(monkeypatch, 0)
    assert len(in_run) > 100
    same_submissions(by_reader, in_run)


def test_files_are_shared_among_reader_processes_and_taken_in_their_order(monkeypatch):
    monkeypatch.setenv(read_ahead.READERS_ENV, "2")
    ws = Workspace.open(DEMO)
    arrivals = list(inbox_arrivals(ws))
    in_run = [reader.read_submission(arrival, ws.config) for arrival in arrivals]
    with read_ahead.Reader(ws.config, arrivals) as readers:
        read = [readers.take(arrival) for arrival in arrivals]
    same_submissions(read, in_run)
    assert [r.answered > 0 for r in readers.readers] == [True, True]
    assert [r.process.returncode for r in readers.readers] == [0, 0]


def test_a_helper_that_cannot_be_started_leaves_the_first_reader_reading_every_file(
    monkeypatch,
):
    monkeypatch.setenv(read_ahead.READERS_ENV, "2")
    ws = Workspace.open(DEMO)
    arrivals = list(inbox_arrivals(ws))[:20]
    with read_ahead.Reader(ws.config, arrivals) as readers:

        def no_more_processes():
            raise BlockingIOError("Resource temporarily unavailable")

        monkeypatch.setattr(read_ahead, "reader_process", no_more_processes)
        read = [readers.take(arrival) for arrival in arrivals]
    assert [s.name_as_received for s in read] == [a.name_as_received for a in arrivals]
    [first] = readers.readers
    assert first.answered == len(arrivals) and first.process.returncode == 0


def test_a_helping_reader_that_dies_stops_the_run_at_a_file_it_was_given(monkeypatch):
    monkeypatch.setenv(read_ahead.READERS_ENV, "2")
    ws = Workspace.open(DEMO)
    arrivals = list(inbox_arrivals(ws))
    with pytest.raises(read_ahead.ReaderStopped, match="exit code -9"):
        with read_ahead.Reader(ws.config, arrivals) as readers:
            readers.take(arrivals[0])
            readers.helper.join()
            readers.readers[1].process.kill()
            for arrival in arrivals[1:]:
                readers.take(arrival)
    assert all(r.process.returncode is not None for r in readers.readers)


def test_a_reader_process_that_dies_stops_the_run_naming_the_file_it_was_reading(monkeypatch):
    monkeypatch.setenv(read_ahead.READERS_ENV, "1")
    ws = Workspace.open(DEMO)
    arrivals = list(inbox_arrivals(ws))[:3]
    with pytest.raises(read_ahead.ReaderStopped, match=arrivals[0].name_as_received):
        with read_ahead.Reader(ws.config, arrivals) as reader:
            reader.process.kill()
            reader.take(arrivals[0])
    assert reader.process.returncode is not None


@pytest.fixture
def started(monkeypatch) -> list:
    """Every reader process started, in order (one at a time: no helpers)."""
    processes = []

    def counted():
        processes.append(start())
        return processes[-1]

    start = read_ahead.reader_process
    monkeypatch.setattr(read_ahead, "reader_process", counted)
    monkeypatch.setenv(read_ahead.FROM_BYTES_ENV, "0")
    monkeypatch.setenv(read_ahead.READERS_ENV, "1")
    return processes


def test_files_read_before_the_run_are_taken_by_the_run_that_reads_them(monkeypatch, started):
    in_run = read_as(monkeypatch, 10**12)
    monkeypatch.setenv(read_ahead.FROM_BYTES_ENV, "0")
    ws = Workspace.open(DEMO)
    with read_ahead.reading_early(ws.root, set):
        by_early_reader = list(read_ahead.submissions(list(inbox_arrivals(ws)), ws.config))
        # the run started no reader of its own
        assert len(started) == 1
    same_submissions(by_early_reader, in_run)
    assert started[0].returncode == 0


def test_an_early_reader_of_other_files_is_stopped_and_the_run_reads_its_own(monkeypatch, started):
    ws = Workspace.open(DEMO)
    # the warehouse read the oldest file after the early reader listed the inbox
    arrivals = list(inbox_arrivals(ws))[1:]
    with read_ahead.reading_early(ws.root, set):
        read = list(read_ahead.submissions(arrivals, ws.config))
        early, own = started
        assert early.returncode is not None
    assert [s.name_as_received for s in read] == [a.name_as_received for a in arrivals]
    assert own.returncode == 0


def test_the_early_reader_skips_the_files_the_warehouse_has_read(monkeypatch, started):
    ws = Workspace.open(DEMO)
    first, *rest = inbox_arrivals(ws)
    with read_ahead.reading_early(ws.root, lambda: {(first.inbox_path, first.sha256)}):
        reader = read_ahead.early_reader(ws.config, rest)
    assert reader is not None and reader.arrivals == rest
    reader.stop()


def test_an_early_reader_no_run_takes_is_stopped_when_the_block_ends(started):
    ws = Workspace.open(DEMO)
    with read_ahead.reading_early(ws.root, set):
        pass
    [early] = started
    assert early.returncode is not None


def test_an_early_listing_of_too_few_bytes_for_a_reader_stops_its_process(monkeypatch, started):
    monkeypatch.setenv(read_ahead.FROM_BYTES_ENV, str(10**12))
    ws = Workspace.open(DEMO)
    with read_ahead.reading_early(ws.root, set):
        assert read_ahead.early_reader(ws.config, list(inbox_arrivals(ws))) is None
        [early] = started
        assert early.returncode is not None


def test_a_run_takes_the_reader_started_on_its_new_files_while_prefect_started(
    tmp_path, started, prefect_api
):
    root = tmp_path / "ws"
    (root / "inbox" / "most-si").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root)
    for month, hours in (("2025-02", "1:30"), ("2025-03", "2:00")):
        (root / "inbox" / "most-si" / f"svetovanje_{month}.csv").write_text(
            f"Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n4.{month[-1]}.2025;LJ-0001;individualno;"
            f"{hours}\n",
            encoding="utf-8",
        )
    result = CliRunner().invoke(app, ["run", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    assert "2 new files: 2 loaded" in result.output
    # one reader, started before the run: the run took it
    [early] = started
    assert early.returncode == 0
