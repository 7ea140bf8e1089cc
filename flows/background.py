"""One step at a time on a thread of its own, while the pass goes on."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """Runs one step at a time on a thread of its own while the pass goes on.

    One at a time, so chunks are fetched and stored in the order they came; the step
    runs in a copy of the caller's context, so inside a flow run it belongs to the task
    run that started it. Leaving the block waits for the step under way: what was
    analysed is stored.
    """

    def __enter__(self) -> Background[T]:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="newsmon-pass")
        self._pending: Future[T] | None = None
        return self

    def __exit__(self, *exc: object) -> None:
        self._thread.shutdown(wait=True)

    def start(self, step: Callable[..., T], *args: object) -> None:
        if self._pending is not None:
            raise RuntimeError("collect the step under way before starting another")
        self._pending = self._thread.submit(contextvars.copy_context().run, step, *args)

    def collect(self) -> T | None:
        """What the step under way returned (None if there is none); raises what it raised."""
        pending, self._pending = self._pending, None
        return pending.result() if pending is not None else None
