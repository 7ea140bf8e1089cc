"""The backfill flow: load history without spamming anyone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows import tasks
from flows.passes import HistorySource, PassOptions, backfill_pass, flow_config


@flow(name="backfill", persist_result=False)  # see flows.tasks: nothing reads it back
def backfill(
    config_path: str | None = None,
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
    config = flow_config(config_path)
    url = config.resolved_database_url(database_url)
    if reclassify:
        return {"reclassified": tasks.reclassify_stored(config, url)}
    source = HistorySource(
        urls_file=Path(urls_file) if urls_file else None, sitemap=sitemap, since=since, until=until
    )
    options = PassOptions(
        feeds=tuple(feeds or ()),
        allow_hosts=tuple(allow_hosts or ()),
        backfill=not live_alerts,
        dry_run=dry_run,
    )
    summary = backfill_pass(config, url, source, options, tasks)
    create_markdown_artifact(
        key="backfill-summary", markdown=summary.as_markdown(), description="newsmon backfill"
    )
    return summary.as_dict()
