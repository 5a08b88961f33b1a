"""A run keeps what each batch leaves out of later garbage collections, and never keeps garbage
that way: a cycle no one holds any more is collected before the rest is frozen."""

import gc
import weakref

import pytest

from flows.runtime import collected_between_batches, keep_out_of_collections


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_what_a_batch_leaves_is_frozen_and_its_cyclic_garbage_collected():
    left, kept = Node(), Node()
    left.other = Node()
    left.other.other = left
    gone = weakref.ref(left)
    del left
    frozen = gc.get_freeze_count()
    keep_out_of_collections()
    assert gone() is None
    assert gc.get_freeze_count() > frozen
    # frozen objects are in no generation a collection walks
    assert not any(o is kept for o in gc.get_objects())


def test_no_collection_starts_while_batches_are_read_checked_and_loaded():
    with collected_between_batches():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_cycles_a_batch_leaves_are_collected_at_its_end_all_the_same():
    with collected_between_batches():
        left = Node()
        left.other = left
        gone = weakref.ref(left)
        del left
        assert gone() is not None
        keep_out_of_collections()
        assert gone() is None


def test_collections_resume_when_the_batches_fail():
    with pytest.raises(ValueError), collected_between_batches():
        raise ValueError("a batch that could not be loaded")
    assert gc.isenabled()
