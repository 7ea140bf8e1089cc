"""The monitor flow: one pass over the configured feeds."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from flows.tasks import (
    DEFAULT_ROUTE,
    analyse_pages,
    fetch_feeds,
    fetch_pages,
    load_seeds,
    report_failing_feeds,
    select_new_entries,
    send_alerts,
    store_articles,
)
from newsmon.config import load_config
from newsmon.fetch import HostPolicy
from newsmon.pipeline import RunSummary


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
    config = load_config(Path(config_path))
    url = config.resolved_database_url(database_url)
    policy = HostPolicy([*config.fetch.allow_hosts, *(allow_hosts or [])])
    summary = RunSummary(seeds_loaded=load_seeds(config, url))

    outcomes = fetch_feeds(feeds or [feed.url for feed in config.feeds], config, url, policy)
    summary.count_feeds(outcomes)
    entries = select_new_entries([e for o in outcomes for e in o.entries], url)
    analysed = analyse_pages(entries, fetch_pages(entries, config, policy), config)
    summary.count_articles(entries, [a.article for a in analysed])
    routes = config.routes or (DEFAULT_ROUTE,)
    summary.count_stored(store_articles(analysed, url, routes, notify or [], backfill))
    summary.alerts_sent, summary.alerts_failed = send_alerts(url, config.alerts)
    report_failing_feeds(url, config, routes, notify or [])

    logger = get_run_logger()
    for feed_url, error in summary.failed_feeds.items():
        logger.warning("feed failed: %s: %s", feed_url, error)
    logger.info("run summary: %s", summary.as_dict())
    create_markdown_artifact(
        key="monitor-summary", markdown=summary.as_markdown(), description="newsmon pass"
    )
    return summary.as_dict()
