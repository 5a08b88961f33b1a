"""Files read by a second process, a few ahead of the one the run is validating and loading.

Reading partners' own sheets is pure Python (the layout search, the cells to canonical values),
and so is much of validating and loading them: in one process they take turns on one core. A run
with many files has them read by a reader process (`python -m collect.read_ahead`) while it
validates and loads what was read, on the machine's second core. A run with few files reads them
itself: starting the reader (Python, pandas, the spreadsheet libraries) costs more than it saves.

The reader takes the consortium's config and then one arrival at a time on its standard input
and answers each with its submission on its standard output, in order, pickled; the run hands it
no more than `WINDOW_BYTES` of files ahead of the one it takes, so memory stays bounded by the
batch being loaded and the next one being read. The reader is started from the project's own modules, never from the
running script, and dies with the run.
"""

from __future__ import annotations

import gc
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import suppress
from typing import BinaryIO

from collect.reader import Arrival, read_submission
from core.config import Consortium
from core.submission import Submission

# Inbox bytes from which a run reads in a second process: about four seconds of reading, twice
# what starting the reader costs. `CONSORTIUM_READ_AHEAD_BYTES` changes it (tests use 0).
FROM_BYTES = 8_000_000
FROM_BYTES_ENV = "CONSORTIUM_READ_AHEAD_BYTES"
# Files handed to the reader and not yet taken back, at most (at least one file): about one and a
# half batches of rows (collect.intake.BATCH_ROWS) at the 55-60 bytes a row takes in partners'
# spreadsheets, so the reader fills the next batch while the run checks and loads one. Read,
# such a window holds about 150 MB.
WINDOW_BYTES = 16_000_000


class ReaderStopped(RuntimeError):
    """The reader process ended before answering every file it was given."""


def read_ahead_from() -> int:
    return max(0, int(os.environ.get(FROM_BYTES_ENV) or FROM_BYTES))


def second_core() -> bool:
    return len(os.sched_getaffinity(0)) > 1


def submissions(items: list[Arrival | Submission], config: Consortium) -> Iterator[Submission]:
    """Each arrival read into a submission (a submission already made taken as it is), in
    order; by a reader process when the arrivals are large enough for it to pay."""
    arrivals = [item for item in items if isinstance(item, Arrival)]
    size = sum(arrival.size_bytes for arrival in arrivals)
    if len(arrivals) > 1 and size >= read_ahead_from() and second_core():
        with Reader(config, arrivals) as reader:
            for item in items:
                yield item if isinstance(item, Submission) else reader.take(item)
    else:
        for item in items:
            yield item if isinstance(item, Submission) else read_submission(item, config)


class Reader:
    """The reader process, fed `arrivals` in order by one thread of the run while another takes
    its answers, no more than a window ahead of the file the run takes."""

    def __init__(self, config: Consortium, arrivals: list[Arrival]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "collect.read_ahead"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.in_flight, self.stopped = 0, False
        self.room = threading.Condition()
        self.answers: queue.SimpleQueue[Submission | None] = queue.SimpleQueue()
        self.threads = [
            threading.Thread(target=self.feed, args=(config, arrivals), daemon=True),
            threading.Thread(target=self.receive, daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        with self.room:
            self.stopped = True
            self.room.notify_all()
        if exc[0] is not None:
            self.process.kill()
        self.process.wait()
        for thread in self.threads:
            thread.join()

    def feed(self, config: Consortium, arrivals: list[Arrival]) -> None:
        into = self.process.stdin
        assert into is not None
        with suppress(OSError), into:  # a reader that ended is heard of by take()
            send(into, config)
            for arrival in arrivals:
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
                try:
                    self.answers.put(pickle.load(out))
                except (EOFError, OSError, pickle.UnpicklingError):
                    self.answers.put(None)
                    return

    def take(self, arrival: Arrival) -> Submission:
        """The submission of `arrival`, the next file the reader was given."""
        sub = self.answers.get()
        if sub is None:
            raise ReaderStopped(
                f"the reader process stopped (exit code {self.process.wait()}) before it read "
                f"{arrival.name_as_received}"
            )
        with self.room:
            self.in_flight -= arrival.size_bytes
            self.room.notify_all()
        return sub


def send(stream: BinaryIO, thing: object) -> None:
    pickle.dump(thing, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def serve(into: BinaryIO, out: BinaryIO) -> None:
    """The reader process: the config, then each arrival read and answered, until the input
    ends."""
    config: Consortium = pickle.load(into)
    while True:
        try:
            arrival: Arrival = pickle.load(into)
        except EOFError:
            return
        send(out, read_submission(arrival, config))


def answers_channel() -> BinaryIO:
    """The process's standard output kept for the answers alone; whatever else would be printed
    goes to standard error, so no stray print can break the stream."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return out


if __name__ == "__main__":
    # the modules' objects live as long as the reader: no collection walks them again
    gc.freeze()
    serve(sys.stdin.buffer, answers_channel())
