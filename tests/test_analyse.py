"""A large batch is analysed on all cores, with the same results as one by one."""

from __future__ import annotations

from newsmon.analyse import PARALLEL_THRESHOLD, analyse_pages
from newsmon.config import load_config
from newsmon.models import FeedEntry, FetchResult
from tests.conftest import REPO

PAGE = (
    "<html><body><article><h1>Talks {i}</h1><p>Officials met for the peace talks on day {i} "
    "and discussed a ceasefire along the front line in detail for several hours.</p>"
    '<p>"Round {i} of the direct talks produced progress on prisoner lists and more," '
    "Kremlin spokesman Dmitry Peskov told reporters in Moscow on day {i}.</p></article>"
    "</body></html>"
)


def test_pool_and_serial_analysis_agree() -> None:
    config = load_config(REPO / "sources.yaml")
    count = PARALLEL_THRESHOLD + 8
    entries = [
        FeedEntry(feed_url="f", url=f"https://n.example/{i}", title=f"Talks {i}")
        for i in range(count)
    ]
    pages: list[FetchResult | None] = [
        FetchResult(url=e.url, final_url=e.url, status=200, text=PAGE.format(i=i))
        for i, e in enumerate(entries)
    ]
    pages[3] = None  # a page that was never fetched falls back to the feed entry
    pooled = analyse_pages(entries, pages, config.topics, config.speakers, workers=2)
    serial = analyse_pages(entries, pages, config.topics, config.speakers, workers=1)
    assert [a.article for a in pooled] == [a.article for a in serial]
    assert pooled[0].article.statements[0].speaker.name == "Dmitry Peskov"
    assert pooled[3].article.fetch_note == "page not fetched"
