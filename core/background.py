"""Work that runs beside a block of code: a second core busy while the first one is."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

# The priority of work that has time: it runs on what the run's own stages leave of the cores.
GIVING_WAY = 10


def give_way() -> None:
    """The calling thread, and the processes it starts, run at GIVING_WAY's priority from now
    on (Linux keeps a priority per thread; elsewhere, or refused, nothing changes)."""
    with suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), GIVING_WAY)


@contextmanager
def in_background(work: Callable[..., Any], *args: Any, **kwargs: Any) -> Iterator[None]:
    """`work(*args, **kwargs)` in a thread of its own while the block runs, waited for at the
    block's end; its failure is raised there (after the block's own, if the block failed)."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - raised again in the calling thread
            failures.append(exc)

    worker = threading.Thread(target=run, name=getattr(work, "__name__", "work"), daemon=True)
    worker.start()
    try:
        yield
    finally:
        worker.join()
    if failures:
        raise failures[0]
