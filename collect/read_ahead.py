"""Files read by a second process, a few ahead of the one the run is validating and loading.

Reading partners' own sheets is pure Python (the layout search, the cells to canonical values),
and so is much of validating and loading them: in one process they take turns on one core. A run
with many files has them read by reader processes (`python -m collect.read_ahead`) while it
validates and loads what was read. A run with few files reads them itself: starting a reader
(Python, pandas, the spreadsheet libraries) costs more than it saves.

A reader takes the consortium's config and then one arrival at a time on its standard input
and answers each with its submission on its standard output, in order, pickled. The run gives
each file to the reader with the fewest files waiting and takes the answers in the files' order,
no more than `WINDOW_BYTES` of files ahead of the one it takes, so memory stays bounded by the
batch being loaded and the next one being read. Once the run takes its first file, helpers join
the first reader, one per core (`readers_wanted`): the readers give way to the run's process, so
they share one core while it checks and loads, and take the second whenever it waits for a
batch. Readers are started from the project's own modules, never from the running script, and
die with the run.

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
# Files a reader process is given beyond the one it reads: enough that it never waits for the
# next, few enough that the files go to whichever reader is free first.
AHEAD_FILES = 2
MAX_READERS = 4
READERS_ENV = "CONSORTIUM_READERS"
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


def readers_wanted() -> int:
    """Reader processes for a run: one per core it may use, at most MAX_READERS
    (`CONSORTIUM_READERS` to change it). The run's own process checks and loads beside them at a
    higher priority, so they read on whatever core it leaves idle while it waits for a batch."""
    given = os.environ.get(READERS_ENV)
    return max(1, int(given) if given else min(len(os.sched_getaffinity(0)), MAX_READERS))


class ReaderProcess:
    """One reader process and the answers it has sent, in the order it was given the files."""

    def __init__(self, process: subprocess.Popen[bytes], *, ready: bool) -> None:
        self.process = process
        self.given = self.answered = 0
        self.ready, self.ended = ready, False
        self.answers: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def reading(self) -> int:
        """Files given and not answered yet."""
        return self.given - self.answered


class Reader:
    """Reader processes fed `arrivals` in order by one thread of the run, each file to the one
    with the fewest files waiting (a helper joins the first once the run takes its first
    file), no more than a window ahead of the file the run takes; the run takes each answer
    from the process it gave the file to. A `process` given has its config already (it listed
    the arrivals)."""

    def __init__(
        self,
        config: Consortium,
        arrivals: list[Arrival],
        process: subprocess.Popen[bytes] | None = None,
    ) -> None:
        self.config, self.arrivals = config, arrivals
        self.in_flight, self.stopped, self.fed = 0, False, False
        self.room = threading.Condition()
        # the reader process each file was given to, in the order of the files
        self.order: queue.SimpleQueue[ReaderProcess] = queue.SimpleQueue()
        self.readers: list[ReaderProcess] = []
        self.threads: list[threading.Thread] = []
        self.helper: threading.Thread | None = None
        self.add_reader(process or reader_process(), configured=process is not None)
        self.spawn(self.feed)

    @property
    def process(self) -> subprocess.Popen[bytes]:
        """The first reader process."""
        return self.readers[0].process

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop(killed=exc[0] is not None)

    def spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self.threads.append(thread)
        thread.start()

    def add_reader(self, process: subprocess.Popen[bytes], *, configured: bool) -> None:
        """A reader process among those given files, once it has the config."""
        reader = ReaderProcess(process, ready=configured)
        with self.room:
            self.readers.append(reader)
        if not configured:
            self.spawn(self.configure, reader)
        self.spawn(self.receive, reader)

    def configure(self, reader: ReaderProcess) -> None:
        """The config sent to a reader process started by the run; then it is given files, or
        its input is closed if every file was given meanwhile."""
        stream = reader.process.stdin
        assert stream is not None
        with suppress(OSError):  # a reader that ended is heard of by receive()
            send(stream, self.config)
        with self.room:
            reader.ready = True
            self.room.notify_all()
            if self.fed:
                close(stream)

    def help(self) -> None:
        """Reader processes beside the first, up to `readers_wanted`; none more once one
        cannot be started (the first reads on)."""
        for _ in range(readers_wanted() - 1):
            try:
                process = reader_process()
            except OSError:
                return
            with self.room:
                stopped = self.stopped or self.fed
            if stopped:
                process.kill()
                process.wait()
                return
            self.add_reader(process, configured=False)

    def stop(self, *, killed: bool = True) -> None:
        """No more files given; the processes killed, or else let finish the files they read."""
        with self.room:
            self.stopped = True
            self.room.notify_all()
        if self.helper is not None:
            self.helper.join()
        for reader in list(self.readers):
            if killed:
                reader.process.kill()
            reader.process.wait()
        for thread in list(self.threads):
            thread.join()

    def feed(self) -> None:
        try:
            for arrival in self.arrivals:
                with self.room:
                    self.room.wait_for(lambda a=arrival: self.has_room(a.size_bytes))
                    if self.stopped:
                        return
                    reader = self.next_reader()
                    self.in_flight += arrival.size_bytes
                    reader.given += 1
                self.order.put(reader)
                assert reader.process.stdin is not None
                with suppress(OSError):  # a reader that ended is heard of by take()
                    send(reader.process.stdin, arrival)
        finally:
            # every file given: each reader ends once it has answered its own
            with self.room:
                self.fed = True
                for reader in self.readers:
                    if reader.ready and reader.process.stdin is not None:
                        close(reader.process.stdin)

    def has_room(self, size: int) -> bool:
        if self.stopped:
            return True
        window = self.in_flight == 0 or self.in_flight + size <= WINDOW_BYTES
        return window and (self.free_reader() is not None or self.all_ended())

    def free_reader(self) -> ReaderProcess | None:
        """The ready reader with the fewest files waiting, none when every one has enough."""
        free = [r for r in self.readers if r.ready and not r.ended and r.reading() <= AHEAD_FILES]
        return min(free, key=ReaderProcess.reading, default=None)

    def all_ended(self) -> bool:
        return all(reader.ended for reader in self.readers)

    def next_reader(self) -> ReaderProcess:
        """The reader the next file goes to; when every one has ended, the first, whose
        answers end before it (take() names the file)."""
        return self.free_reader() or self.readers[0]

    def receive(self, reader: ReaderProcess) -> None:
        out = reader.process.stdout
        assert out is not None
        with out:
            while True:
                answer = received(out)
                reader.answers.put(answer)
                with self.room:
                    if answer is None:
                        reader.ended = True
                    else:
                        reader.answered += 1
                    self.room.notify_all()
                if answer is None:
                    return

    def take(self, arrival: Arrival) -> Submission:
        """The submission of `arrival`, the next file the readers were given."""
        if self.helper is None and readers_wanted() > 1:
            self.helper = threading.Thread(target=self.help, daemon=True)
            self.helper.start()
        reader = self.order.get()
        answer = reader.answers.get()
        if answer is None:
            reader.answers.put(None)
            raise ReaderStopped(
                f"the reader process stopped (exit code {reader.process.wait()}) before it read "
                f"{arrival.name_as_received}"
            )
        with self.room:
            self.in_flight -= arrival.size_bytes
            self.room.notify_all()
        return pickle.loads(answer)


def close(stream: BinaryIO) -> None:
    with suppress(OSError):  # a reader that ended is heard of by take()
        stream.close()


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
