"""A run keeps what each batch leaves out of later garbage collections, and never keeps garbage
that way: a cycle no one holds any more is collected before the rest is frozen."""

import gc
import weakref

from flows.runtime import keep_out_of_collections


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
