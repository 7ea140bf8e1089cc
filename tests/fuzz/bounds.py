"""What every fuzz property checks, and how hard it looks.

Each property runs at two depths: ``QUICK`` in the normal test command, and
``DEEP`` (many more examples, marked ``slow``) when NEWSMON_FUZZ_DEEP is set:

    NEWSMON_FUZZ_DEEP=1 .venv/bin/pytest -q -m slow tests/fuzz
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

_DEEP_REQUESTED = bool(os.environ.get("NEWSMON_FUZZ_DEEP"))
_COMMON: dict[str, Any] = {
    "deadline": None,  # time is asserted per character below, not per example
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,  # no example files left behind in the checkout
}


def depths(quick: int, deep: int) -> list[Any]:
    """Parameters for a property test: QUICK examples always, DEEP ones on request."""
    return [
        pytest.param(settings(max_examples=quick, **_COMMON), id=f"quick{quick}"),
        pytest.param(
            settings(max_examples=deep, **_COMMON),
            id=f"deep{deep}",
            marks=[
                pytest.mark.slow,
                pytest.mark.skipif(not _DEEP_REQUESTED, reason="set NEWSMON_FUZZ_DEEP=1"),
            ],
        ),
    ]


def timing_depths(quick: int, deep: int) -> list[Any]:
    """As ``depths``, without shrinking: a slow example stays slow while shrunk."""
    phases = [Phase.explicit, Phase.generate]
    return [
        pytest.param(settings(max_examples=quick, phases=phases, **_COMMON), id=f"quick{quick}"),
        pytest.param(
            settings(max_examples=deep, phases=phases, **_COMMON),
            id=f"deep{deep}",
            marks=[
                pytest.mark.slow,
                pytest.mark.skipif(not _DEEP_REQUESTED, reason="set NEWSMON_FUZZ_DEEP=1"),
            ],
        ),
    ]


# CPU seconds a call may take: a fixed allowance plus a cost per input character.
# The per-character figures are about ten times what the steps measure on long
# hostile text (bench/analysis_scaling.py), so only super-linear growth fails them.
FIXED_SECONDS = 0.25


@contextmanager
def cpu_bound(characters: int, per_character: float, what: str) -> Iterator[None]:
    """Fail when the block's CPU time exceeds FIXED_SECONDS + characters * per_character.

    CPU time of this thread, not wall time, so a loaded machine does not fail it.
    """
    started = time.thread_time()
    yield
    spent = time.thread_time() - started
    allowed = FIXED_SECONDS + characters * per_character
    assert spent <= allowed, (
        f"{what}: {spent:.2f} s of CPU for {characters:,} characters (allowed {allowed:.2f} s)"
    )


# C0 and C1 control characters other than tab and newline; no stored text may hold one.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def assert_clean(value: str, what: str) -> None:
    """No NUL, control characters or lone surrogates: the store and alerts accept it."""
    found = _CONTROL.search(value)
    assert found is None, f"{what} holds control character {found.group()!r}"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise AssertionError(f"{what} is not valid Unicode: {exc}") from None


def run(configured: settings, test: Callable[..., None]) -> None:
    """Run a @given test under the settings of one depth."""
    configured(test)()
