"""heap_frozen keeps the collector off the heap of a pass, and gives it back after."""

from __future__ import annotations

import gc
import weakref

from newsmon.heap import heap_frozen


def test_the_heap_alive_on_entry_is_frozen_within_and_given_back_on_the_last_exit() -> None:
    assert gc.get_freeze_count() == 0
    with heap_frozen():
        assert gc.get_freeze_count() > 0
        with heap_frozen():  # a pass inside a pass: the outer one still holds the freeze
            pass
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_garbage_made_within_is_still_collected() -> None:
    class Node:
        other: object = None

    with heap_frozen():
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the collector frees it
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None
