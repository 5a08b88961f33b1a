"""Files read by a second process, a few ahead of the one the run is validating and loading.

Reading partners' own sheets is pure Python (the layout search, the cells to canonical values),
and so is much of validating and loading them: in one process they take turns on one core. A run
with many files has them read by a reader process (`python -m collect.read_ahead`) while it
validates and loads what was read, on the machine's second core. A run with few files reads them
itself: starting the reader (Python, pandas, the spreadsheet libraries) costs more than it saves.

The reader takes the consortium's config and then one arrival at a time on its standard input
and answers each with its submission on its standard output, in order, pickled; the run hands it
no more than `WINDOW_BYTES` of files ahead of the one it takes, so memory stays bounded by the
batch being loaded and the next one being read. The reader is started from the project's own
modules, never from the running script, and dies with the run.

A run also starts its Prefect server, for seconds, mostly on one core: `reading_early` starts the
reader before that, on the inbox's files the warehouse has not read, and the run takes it if they
are exactly the files it reads. Nothing here imports pandas (a run with nothing new never does):
the answers are unpickled when the run takes them.
"""

from __future__ import annotations

import gc
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from collect.arrival import Arrival
from core.background import give_way

if TYPE_CHECKING:
    from core.config import Consortium
    from core.submission import Submission

# Inbox bytes from which a run reads in a second process: about four seconds of reading, twice
# what starting the reader costs. `CONSORTIUM_READ_AHEAD_BYTES` changes it (tests use 0).
FROM_BYTES = 8_000_000
FROM_BYTES_ENV = "CONSORTIUM_READ_AHEAD_BYTES"
# Files handed to the reader and not yet taken back, at most (at least one file): about four
# batches of rows (collect.intake.BATCH_ROWS) at the 55-60 bytes a row takes in partners'
# spreadsheets, what the reader reads while Prefect's server starts and the run imports its
# stages (with 28 MB it stood idle for the last seconds of that). The run holds what was read
# pickled, about 1.3 times the files' bytes, until it takes each file for its batch.
WINDOW_BYTES = 64_000_000
SIZE_BYTES = 8


class ReaderStopped(RuntimeError):
    """The reader process ended before answering every file it was given."""


@dataclass(frozen=True)
class InboxListing:
    """A reader's first request instead of a config: list the files of the workspace at `root`
    not in `known` (inbox path, hash), answer them with its config, then read them."""

    root: Path
    known: set[tuple[str, str]]


def read_ahead_from() -> int:
    return max(0, int(os.environ.get(FROM_BYTES_ENV) or FROM_BYTES))


def second_core() -> bool:
    return len(os.sched_getaffinity(0)) > 1


def pays(arrivals: list[Arrival]) -> bool:
    """Whether the arrivals are many and large enough for a reader process to pay."""
    size = sum(arrival.size_bytes for arrival in arrivals)
    return len(arrivals) > 1 and size >= read_ahead_from() and second_core()


def submissions(items: list[Arrival | Submission], config: Consortium) -> Iterator[Submission]:
    """Each arrival read into a submission (a submission already made taken as it is), in
    order; by a reader process when the arrivals are large enough for it to pay (the one
    reading them since before the run, if there is one)."""
    arrivals = [item for item in items if isinstance(item, Arrival)]
    reader = early_reader(config, arrivals)
    if reader is None and pays(arrivals):
        reader = Reader(config, arrivals)
    if reader is not None:
        with reader:
            for item in items:
                yield reader.take(item) if isinstance(item, Arrival) else item
    else:
        from collect.reader import read_submission

        for item in items:
            yield read_submission(item, config) if isinstance(item, Arrival) else item


@contextmanager
def reading_early(root: Path, known: Callable[[], set[tuple[str, str]]]) -> Iterator[None]:
    """The inbox files of the workspace at `root` that are not in `known()` (inbox path, hash)
    read by a reader process from now on, when they are enough for one to pay; a run inside
    the block whose files they are, in the same order, takes the reader and what it has read.
    Any failure only means no early reader; one that no run took is stopped at the block's end."""
    global _early
    early = _early = EarlyReader(root, known)
    try:
        yield
    finally:
        _early = None
        early.stop()


def early_reader(config: Consortium, arrivals: list[Arrival]) -> Reader | None:
    """The reader started early, if it reads exactly these files for this config; once asked,
    it is no longer early (one reading other files is stopped)."""
    early = _early
    return early.taken(config, arrivals) if early is not None else None


