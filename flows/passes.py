"""What a monitor or backfill pass does, step by step, written once.

The sequence runs on a set of steps: ``flows.steps`` (plain functions, for a one-off
command that needs no Prefect API) or ``flows.tasks`` (the same functions as Prefect
tasks, inside a flow run). Both modules have the same names, so either can be passed.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time as clock
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import zip_longest
from pathlib import Path
from types import ModuleType

from flows import steps as plain_steps
from flows.background import Background
from newsmon.alerts import (
    digest_selection,
    digest_size,
    render,
    render_digest,
    route_targets,
    send,
)
from newsmon.analyse import AnalysedArticle
from newsmon.analysis_pool import AnalysisPool
from newsmon.config import Config, Route, load_config
from newsmon.fetch import BUDGET_SPENT
from newsmon.heap import heap_frozen
from newsmon.hosts import HostPolicy
from newsmon.models import FeedEntry, FetchResult
from newsmon.pipeline import StoredOutcome
from newsmon.sitemaps import read_url_list, sitemap_entries, within
from newsmon.summary import RunSummary
from storage.db import store_exists
from storage.store import Store

logger = logging.getLogger("newsmon.pass")


@dataclass(frozen=True)
class PassOptions:
    """What the command line may change about one pass."""

    feeds: tuple[str, ...] = ()  # replaces the configured feeds
    notify: tuple[str, ...] = ()  # extra apprise targets for every route
    allow_hosts: tuple[str, ...] = ()
    backfill: bool = False  # record alerts as suppressed
    dry_run: bool = False  # store nothing; report what would be sent


@dataclass(frozen=True)
class HistorySource:
    """Where a backfill finds entries besides the feeds."""

    urls_file: Path | None = None
    sitemap: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    @property
    def replaces_feeds(self) -> bool:
        return bool(self.urls_file or self.sitemap)


CONFIG_ENV = "NEWSMON_CONFIG"


def flow_config(config_path: str | None) -> Config:
    """The config a flow run uses: its parameter, else ``NEWSMON_CONFIG`` on the worker that
    runs it, else sources.yaml in the worker's working directory. Workers on several
    machines can then keep the file where each has it."""
    return load_config(Path(config_path or os.environ.get(CONFIG_ENV) or "sources.yaml"))


@heap_frozen()
def monitor_pass(
    config: Config,
    database_url: str,
    options: PassOptions = PassOptions(),
    steps: ModuleType = plain_steps,
) -> RunSummary:
    """Fetch new items, extract, deduplicate, classify, find statements, store, alert."""
    deadline = clock.time() + config.fetch.pass_budget_seconds
    policy = _policy(config, options)
    summary = RunSummary(seeds_loaded=steps.load_seeds(config, database_url))
    outcomes = steps.fetch_feeds(
        _feed_urls(config, options), config, database_url, policy, deadline=deadline
    )
    summary.count_feeds(outcomes)
    entries = [entry for outcome in outcomes for entry in outcome.entries]
    process_entries(
        config,
        database_url,
        entries,
        options,
        summary,
        steps,
        per_feed=config.fetch.max_new_entries_per_feed,
        deadline=deadline,
    )
    if not options.dry_run:
        summary.failing_feeds_alerted = steps.report_failing_feeds(
            database_url, config, _routes(config), options.notify
        )
        Store(database_url).record_pass("monitor", summary)
    return summary


@heap_frozen()
def backfill_pass(
    config: Config,
    database_url: str,
    source: HistorySource,
    options: PassOptions,
    steps: ModuleType = plain_steps,
) -> RunSummary:
    """Process history from feeds, a URL list or a sitemap, within a date window.

    A dry run writes nothing anywhere: feed health is not recorded, what would be
    stored is stored in a transaction that is rolled back, and a store that does not
    exist yet is stood in for by a temporary one (with the seeds, so novelty is right).
    """
    deadline = clock.time() + config.fetch.pass_budget_seconds
    with _store_for(database_url, options.dry_run) as (url, scratch):
        seeds = steps.load_seeds(config, url) if scratch or not options.dry_run else 0
        summary = RunSummary(seeds_loaded=seeds)
        policy = _policy(config, options)
        candidates: list[FeedEntry] = []
        if source.urls_file:
            candidates += read_url_list(source.urls_file)
        if source.sitemap:
            found, problems = sitemap_entries(source.sitemap, config.fetch, policy)
            candidates += found
            for problem in problems:
                logger.warning("%s", problem)
        if options.feeds or not source.replaces_feeds:
            outcomes = steps.fetch_feeds(
                _feed_urls(config, options),
                config,
                url,
                policy,
                record=not options.dry_run,
                deadline=deadline,
            )
            summary.count_feeds(outcomes)
            candidates += [entry for outcome in outcomes for entry in outcome.entries]
        entries = within(candidates, source.since, source.until)
        process_entries(config, url, entries, options, summary, steps, deadline=deadline)
        if not options.dry_run:
            Store(url).record_pass("backfill", summary)
    return summary


@contextmanager
def _store_for(database_url: str, dry_run: bool) -> Iterator[tuple[str, bool]]:
    """The store to use, and whether it is a scratch copy that may be written."""
    if not dry_run or store_exists(database_url):
        yield database_url, False
        return
    with tempfile.TemporaryDirectory(prefix="newsmon-dry-run-") as scratch:
        yield f"sqlite:///{Path(scratch) / 'dry-run.db'}", True


# Pages are taken this many at a time: stored items survive an interruption, progress shows
# per batch, and a dry run judges what it would send batch by batch. In a flow run a batch
# is one task (``steps.pages_batch``): a task per chunk step would cost the Prefect server
# about 30 ms of CPU each, taken from the analysis workers on a small machine.
PAGES_PER_BATCH = 256
# Pages are fetched, analysed and stored at most this many at a time, in a pipeline: while
# the pool analyses one chunk, the next chunk's pages are fetched and the previous chunk is
# stored, each on a thread of its own, so neither the fetch nor the store leaves the
# analysis workers idle; the bodies in memory stay bounded (three chunks at most).
PAGES_PER_CHUNK = 50
# Nothing hides a batch's first fetch or its last store: a batch starts with a chunk this
# small and doubles it, and ends halving it down to this size.
FIRST_CHUNK = LAST_CHUNK = 8


def process_entries(
    config: Config,
    database_url: str,
    entries: Sequence[FeedEntry],
    options: PassOptions,
    summary: RunSummary,
    steps: ModuleType = plain_steps,
    *,
    per_feed: int | None = None,
    deadline: float | None = None,
) -> None:
    """From entries to stored items, statements and sent alerts: the heart of a pass.

    At most ``per_feed`` new entries of each feed are taken; pages are handled in
    batches of chunks; entries whose page was not fetched before ``deadline`` are left
    for the next pass (they are still new then). One analysis pool serves every batch;
    its workers start while the first pages are fetched.
    """
    policy = _policy(config, options)
    routes = _routes(config)
    if not options.dry_run:
        # Pages that failed on earlier passes first, so a page stored just now is not
        # fetched twice in one pass.
        recovered = steps.retry_failed_pages(
            config, database_url, policy, routes, options.notify, options.backfill
        )
        summary.count_recovered(recovered)
    entries = steps.select_new_entries(entries, database_url)
    if per_feed is not None:
        new = len(entries)
        entries = _first_per_feed(entries, per_feed)
        summary.entries_deferred += new - len(entries)
    if entries:
        with steps.analysis_pool(config, len(entries)) as pool:
            batch = _Batch(config, database_url, options, policy, routes, pool, deadline)
            for start in range(0, len(entries), PAGES_PER_BATCH):
                if deadline is not None and clock.time() >= deadline:
                    summary.entries_deferred += len(entries) - start
                    break
                pages = entries[start : start + PAGES_PER_BATCH]
                summary.add(steps.pages_batch(_fetch_analyse_store, batch, pages, steps))
    if not options.dry_run and not options.backfill:
        summary.alerts_sent, summary.alerts_failed = steps.send_alerts(
            database_url,
            config.alerts,
            plain_steps.target_directory(routes, options.notify),
            routes,
        )


@dataclass(frozen=True)
class _Batch:
    """What every batch of pages in a pass shares."""

    config: Config
    database_url: str
    options: PassOptions
    policy: HostPolicy
    routes: Sequence[Route]
    pool: AnalysisPool
    deadline: float | None


def _fetch_analyse_store(
    batch: _Batch, entries: Sequence[FeedEntry], steps: ModuleType
) -> RunSummary:
    """One batch's chunks through the pipeline: chunk k+1 fetched and chunk k-1 stored
    while the pool analyses chunk k; returns what the batch did. Once the deadline has
    passed no further chunk is fetched."""
    config, deadline, policy = batch.config, batch.deadline, batch.policy
    summary = RunSummary()
    chunks = _chunks(entries)
    with (
        Background[list[FetchResult | None]]() as fetcher,
        Background[list[StoredOutcome]]() as writer,
    ):
        fetcher.start(steps.fetch_pages, chunks[0], config, policy, deadline)
        would_store: list[AnalysedArticle] = []  # a dry run's batch, judged at once
        for number, chunk in enumerate(chunks):
            pages = fetcher.collect()
            assert pages is not None  # every chunk's fetch was started before its turn
            rest = chunks[number + 1 :]
            out_of_time = deadline is not None and clock.time() >= deadline
            if rest and out_of_time:
                summary.entries_deferred += sum(len(later) for later in rest)
            elif rest:
                fetcher.start(steps.fetch_pages, rest[0], config, policy, deadline)
            kept = [
                (entry, page)
                for entry, page in zip(chunk, pages, strict=True)
                if page is None or page.error != BUDGET_SPENT
            ]
            summary.entries_deferred += len(chunk) - len(kept)
            del pages
            chunk_entries = [e for e, _ in kept]
            analysed = steps.analyse_fetched(chunk_entries, [p for _, p in kept], batch.pool)
            summary.count_articles(chunk_entries, [a.article for a in analysed])
            if batch.options.dry_run:
                would_store += analysed
            else:
                summary.count_stored(writer.collect() or [])
                writer.start(
                    steps.store_articles,
                    analysed, config, batch.database_url, batch.routes, batch.options.notify,
                    batch.options.backfill,
                )  # fmt: skip
            if out_of_time:
                break
        summary.count_stored(writer.collect() or [])
    if would_store:
        _show_would_alert(config, batch.database_url, would_store, batch.routes)
    return summary


def _chunks(batch: Sequence[FeedEntry]) -> list[Sequence[FeedEntry]]:
    """The batch in chunks (see PAGES_PER_CHUNK), small at both ends."""
    chunks = []
    size, first = FIRST_CHUNK, 0
    while first < len(batch):
        left = len(batch) - first
        size = min(size, PAGES_PER_CHUNK, max(LAST_CHUNK, -(-left // 2)))
        chunks.append(batch[first : first + size])
        first += size
        size *= 2
    return chunks


def _show_would_alert(
    config: Config,
    database_url: str,
    analysed: Sequence[AnalysedArticle],
    routes: Sequence[Route],
) -> None:
    for route, message in Store(database_url).would_alert(analysed, routes):
        notice = render(message, config.alerts.max_message_chars)
        print(f"[dry run] route {route} would send: {notice.title}\n{notice.text}\n")


def _first_per_feed(entries: Sequence[FeedEntry], limit: int) -> list[FeedEntry]:
    """The first ``limit`` entries of each feed, taken in turns across feeds.

    Turns, so every batch holds some of every feed and a slow feed cannot push the
    others' entries past the time budget pass after pass.
    """
    by_feed: dict[str, list[FeedEntry]] = {}
    for entry in entries:
        by_feed.setdefault(entry.feed_url, []).append(entry)
    shares = [feed[:limit] for feed in by_feed.values()]
    return [entry for turn in zip_longest(*shares) for entry in turn if entry is not None]


def _policy(config: Config, options: PassOptions) -> HostPolicy:
    return HostPolicy([*config.fetch.allow_hosts, *options.allow_hosts])


def _feed_urls(config: Config, options: PassOptions) -> list[str]:
    return list(options.feeds) or [feed.url for feed in config.feeds]


def _routes(config: Config) -> tuple[Route, ...]:
    return config.routes or (plain_steps.DEFAULT_ROUTE,)


def digest_pass(
    config: Config,
    database_url: str,
    day: date,
    notify: Sequence[str] = (),
    dry_run: bool = False,
) -> dict[str, int]:
    """Send each route the statements first seen on ``day``; returns counts per route."""
    store = Store(database_url)
    start = datetime.combine(day, time.min, UTC)
    messages = store.messages_first_seen(start, start + timedelta(days=1))
    sent: dict[str, int] = {}
    for route in _routes(config):
        by_topic = digest_selection(messages, route)
        if not by_topic or not store.digest_due(route.name, day.isoformat()):
            continue
        notice = render_digest(
            route.name, day.isoformat(), by_topic, config.alerts.max_message_chars
        )
        if dry_run:
            print(f"[dry run] would send to route {route.name}:\n{notice.title}\n{notice.text}")
            continue
        report = send(route_targets(route, notify), notice)
        error = "; ".join(report.failed.values()) or None
        store.finish_digest(route.name, day.isoformat(), digest_size(by_topic), error)
        if error:
            logger.warning("digest for route %s failed: %s", route.name, error)
        else:
            sent[route.name] = digest_size(by_topic)
    return sent


def yesterday() -> date:
    return datetime.now(UTC).date() - timedelta(days=1)
