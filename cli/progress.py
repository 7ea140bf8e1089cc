"""Progress of a pass on a terminal: a spinner naming the step under way, a line per step done.

The pass's sequence (``flows.passes``) takes its steps as a module; this hands it
``flows.steps`` with each step wrapped to report what it is doing and what it did.
Progress goes to stderr and only when stderr is a terminal: a pass run by cron, a
pipe or ``--json`` prints its summary and nothing else.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sized
from contextlib import contextmanager
from functools import wraps
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich takes a fifth of a second to load: only on a terminal
    from rich.console import Console
    from rich.status import Status

# step name -> (what it is doing, given its arguments; what it did, given its result)
Describe = Callable[..., str]
STEPS: dict[str, tuple[Describe, Callable[[Any], str]]] = {
    "load_seeds": (
        lambda *a, **k: "checking the seed corpus",
        lambda n: f"seed corpus: {n} articles loaded" if n else "",
    ),
    "fetch_feeds": (
        lambda urls, *a, **k: f"fetching {len(urls)} feeds",
        lambda outcomes: (
            f"feeds: {len(outcomes)} fetched, "
            f"{sum(o.result.not_modified for o in outcomes)} unchanged, "
            f"{sum(bool(o.error) for o in outcomes)} failing, "
            f"{sum(len(o.entries) for o in outcomes)} entries"
        ),
    ),
    "select_new_entries": (
        lambda entries, *a, **k: f"checking {len(entries)} entries against the store",
        lambda new: f"new entries: {len(new)}",
    ),
    "fetch_pages": (
        lambda entries, *a, **k: f"fetching {len(entries)} pages",
        lambda pages: (
            (
                f"pages: {sum(bool(p and p.ok) for p in pages)} fetched, "
                f"{sum(not (p and p.ok) for p in pages)} failed"
            )
            if _count(pages)
            else ""
        ),
    ),
    "analyse_fetched": (
        lambda entries, *a, **k: f"extracting, classifying, finding statements in {len(entries)}",
        lambda analysed: f"analysed: {len(analysed)} articles" if _count(analysed) else "",
    ),
    "store_articles": (
        lambda analysed, *a, **k: f"storing {len(analysed)} items",
        lambda stored: (
            (
                f"stored: {sum(o.item_id is not None and not o.skipped for o in stored)} items, "
                f"{sum(o.new_statements for o in stored)} new statements"
            )
            if _count(stored)
            else ""
        ),
    ),
    "send_alerts": (
        lambda *a, **k: "sending alerts",
        lambda counts: f"alerts: {counts[0]} sent, {counts[1]} pending" if any(counts) else "",
    ),
    "retry_failed_pages": (
        lambda *a, **k: "fetching again pages that failed on earlier passes",
        lambda recovered: f"recovered: {len(recovered)} pages" if _count(recovered) else "",
    ),
    "report_failing_feeds": (lambda *a, **k: "checking feed health", lambda n: ""),
}


def _count(values: Sized) -> int:
    return len(values)


def wants_progress() -> bool:
    return sys.stderr.isatty()


@contextmanager
def pass_progress(enabled: bool, console: Console | None = None) -> Iterator[ModuleType]:
    """The steps to run a pass on: plain ones, or ones that report progress."""
    from flows import steps as plain

    if not enabled:
        yield plain
        return
    from rich.console import Console

    console = console or Console(stderr=True)
    with console.status("starting", spinner="dots") as status:
        yield _reporting(plain, status, console)


def _reporting(plain: ModuleType, status: Status, console: Console) -> ModuleType:
    steps = ModuleType(f"{plain.__name__}.reporting", plain.__doc__)
    steps.__dict__.update({k: v for k, v in vars(plain).items() if not k.startswith("__")})
    for name, (doing, did) in STEPS.items():
        setattr(steps, name, _report(getattr(plain, name), doing, did, status, console))
    return steps


def _report(
    step: Callable[..., Any],
    doing: Describe,
    did: Callable[[Any], str],
    status: Status,
    console: Console,
) -> Callable[..., Any]:
    @wraps(step)
    def run(*args: Any, **kwargs: Any) -> Any:
        status.update(doing(*args, **kwargs) + " …")
        start = time.perf_counter()
        result = step(*args, **kwargs)
        line = did(result)
        if line:
            console.print(f"  {line}  [dim]{time.perf_counter() - start:.1f} s[/dim]")
        return result

    return run
