"""The pass's steps as plain functions, each over a whole batch.

Prefect's per-task overhead is milliseconds, so one task per article would cost
more than the work; every step here takes all feeds, all pages or all articles
of a pass. Steps receive the database URL, not a connection, so they can run in
any worker. ``flows.tasks`` wraps each as a Prefect task; a one-off command calls
them directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from newsmon.alerts import CONSOLE_TARGET, route_targets, send
from newsmon.analyse import AnalysedArticle, analyse
from newsmon.analysis_pool import AnalysisPool, analyse_pages, pool_size
from newsmon.config import AlertSettings, Config, Route
from newsmon.fetch import FetchRequest, fetch_all
from newsmon.grouping import render_feed_failures, render_group
from newsmon.hosts import HostPolicy
from newsmon.models import FeedEntry, FetchResult
from newsmon.pipeline import FeedOutcome, StoredOutcome, read_feed
from newsmon.redact import target_name
from newsmon.seeds import load_seed_articles
from newsmon.summary import RunSummary
from newsmon.topics import Taxonomy
from storage.feeds import FeedFetch
from storage.items import PageRetry
from storage.store import Store

DEFAULT_ROUTE = Route(name="default", official_only=True)
# Articles stored per transaction: large enough to amortise the commit, small enough that
# the write lock is never held for long while another run or the web app waits.
STORE_BATCH = 50
logger = logging.getLogger("newsmon.pass")


def load_seeds(config: Config, database_url: str) -> int:
    """Put the seed corpus and the known speakers into the store; seeds only once."""
    store = Store(database_url)
    store.sync_known_speakers(config.known_speakers)
    articles = [
        a for a in load_seed_articles(config.resolved_seeds_dir) if not store.has_item(a.url)
    ]
    taxonomy = Taxonomy(config.topics)
    analysed = [analyse(article, taxonomy, config.speakers) for article in articles]
    store.store_articles(analysed, routes=(), is_seed=True)
    return len(articles)


def fetch_feeds(
    feed_urls: Sequence[str],
    config: Config,
    database_url: str,
    policy: HostPolicy,
    record: bool = True,
    deadline: float | None = None,
) -> list[FeedOutcome]:
    """Conditional GET of every feed that is due; records each feed's health.

    A feed whose server asked for a pause (Retry-After, Cache-Control max-age) is
    left alone until then. ``record=False`` (a dry run) leaves feed health as it was.
    """
    store = Store(database_url)
    feed_urls, _waiting = store.feeds_due(feed_urls)
    states = store.feed_states(feed_urls)
    requests = [
        FetchRequest(url, states[url].etag, states[url].last_modified)
        if url in states
        else FetchRequest(url)
        for url in feed_urls
    ]
    names = {feed.url: feed.name for feed in config.feeds}
    results = fetch_all(requests, config.fetch, policy, deadline)
    outcomes = [read_feed(result) for result in results]
    if record:
        store.record_feed_fetches(
            [
                FeedFetch(o.url, names.get(o.url), o.result, len(o.entries), o.error)
                for o in outcomes
            ]
        )
    return outcomes


def select_new_entries(entries: Sequence[FeedEntry], database_url: str) -> list[FeedEntry]:
    return Store(database_url).unseen(entries)


def fetch_pages(
    entries: Sequence[FeedEntry],
    config: Config,
    policy: HostPolicy,
    deadline: float | None = None,
) -> list[FetchResult | None]:
    """Fetch every new page concurrently; failures come back as results with a reason.

    Pages are capped at ``fetch.max_page_bytes``, lower than the cap for feeds.
    """
    settings = config.fetch.model_copy(update={"max_body_bytes": config.fetch.max_page_bytes})
    requests = [FetchRequest(entry.url) for entry in entries]
    return list(fetch_all(requests, settings, policy, deadline))


def analysis_pool(config: Config, pages: int) -> AnalysisPool:
    """The worker processes a pass of about PAGES pages analyses them on (a context manager)."""
    return AnalysisPool(pool_size(pages), dict(config.topics), config.speakers, config.analysis)


def analyse_fetched(
    entries: Sequence[FeedEntry], pages: Sequence[FetchResult | None], pool: AnalysisPool
) -> list[AnalysedArticle]:
    """Extract (falling back to the feed's text), classify and find statements, on all cores."""
    return pool.analyse(entries, pages)


def pages_batch(pipeline: Callable[..., RunSummary], *args: object) -> RunSummary:
    """One batch of pages through ``pipeline`` (the pass's chunked fetch, analysis and
    store, which calls the chunk steps above): a step of its own so that a flow run
    tracks each batch as one task."""
    return pipeline(*args)


def store_articles(
    analysed: Sequence[AnalysedArticle],
    config: Config,
    database_url: str,
    routes: Sequence[Route],
    notify: Sequence[str],
    backfill: bool,
) -> list[StoredOutcome]:
    store = Store(database_url)
    page_retry = _page_retry(config)
    outcomes: list[StoredOutcome] = []
    for start in range(0, len(analysed), STORE_BATCH):
        batch = analysed[start : start + STORE_BATCH]
        try:
            outcomes += store.store_articles(
                batch, routes=routes, extra_targets=notify, backfill=backfill, page_retry=page_retry
            )
        except Exception:  # a row the database refuses: store one by one to find it
            outcomes += [
                _store_one(store, item, routes, notify, backfill, page_retry) for item in batch
            ]
    return outcomes


def _store_one(
    store: Store,
    item: AnalysedArticle,
    routes: Sequence[Route],
    notify: Sequence[str],
    backfill: bool,
    page_retry: PageRetry,
) -> StoredOutcome:
    try:
        return store.store_article(
            item, routes=routes, extra_targets=notify, backfill=backfill, page_retry=page_retry
        )
    except Exception as exc:  # one item the database refuses must not stop the pass
        reason = f"{item.article.url}: not stored: {_reason(exc)}"
        logger.warning("%s", reason)
        store.record_rejected_item(item.article.source, reason)
        return StoredOutcome(item_id=None, skipped=reason, rejected=True)


def retry_failed_pages(
    config: Config,
    database_url: str,
    policy: HostPolicy,
    routes: Sequence[Route],
    notify: Sequence[str],
    backfill: bool,
) -> list[StoredOutcome]:
    """Fetch again the pages that failed on earlier passes and are due; returns what the
    pages that arrived brought (the others wait longer, up to fetch.page_attempts)."""
    store = Store(database_url)
    due = store.pages_due()
    if not due:
        return []
    entries = [page.entry for page in due]
    fetched = fetch_all([FetchRequest(entry.url) for entry in entries], config.fetch, policy)
    analysed = analyse_pages(
        entries, fetched, config.topics, config.speakers, settings=config.analysis
    )
    retry = _page_retry(config)
    outcomes = []
    for page, item in zip(due, analysed, strict=True):
        if item.article.fetch_note is not None:
            store.page_failed_again(page, item.article.fetch_note, retry)
            continue
        outcomes.append(
            store.page_arrived(page, item, routes=routes, extra_targets=notify, backfill=backfill)
        )
    return outcomes


def _page_retry(config: Config) -> PageRetry:
    return PageRetry(config.fetch.page_attempts, config.fetch.page_retry_backoff_seconds)


def _reason(exc: Exception) -> str:
    """The database's own words, first line only (SQLAlchemy appends the SQL and a link)."""
    cause = getattr(exc, "orig", None) or exc
    first = (str(cause) or type(cause).__name__).strip().splitlines()[0]
    return f"{type(cause).__name__}: {first}"


def target_directory(routes: Sequence[Route], notify: Sequence[str]) -> dict[str, str]:
    """Target name (what the store records) to apprise URL, from this run's configuration."""
    urls = [url for route in routes for url in route_targets(route, notify)]
    return {target_name(url): url for url in urls}


def send_alerts(
    database_url: str,
    settings: AlertSettings,
    targets: Mapping[str, str] | None = None,
    routes: Sequence[Route] = (),
) -> tuple[int, int]:
    """Group the due alerts into messages (``Route.group``) and deliver each message;
    a failed target keeps its message pending, for that target only.

    ``targets`` maps the target names stored with each alert to the URLs of this run
    (``target_directory``). Each target is recorded as in flight before it is handed
    the message and as delivered as soon as it took it, so a run killed in between
    costs at most one repeated message per target, and loses none.
    Returns (alerts fully delivered, alerts with a failed target), counting the
    statements in each message, and each feed-failure message as one.
    """
    store = Store(database_url)
    directory = {CONSOLE_TARGET: CONSOLE_TARGET, **(targets or {})}
    sent = failed = 0
    for claimed in store.claim_groups({route.name: route.group for route in routes}):
        if claimed.feeds:
            notice = render_feed_failures(claimed.feeds)
        else:
            notice = render_group(claimed.messages, max_chars=settings.max_message_chars)
        errors: dict[str, str] = {}
        for name in claimed.targets:
            url = directory.get(name)
            if url is None:
                errors[name] = "not a target of this run's routes or --notify"
                continue
            store.start_delivery(claimed.group_id, name)
            report = send([url], notice)
            store.end_delivery(claimed.group_id, name, delivered=report.complete)
            if not report.complete:
                errors[name] = "; ".join(report.failed.values())
        store.finish_group(claimed.group_id, errors, settings)
        size = len(claimed.messages) or 1
        sent += 0 if errors else size
        failed += size if errors else 0
    return sent, failed


def reclassify_stored(config: Config, database_url: str) -> int:
    """After the topic rules change: label every stored item and its statements again."""
    return Store(database_url).reclassify(Taxonomy(config.topics))


def report_failing_feeds(
    database_url: str, config: Config, routes: Sequence[Route], notify: Sequence[str]
) -> int:
    """One message naming every feed that crossed the failure threshold in this pass,
    through the outbox (so a failing channel is retried alone and nothing goes twice);
    returns how many feeds it named."""
    targets = list(dict.fromkeys(t for r in routes for t in route_targets(r, notify)))
    named = Store(database_url).queue_feed_failures(config.alerts.feed_failure_threshold, targets)
    if named:
        send_alerts(database_url, config.alerts, target_directory(routes, notify), routes)
    return named
