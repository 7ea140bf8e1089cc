"""Issue #22: one hostile page in a one-item feed cannot stall a pass of the real CLI.

The page is the issue's 80,000 words of speech verbs, names and stray quote
marks with no sentence end. The pass over it may take at most 10 s more than
the same pass over an ordinary article, and it stores the item.

Where the pass's time goes on that page: analysis in the worker (cut off by the
page budget on a loaded machine), then, when analysis finishes within it,
storing the ~590 statements it finds and sending their ~410 alerts. Storing them
was quadratic (tests/faults/test_hostile_statements.py keeps it linear); the
alerts read their rows one by one, twice (2 s of CPU; storage/outbox.py now
reads them in one query each).

On a loaded machine the ordinary and the hostile pass are measured alike: the
ordinary pass runs before and after the hostile one, and the share of a core a
process gets is probed around it; the work that slows down with that share is
allowed to, the page budget (wall-clock time) is not.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.analysis_scaling import as_page, hostile_text
from newsmon.config import load_config
from tests.conftest import REPO, LoopbackSite, serving, write_config
from tests.faults.test_campaign import ARTICLE, _cli, _rss

pytestmark = pytest.mark.slow  # runs the real CLI or a worker pool: seconds per test

HOSTILE_WORDS = 80_000
# Allowed extra seconds for the hostile pass over the ordinary one: the bound, on a
# machine where a process has a core to itself. Of it, the page's analysis budget is wall
# time and stays; the rest (storing and alerting what the page yields) is CPU work, and
# grows as the share of a core that a process gets at the time shrinks.
EXTRA_SECONDS = 10.0
PAGE_BUDGET_SECONDS = load_config(REPO / "sources.yaml").analysis.page_budget_seconds


def _pass(site: LoopbackSite, tmp_path: Path, name: str, page: str) -> tuple[float, Any]:
    """One `newsmon run` over a one-item feed whose page is PAGE: seconds taken, items."""
    page_url = site.add(f"/{name}.html", page)
    feed = site.add(f"/{name}.xml", _rss(page_url), content_type="application/rss+xml")
    config = write_config(tmp_path, fetch={"politeness_delay_seconds": 0})
    db = f"sqlite:///{tmp_path / f'{name}.db'}"
    args = ("--config", str(config), "--db", db)
    result, seconds, _peak = _cli(
        "run", *args, "--feed", feed, "--allow-host", "127.0.0.1", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    exported, _, _ = _cli("export", "items", *args, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr[-3000:]
    items = [json.loads(line) for line in exported.stdout.splitlines()]
    return seconds, next((item for item in items if item["url"] == page_url), None)


def _slowdown() -> float:
    """How many times slower than on a core of its own a process runs at the moment: wall
    time over CPU time of a fixed piece of pure-Python work (about 0.2 s of CPU)."""
    started, cpu = time.monotonic(), time.thread_time()
    sum(n % 7 for n in range(2_000_000))
    return max(1.0, (time.monotonic() - started) / max(time.thread_time() - cpu, 1e-3))


@dataclass
class Passes:
    ordinary_seconds: float  # the mean of the passes before and after the hostile one
    ordinary_item: Any
    hostile_seconds: float
    hostile_item: Any
    slowdown: float  # _slowdown() around the hostile pass


@pytest.fixture(scope="module")
def passes(tmp_path_factory: pytest.TempPathFactory) -> Passes:
    """The same one-item pass over an ordinary article, the hostile page, and the article
    again: a load that comes or goes meanwhile weighs on both alike."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    ordinary = ARTICLE.format(title="Talks resume", day="Monday", quote="We back a ceasefire")
    hostile_page = as_page(hostile_text(HOSTILE_WORDS), title="Statements")
    runs: dict[str, tuple[float, Any]] = {}
    slowdowns = []
    with serving() as site:
        for name, page in (("before", ordinary), ("hostile", hostile_page), ("after", ordinary)):
            (tmp_path / name).mkdir()
            slowdowns.append(_slowdown())
            runs[name] = _pass(site, tmp_path / name, name, page)
        slowdowns.append(_slowdown())
    ordinary_seconds = (runs["before"][0] + runs["after"][0]) / 2
    slowdown = sum(slowdowns) / len(slowdowns)
    print(
        f"ordinary passes {runs['before'][0]:.1f} and {runs['after'][0]:.1f} s, hostile pass "
        f"{runs['hostile'][0]:.1f} s; slowdown {' '.join(f'{s:.2f}' for s in slowdowns)}"
    )
    return Passes(ordinary_seconds, runs["after"][1], *runs["hostile"], slowdown)


def test_a_hostile_page_is_stored_and_says_why_it_was_cut_short(passes: Passes) -> None:
    assert passes.ordinary_item is not None and passes.hostile_item is not None
    note = passes.hostile_item["analysis_note"] or ""
    assert note.startswith(("statements looked for in the first", "analysis budget exceeded"))
    assert passes.ordinary_item["analysis_note"] is None


def test_a_hostile_page_costs_at_most_ten_seconds_more_than_an_article(passes: Passes) -> None:
    work = (EXTRA_SECONDS - PAGE_BUDGET_SECONDS) * passes.slowdown
    allowed = passes.ordinary_seconds + PAGE_BUDGET_SECONDS + work
    assert passes.hostile_seconds <= allowed, (
        f"hostile pass {passes.hostile_seconds:.1f} s, ordinary pass "
        f"{passes.ordinary_seconds:.1f} s: allowed {allowed:.1f} s "
        f"(a process runs {passes.slowdown:.1f}x slower than on a core of its own)"
    )
