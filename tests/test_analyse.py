"""Batches are analysed in worker processes, each page within its budget."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from bench.analysis_scaling import as_page, hostile_text
from newsmon.analyse import BUDGET_EXCEEDED, analyse, cap_for_statements
from newsmon.analysis_pool import PARALLEL_THRESHOLD, AnalysisPool, analyse_pages
from newsmon.config import AnalysisSettings, load_config
from newsmon.models import Article, FeedEntry, FetchResult
from newsmon.pipeline import article_from_page
from newsmon.statements import SpeakerVocabulary
from newsmon.topics import Taxonomy
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # runs the real CLI or a worker pool: seconds per test

PAGE = (
    "<html><body><article><h1>Talks {i}</h1><p>Officials met for the peace talks on day {i} "
    "and discussed a ceasefire along the front line in detail for several hours.</p>"
    '<p>"Round {i} of the direct talks produced progress on prisoner lists and more," '
    "Kremlin spokesman Dmitry Peskov told reporters in Moscow on day {i}.</p></article>"
    "</body></html>"
)
# Unbudgeted, this text takes one worker about 9 s on a quiet machine, six budgets: a
# pass whose main process is starved for seconds on a loaded machine still finds the
# worker over budget rather than reading its finished result first.
HOSTILE_WORDS = 200_000


def test_pool_and_serial_analysis_agree() -> None:
    config = load_config(REPO / "sources.yaml")
    count = PARALLEL_THRESHOLD + 8
    entries = [
        FeedEntry(feed_url="f", url=f"https://n.example/{i}", title=f"Talks {i}")
        for i in range(count)
    ]
    pages: list[FetchResult | None] = [
        FetchResult(
            url=e.url,
            final_url=e.url,
            status=200,
            body=PAGE.format(i=i).encode(),
            content_type="text/html",
        )
        for i, e in enumerate(entries)
    ]
    pages[3] = None  # a page that was never fetched falls back to the feed entry
    pooled = analyse_pages(entries, pages, config.topics, config.speakers, workers=2)
    serial = analyse_pages(entries, pages, config.topics, config.speakers, workers=1)
    assert [a.article for a in pooled] == [a.article for a in serial]
    assert pooled[0].article.statements[0].speaker.name == "Dmitry Peskov"
    assert pooled[3].article.fetch_note == "page not fetched"


# Run in a process of its own, whose first pool starts the forkserver: seconds of preload.
FIRST_POOL = """
import json, sys
from newsmon.analysis_pool import AnalysisPool
from newsmon.config import AnalysisSettings, load_config
from newsmon.models import FeedEntry, FetchResult
from tests.test_analyse import PAGE

config = load_config(sys.argv[1])
entry = FeedEntry(feed_url="f", url="https://n.example/0", title="Talks 0")
page = FetchResult(
    url=entry.url, final_url=entry.url, status=200, body=PAGE.format(i=0).encode(),
    content_type="text/html",
)
with AnalysisPool(1, dict(config.topics), config.speakers, AnalysisSettings()) as pool:
    at_entry = len(pool.workers)
    [result] = pool.analyse([entry], [page])
    print(json.dumps([at_entry, len(pool.workers), result.article.statements[0].speaker.name]))
