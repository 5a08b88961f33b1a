"""Work beside a block: done when the block ends, its failure never lost."""

from __future__ import annotations

import os
import threading

import pytest

from core.background import in_background


def test_work_beside_a_block_is_done_when_the_block_ends():
    release, done = threading.Event(), []

    def work(item):
        release.wait(5)
        done.append(item)

    with in_background(work, "images"):
        assert done == []
        release.set()
    assert done == ["images"]


def test_a_failure_beside_the_block_is_raised_when_the_block_ends():
    def work():
        raise RuntimeError("Chromium stopped")

    with pytest.raises(RuntimeError, match="Chromium stopped"):
        with in_background(work):
            pass


def test_the_blocks_own_failure_comes_first():
    def work():
        raise RuntimeError("Chromium stopped")

    with pytest.raises(ValueError, match="workbook"):
        with in_background(work):
            raise ValueError("workbook")


def test_a_thread_that_gives_way_runs_at_a_lower_priority_and_the_others_do_not():
    from core.background import GIVING_WAY, give_way

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen = []

    def work():
        give_way()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    with in_background(work):
        pass
    assert seen == [GIVING_WAY]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before
