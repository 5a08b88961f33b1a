"""Work that runs beside a block of code: a second core busy while the first one is."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


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