"""


def test_a_pool_is_entered_before_its_workers_have_started() -> None:
    """Starting the first worker waits for the forkserver's preload (seconds): entering
    the pool does not, so a pass fetches its first pages meanwhile; the first batch
    waits for the workers and is analysed by them."""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_POOL, str(REPO / "sources.yaml")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == [0, 1, "Dmitry Peskov"]


def test_pool_results_are_those_of_analysing_in_process() -> None:
    """A worker takes the text ``article_from_page`` cleaned as clean: the result must be
    what ``analyse`` returns when it cleans the text itself."""
    config = load_config(REPO / "sources.yaml")
    long_page = PAGE.replace("</article>", "<p>" + "Talks went on. " * 400 + "</p></article>")
    entries, pages = _batch([PAGE.format(i=0), long_page.format(i=1)])
    settings = AnalysisSettings(max_statement_chars=2_000)
    pooled = analyse_pages(entries, pages, config.topics, config.speakers, 1, settings)
    taxonomy = Taxonomy(config.topics)
    local = [
        analyse(article_from_page(entry, page), taxonomy, config.speakers, settings)
        for entry, page in zip(entries, pages, strict=True)
    ]
    assert [(a.article, a.content_hash, a.signature, a.statement_keys) for a in pooled] == [
        (a.article, a.content_hash, a.signature, a.statement_keys) for a in local
    ]
    assert pooled[0].article.statements and pooled[0].article.topics
    assert pooled[1].article.analysis_note  # statements looked for in a prefix


def test_text_said_to_be_cleaned_is_not_cleaned_again() -> None:
    text = "Advertisement\nOfficials met for the peace talks on Monday in Istanbul."
    article = Article(url="u", canonical_url="u", title="t", text=text, source="f")
    kept = analyse(replace(article), Taxonomy({}), SpeakerVocabulary(), text_cleaned=True)
    cleaned = analyse(replace(article), Taxonomy({}), SpeakerVocabulary())
    assert kept.article.text == text
    assert cleaned.article.text == text.split("\n")[1]


def _batch(texts: list[str]) -> tuple[list[FeedEntry], list[FetchResult | None]]:
    entries = [
        FeedEntry(feed_url="f", url=f"https://n.example/{i}", title=f"Page {i}", summary="Sum.")
        for i in range(len(texts))
    ]
    pages: list[FetchResult | None] = [
        FetchResult(
            url=e.url, final_url=e.url, status=200, body=text.encode(), content_type="text/html"
        )
        for e, text in zip(entries, texts, strict=True)
    ]
    return entries, pages


def test_a_page_over_its_budget_is_stored_with_a_note_and_the_others_go_on() -> None:
    config = load_config(REPO / "sources.yaml")
    hostile = as_page(hostile_text(HOSTILE_WORDS))
    texts = [PAGE.format(i=0), hostile, PAGE.format(i=2), PAGE.format(i=3)]
    entries, pages = _batch(texts)
    settings = AnalysisSettings(page_budget_seconds=1.5)
    started = time.monotonic()
    analysed = analyse_pages(entries, pages, config.topics, config.speakers, settings=settings)
    took = time.monotonic() - started

    stopped = analysed[1].article
    assert stopped.analysis_note is not None
    assert stopped.analysis_note.startswith(f"{BUDGET_EXCEEDED} (1.5 s) while ")
    assert stopped.statements == [] and stopped.url == "https://n.example/1"
    assert stopped.text, "the stages that finished are kept"
    # The worker was replaced: the pages after it were analysed in full.
    for i in (0, 2, 3):
        assert analysed[i].article.analysis_note is None
        assert analysed[i].article.statements[0].speaker.name == "Dmitry Peskov"
    assert took < 60, f"the batch took {took:.0f} s"


def test_statements_are_looked_for_in_a_prefix_and_the_item_says_so() -> None:
    config = load_config(REPO / "sources.yaml")
    paragraphs = "".join(
        f'<p>"Round {i} of talks went well," Kremlin spokesman Dmitry Peskov told reporters.</p>'
        for i in range(200)
    )
    page = f"<html><body><article>{paragraphs}</article></body></html>"
    entries, pages = _batch([page])
    settings = AnalysisSettings(max_statement_chars=2_000)
    [result] = analyse_pages(entries, pages, config.topics, config.speakers, settings=settings)
    article = result.article
    assert len(article.text) > 10_000
    assert article.analysis_note is not None
    assert article.analysis_note.startswith("statements looked for in the first 1,9")
    assert article.statements
    assert max(end for s in article.statements for _, end in s.spans) <= 2_000


def test_statement_cap_cuts_at_a_break() -> None:
    text = "word " * 1000
    searched, truncated = cap_for_statements(text, 1_002)
    assert truncated and searched.endswith("word") and len(searched) <= 1_002
    assert cap_for_statements("short", 1_000) == ("short", False)
    assert cap_for_statements("x" * 3_000, 1_000) == ("x" * 1_000, True)


def test_one_pool_serves_batch_after_batch_and_replaces_a_worker_over_budget() -> None:
    config = load_config(REPO / "sources.yaml")
    settings = AnalysisSettings(page_budget_seconds=1.5)
    with AnalysisPool(1, dict(config.topics), config.speakers, settings) as pool:
        [first] = pool.analyse(*_batch([PAGE.format(i=0)]))
        [worker] = pool.workers
        [second] = pool.analyse(*_batch([PAGE.format(i=1)]))
        assert pool.workers == [worker], "the next batch finds the same worker, not a new one"
        stopped, after = pool.analyse(
            *_batch([as_page(hostile_text(HOSTILE_WORDS)), PAGE.format(i=2)])
        )
        assert worker.stopped, "the worker over budget was stopped"
        [replacement] = pool.workers
        assert replacement is not worker
        [last] = pool.analyse(*_batch([PAGE.format(i=3)]))
    assert replacement.stopped, "leaving the pool stops its workers"
    note = stopped.article.analysis_note
    assert note is not None and note.startswith(f"{BUDGET_EXCEEDED} (1.5 s) while ")
    for analysed in (first, second, after, last):
        assert analysed.article.statements[0].speaker.name == "Dmitry Peskov"
