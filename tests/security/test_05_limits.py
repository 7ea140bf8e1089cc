"""Finding 5: no bound on one feed's pass.

A feed of 10,000 items, 48 pages that never answer and 60 pages of 9 MB, in one
pass of the real CLI: it ends within its time budget, below 1 GiB for its whole
process tree, takes at most 50 entries of the big feed and leaves the rest for later
passes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import LoopbackSite, RequestRecord, Response
from tests.security.helpers import article, config, export, loopback_server, rss, run_measured
from tests.test_readme_commands import NEWSMON

pytestmark = pytest.mark.slow

GIB = 1024**3
BUDGET = 40


@pytest.fixture
def slow_host() -> Iterator[LoopbackSite]:
    with loopback_server("127.0.0.2") as site:
        yield site


def test_a_pass_over_hostile_feed_sizes_ends_within_its_budget_and_memory(
    site: LoopbackSite, slow_host: LoopbackSite, tmp_path: Path
) -> None:
    release = threading.Event()

    def never(record: RequestRecord) -> Response:
        release.wait(300)
        return 200, {"Content-Type": "text/html"}, b"<html></html>"

    page = article("Talks", "China supports a ceasefire and dialogue in the talks").encode()
    many = [(f"Item {n}", site.url(f"/m/{n}.html")) for n in range(10_000)]
    for _, url in many:
        site.add(url.removeprefix(site.base_url), page)
    slow = [(f"Slow {n}", slow_host.add_handler(f"/s/{n}.html", never)) for n in range(48)]
    nine_mb = b"<html><body><p>" + b"word " * (9 * 1024 * 1024 // 5) + b"</p></body></html>"
    big = [(f"Big {n}", site.add(f"/b/{n}.html", nine_mb)) for n in range(60)]
    feeds = [
        site.add("/many.xml", rss(*many), content_type="application/rss+xml"),
        site.add("/slow.xml", rss(*slow), content_type="application/rss+xml"),
        site.add("/big.xml", rss(*big), content_type="application/rss+xml"),
    ]
    cfg = config(
        tmp_path,
        fetch={
            "pass_budget_seconds": BUDGET,
            "total_timeout_seconds": 30,
            "read_timeout_seconds": 30,
        },
    )
    db = f"sqlite:///{tmp_path / 'limits.db'}"
    args = ["run", "--config", str(cfg), "--db", db]
    args += ["--allow-host", "127.0.0.1", "--allow-host", "127.0.0.2"]
    for feed in feeds:
        args += ["--feed", feed]
    try:
        result, seconds, peak = run_measured(str(NEWSMON), *args, cwd=tmp_path)
    finally:
        release.set()
    assert result.returncode == 0, result.stderr[-3000:]
    # the budget, plus start-up, analysis and storing on a loaded machine
    assert seconds < BUDGET + 120, f"the pass took {seconds:.0f} s"
    assert peak < GIB, f"peak memory of the process tree {peak / 2**20:.0f} MiB"
    pages = {r.path for r in site.requests if r.path.startswith("/m/")}
    assert 0 < len(pages) <= 50, len(pages)  # its share, less if the budget ran out first
    assert "new entries left for the next pass" in result.stdout, result.stdout
    stored = [i for i in export("items", db) if "/m/" in i["url"]]
    assert len(stored) == len(pages)
    big_items = [i for i in export("items", db) if "/b/" in i["url"]]
    assert big_items and all("over the" in (i["fetch_note"] or "") for i in big_items)
    slow_items = [i for i in export("items", db) if "/s/" in i["url"]]
    assert all("timed out" in (i["fetch_note"] or "") for i in slow_items), slow_items

    again, _, _ = run_measured(str(NEWSMON), *args, cwd=tmp_path)
    assert again.returncode == 0, again.stderr[-3000:]
    more = [i for i in export("items", db) if "/m/" in i["url"]]
    assert len(stored) < len(more) <= len(stored) + 50  # the next share, on the next pass
