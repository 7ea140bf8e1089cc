"""The backfill flow: load history without spamming anyone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from flows.tasks import (
    DEFAULT_ROUTE,
    analyse_pages,
    fetch_feeds,
    fetch_pages,
    load_seeds,
    reclassify_stored,
    select_new_entries,
    send_alerts,
    store_articles,
)
from newsmon.alerts import render
from newsmon.config import Config, load_config
from newsmon.fetch import FetchRequest, HostPolicy, fetch_all
from newsmon.models import FeedEntry
from newsmon.pipeline import RunSummary
from newsmon.sitemaps import SitemapError, parse_sitemap, read_url_list, within
from storage.store import Store

MAX_CHILD_SITEMAPS = 50


@flow(name="backfill", log_prints=True)
def backfill(
    config_path: str = "sources.yaml",
    database_url: str | None = None,
    feeds: list[str] | None = None,
    urls_file: str | None = None,
    sitemap: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    allow_hosts: list[str] | None = None,
    live_alerts: bool = False,
    dry_run: bool = False,
    reclassify: bool = False,
) -> dict[str, object]:
    """Process history from feeds, a URL list or a sitemap.

    Alerts are recorded as suppressed ("backfill mode") unless ``live_alerts``;
    ``dry_run`` stores nothing and prints what a live run would send; ``reclassify``
    applies the current topic rules to everything already stored, instead of fetching.
    """
    logger = get_run_logger()
    config = load_config(Path(config_path))
    url = config.resolved_database_url(database_url)
    policy = HostPolicy([*config.fetch.allow_hosts, *(allow_hosts or [])])
    summary = RunSummary(seeds_loaded=load_seeds(config, url))
    if reclassify:
        changed = reclassify_stored(config, url)
        logger.info("reclassified: %d items changed topics", changed)
        return {**summary.as_dict(), "reclassified": changed}

    candidates: list[FeedEntry] = []
    if urls_file:
        candidates += read_url_list(Path(urls_file))
    if sitemap:
        candidates += _sitemap_entries(sitemap, config, policy)
    if feeds or not (urls_file or sitemap):
        outcomes = fetch_feeds(feeds or [f.url for f in config.feeds], config, url, policy)
        summary.count_feeds(outcomes)
        candidates += [e for o in outcomes for e in o.entries]
    entries = select_new_entries(within(candidates, since, until), url)
    analysed = analyse_pages(entries, fetch_pages(entries, config, policy), config)
    summary.count_articles(entries, [a.article for a in analysed])
    routes = config.routes or (DEFAULT_ROUTE,)

    if dry_run:
        for route, message in Store(url).would_alert(analysed, routes):
            title, body = render(message, config.alerts.max_message_chars)
            print(f"[dry run] route {route} would send: {title}\n{body}\n")
        return summary.as_dict()
    summary.count_stored(store_articles(analysed, url, routes, [], not live_alerts))
    if live_alerts:
        summary.alerts_sent, summary.alerts_failed = send_alerts(url, config.alerts)
    logger.info("backfill summary: %s", summary.as_dict())
    create_markdown_artifact(
        key="backfill-summary", markdown=summary.as_markdown(), description="newsmon backfill"
    )
    return summary.as_dict()


def _sitemap_entries(sitemap_url: str, config: Config, policy: HostPolicy) -> list[FeedEntry]:
    """Every URL in a sitemap, following a sitemap index one level at a time."""
    entries: list[FeedEntry] = []
    queue, seen = [sitemap_url], set[str]()
    while queue and len(seen) <= MAX_CHILD_SITEMAPS:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        [result] = fetch_all([FetchRequest(current)], config.fetch, policy)
        if not result.ok:
            get_run_logger().warning(
                "sitemap %s failed: %s", current, result.error or result.status
            )
            continue
        try:
            found, children = parse_sitemap(result.body, current)
        except SitemapError as exc:
            get_run_logger().warning("%s", exc)
            continue
        entries += found
        queue += children
    return entries