class EarlyReader:
    """A reader process started on the inbox's new files, listed by a thread of the run and the
    process; the reader is handed to the first who asks once they are done."""

    def __init__(self, root: Path, known: Callable[[], set[tuple[str, str]]]) -> None:
        self.reader: Reader | None = None
        self.given = threading.Lock()
        self.thread = threading.Thread(target=self.start, args=(root, known), daemon=True)
        self.thread.start()

    def start(self, root: Path, known: Callable[[], set[tuple[str, str]]]) -> None:
        if not second_core():
            return
        process = reader_process()
        with suppress(Exception):
            try:
                assert process.stdin is not None and process.stdout is not None
                send(process.stdin, InboxListing(root, known()))
                config, arrivals = pickle.loads(received(process.stdout) or b"")
                if pays(arrivals):
                    self.reader = Reader(config, arrivals, process=process)
            finally:
                if self.reader is None:
                    process.kill()
                    process.wait()

    def taken(self, config: Consortium, arrivals: list[Arrival]) -> Reader | None:
        reader = self.handed_over()
        if reader is not None and (reader.config, reader.arrivals) != (config, arrivals):
            reader.stop()
            return None
        return reader

    def stop(self) -> None:
        reader = self.handed_over()
        if reader is not None:
            reader.stop()

    def handed_over(self) -> Reader | None:
        self.thread.join()
        with self.given:
            reader, self.reader = self.reader, None
        return reader


_early: EarlyReader | None = None


def reader_process() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "collect.read_ahead"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )


class Reader:
    """The reader process, fed `arrivals` in order by one thread of the run while another takes
    its answers, no more than a window ahead of the file the run takes. A `process` given has
    its config already (it listed the arrivals)."""

    def __init__(
        self,
        config: Consortium,
        arrivals: list[Arrival],
        process: subprocess.Popen[bytes] | None = None,
    ) -> None:
        self.process = process or reader_process()
        self.config, self.arrivals = config, arrivals
        self.in_flight, self.stopped = 0, False
        self.room = threading.Condition()
        self.answers: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.threads = [
            threading.Thread(target=self.feed, args=(process is None,), daemon=True),
            threading.Thread(target=self.receive, daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop(killed=exc[0] is not None)

    def stop(self, *, killed: bool = True) -> None:
        """No more files given; the process killed, or else let finish the file it reads."""
        with self.room:
            self.stopped = True
            self.room.notify_all()
        if killed:
            self.process.kill()
        self.process.wait()
        for thread in self.threads:
            thread.join()

    def feed(self, with_config: bool) -> None:
        into = self.process.stdin
        assert into is not None
        with suppress(OSError), into:  # a reader that ended is heard of by take()
            if with_config:
                send(into, self.config)
            for arrival in self.arrivals:
                with self.room:
                    self.room.wait_for(lambda a=arrival: self.has_room(a.size_bytes))
                    if self.stopped:
                        return
                    self.in_flight += arrival.size_bytes
                send(into, arrival)

    def has_room(self, size: int) -> bool:
        return self.stopped or self.in_flight == 0 or self.in_flight + size <= WINDOW_BYTES

    def receive(self) -> None:
        out = self.process.stdout
        assert out is not None
        with out:
            while True:
                answer = received(out)
                self.answers.put(answer)
                if answer is None:
                    return

    def take(self, arrival: Arrival) -> Submission:
        """The submission of `arrival`, the next file the reader was given."""
        answer = self.answers.get()
        if answer is None:
            raise ReaderStopped(
                f"the reader process stopped (exit code {self.process.wait()}) before it read "
                f"{arrival.name_as_received}"
            )
        with self.room:
            self.in_flight -= arrival.size_bytes
            self.room.notify_all()
        return pickle.loads(answer)


def send(stream: BinaryIO, thing: object) -> None:
    """`thing` pickled, after its length."""
    data = pickle.dumps(thing, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(SIZE_BYTES, "little"))
    stream.write(data)
    stream.flush()


def received(stream: BinaryIO) -> bytes | None:
    """The next thing sent, still pickled; None when the stream ends (or breaks) first."""
    with suppress(OSError):
        head = stream.read(SIZE_BYTES)
        size = int.from_bytes(head, "little")
        data = stream.read(size) if len(head) == SIZE_BYTES else b""
        if len(head) == SIZE_BYTES and len(data) == size:
            return data
    return None


def serve(into: BinaryIO, out: BinaryIO) -> None:
    """The reader process: the config (or a listing, answered), then each arrival read and
    answered, until the input ends."""
    first = received(into)
    if first is None:
        return
    config = pickle.loads(first)
    if isinstance(config, InboxListing):
        config = listed(config, out)
    arrival = received(into)
    if arrival is None:
        return
    # pandas and the spreadsheet libraries only once there is something to read
    from collect.reader import read_submission

    # the modules' objects live as long as the reader: no collection walks them again
    gc.freeze()
    while arrival is not None:
        send(out, read_submission(pickle.loads(arrival), config))
        arrival = received(into)


def listed(listing: InboxListing, out: BinaryIO) -> Consortium:
    """The listing answered: the workspace's config and its inbox files not known."""
    from collect.inbox import unread_arrivals
    from core.config import Workspace

    ws = Workspace.open(listing.root)
    send(out, (ws.config, unread_arrivals(ws, listing.known)))
    return ws.config


def answers_channel() -> BinaryIO:
    """The process's standard output kept for the answers alone; whatever else would be printed
    goes to standard error, so no stray print can break the stream."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return out


if __name__ == "__main__":
    # the reader gives way to Prefect's server starting and to the run's own stages
    give_way()
    # this module again under its own name, so what the run pickles is what it unpickles here
    from collect import read_ahead

    read_ahead.serve(sys.stdin.buffer, read_ahead.answers_channel())
