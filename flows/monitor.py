"""The monitor flow: one pass over the configured feeds.

Each task handles a whole batch (all feeds, all new pages, all new articles),
because Prefect's per-task overhead would dominate one-task-per-article runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsmon.fetch import FetchRequest, HostPolicy, fetch_all
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from newsmon.alerts import render, send
from newsmon.analyse import AnalysedArticle, analyse
from newsmon.config import Config, Route, load_config
from newsmon.models import Article, FeedEntry, FetchResult
from newsmon.pipeline import (
    FeedOutcome,
    RunSummary,
    StoredOutcome,
    articles_from_pages,
    read_feed,
)
from newsmon.seeds import load_seed_articles
from newsmon.statements import SpeakerVocabulary
from newsmon.topics import Taxonomy
from storage.store import Store

DEFAULT_ROUTE = Route(name="default", official_only=True)


@task(cache_policy=NONE)
def load_seeds(config: Config, database_url: str) -> int:
    """Put the seed corpus into the store once; later runs find it there."""
    store = Store(database_url)
    articles = [
        a for a in load_seed_articles(config.resolved_seeds_dir) if not store.has_item(a.url)
    ]
    analysed = analyse_batch(articles, Taxonomy(config.topics), config.speakers)
    for item in analysed:
        store.store_article(item, routes=(), is_seed=True)
    return len(analysed)


@task(cache_policy=NONE)
def fetch_feeds(
    feed_urls: Sequence[str], config: Config, database_url: str, policy: HostPolicy
) -> list[FeedOutcome]:
    store = Store(database_url)
    states = store.feed_states(feed_urls)
    requests = [
        FetchRequest(url, states[url].etag, states[url].last_modified)
        if url in states
        else FetchRequest(url)
        for url in feed_urls
    ]
    names = {feed.url: feed.name for feed in config.feeds}
    outcomes = [read_feed(result) for result in fetch_all(requests, config.fetch, policy)]
    for outcome in outcomes:
        store.record_feed_fetch(
            outcome.url, names.get(outcome.url), outcome.result, len(outcome.entries), outcome.error
        )
    return outcomes


@task(cache_policy=NONE)
def select_new_entries(outcomes: Sequence[FeedOutcome], database_url: str) -> list[FeedEntry]:
    entries = [entry for outcome in outcomes for entry in outcome.entries]
    return Store(database_url).unseen(entries)


@task(cache_policy=NONE)
def fetch_articles(
    entries: Sequence[FeedEntry], config: Config, policy: HostPolicy
) -> list[Article]:
    pages: list[FetchResult | None] = list(
        fetch_all([FetchRequest(entry.url) for entry in entries], config.fetch, policy)
    )
    return articles_from_pages(entries, pages)


@task(cache_policy=NONE)
def analyse_articles(articles: Sequence[Article], config: Config) -> list[AnalysedArticle]:
    return analyse_batch(articles, Taxonomy(config.topics), config.speakers)


def analyse_batch(
    articles: Sequence[Article], taxonomy: Taxonomy, vocabulary: SpeakerVocabulary
) -> list[AnalysedArticle]:
    return [analyse(article, taxonomy, vocabulary) for article in articles]


@task(cache_policy=NONE)
def store_articles(
    analysed: Sequence[AnalysedArticle],
    database_url: str,
    routes: Sequence[Route],
    notify: Sequence[str],
    backfill: bool,
) -> list[StoredOutcome]:
    store = Store(database_url)
    return [
        store.store_article(item, routes=routes, extra_targets=notify, backfill=backfill)
        for item in analysed
    ]


@task(cache_policy=NONE)
def send_alerts(database_url: str) -> tuple[int, int]:
    """Deliver every pending alert; a failed target keeps its alert pending.

    Returns (alerts fully delivered, alerts with a failed target).
    """
    store = Store(database_url)
    sent = failed = 0
    for claimed in store.claim_alerts():
        title, body = render(claimed.message)
        report = send(claimed.targets, title, body)
        store.finish_alert(claimed.alert_id, report.delivered, report.failed)
        sent += report.complete
        failed += not report.complete
    return sent, failed


@flow(name="monitor", log_prints=True)
def monitor(
    config_path: str = "sources.yaml",
    database_url: str | None = None,
    feeds: list[str] | None = None,
    notify: list[str] | None = None,
    allow_hosts: list[str] | None = None,
    backfill: bool = False,
) -> dict[str, object]:
    """Fetch new items, extract, deduplicate, classify, find statements, store, alert."""
    logger = get_run_logger()
    config = load_config(Path(config_path))
    url = config.resolved_database_url(database_url)
    policy = HostPolicy([*config.fetch.allow_hosts, *(allow_hosts or [])])
    routes = config.routes or (DEFAULT_ROUTE,)
    summary = RunSummary()

    summary.seeds_loaded = load_seeds(config, url)
    feed_urls = feeds or [feed.url for feed in config.feeds]
    outcomes = fetch_feeds(feed_urls, config, url, policy)
    summary.feeds = len(outcomes)
    summary.feeds_not_modified = sum(o.result.not_modified for o in outcomes)
    summary.failed_feeds = {o.url: o.error for o in outcomes if o.error}
    summary.entries = sum(len(o.entries) for o in outcomes)

    entries = select_new_entries(outcomes, url)
    summary.new_entries = len(entries)
    articles = fetch_articles(entries, config, policy)
    summary.pages_failed = sum(a.fetch_note is not None for a in articles)
    summary.pages_fetched = len(articles) - summary.pages_failed
    analysed = analyse_articles(articles, config)
    summary.count_stored(store_articles(analysed, url, routes, notify or [], backfill))
    summary.alerts_sent, summary.alerts_failed = send_alerts(url)

    for feed_url, error in summary.failed_feeds.items():
        logger.warning("feed failed: %s: %s", feed_url, error)
    logger.info("run summary: %s", summary.as_dict())
    return summary.as_dict()
