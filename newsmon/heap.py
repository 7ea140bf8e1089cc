"""Keeping the garbage collector off the long-lived heap.

A pass's process holds a large heap that lives as long as it does: libraries, the
language and statement models, compiled patterns. Every full collection walks all of it
again, and a pass allocates enough (parsed pages, rows) to trigger one every few pages:
measured at about 1.8 ms of CPU a page in the analysis workers. ``gc.freeze`` moves the
objects alive now to a generation the collector never scans; what is allocated afterwards
is collected as before, so freezing loses nothing but the chance to collect a cycle among
objects that were alive at the freeze (which, in a long-lived heap, stay alive anyway).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # passes inside heap_frozen now (threads, or one pass inside another)


def freeze_heap(collect_first: bool = False) -> None:
    """Exempt every object alive now from collection, for the rest of the process.

    For a process whose heap from now on is its working set: a forkserver after its
    preload (its children inherit the frozen heap, and a collection in a child no longer
    writes to the pages it shares with the server), a worker after its warm-up.
    ``collect_first`` frees what is garbage already instead of keeping it for ever: worth
    its cost once in a forkserver, not in every worker.
    """
    if collect_first:
        gc.collect()
    gc.freeze()


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Within: the heap alive on entry is not scanned by the collector. On the last exit,
    it is returned to the collector's care, so a long-lived process (the web app, a
    Prefect worker) still frees what a finished pass left unreachable."""
    global _depth
    with _lock:
        _depth += 1
        if _depth == 1:
            gc.freeze()
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.unfreeze()
