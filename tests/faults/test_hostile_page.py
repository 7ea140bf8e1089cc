"""Issue #22: one hostile page in a one-item feed cannot stall a pass of the real CLI.

The page is the issue's 80,000 words of speech verbs, names and stray quote
marks with no sentence end. The pass over it may take at most 10 s more than
the same pass over an ordinary article, and it stores the item.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.analysis_scaling import as_page, hostile_text
from tests.conftest import LoopbackSite, write_config
from tests.faults.test_campaign import ARTICLE, _cli, _rss

HOSTILE_WORDS = 80_000
# Allowed extra seconds for the hostile pass over the ordinary one (the bound).
EXTRA_SECONDS = 10.0


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


def test_a_hostile_page_costs_at_most_ten_seconds_more_than_an_article_and_is_stored(
    site: LoopbackSite, tmp_path: Path
) -> None:
    ordinary = ARTICLE.format(title="Talks resume", day="Monday", quote="We back a ceasefire")
    (tmp_path / "ordinary").mkdir()
    (tmp_path / "hostile").mkdir()
    ordinary_seconds, ordinary_item = _pass(site, tmp_path / "ordinary", "ordinary", ordinary)
    hostile_page = as_page(hostile_text(HOSTILE_WORDS), title="Statements")
    hostile_seconds, hostile_item = _pass(site, tmp_path / "hostile", "hostile", hostile_page)

    print(f"ordinary pass {ordinary_seconds:.1f} s, hostile pass {hostile_seconds:.1f} s")
    assert ordinary_item is not None and hostile_item is not None, "the item was not stored"
    assert hostile_seconds <= ordinary_seconds + EXTRA_SECONDS, (
        f"hostile pass {hostile_seconds:.1f} s, ordinary pass {ordinary_seconds:.1f} s"
    )
    # The item says why it was cut short: a truncation note or the budget.
    note = hostile_item["analysis_note"] or ""
    assert note.startswith(("statements looked for in the first", "analysis budget exceeded"))
    assert ordinary_item["analysis_note"] is None
