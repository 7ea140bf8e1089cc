"""The monitor flow: one pass over the configured feeds, tracked by Prefect."""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from flows import tasks
from flows.passes import PassOptions, flow_config, monitor_pass
from newsmon.config import env_targets


@flow(name="monitor", persist_result=False)  # see flows.tasks: nothing reads it back
def monitor(
    config_path: str | None = None,
    database_url: str | None = None,
    feeds: list[str] | None = None,
    notify: list[str] | None = None,
    allow_hosts: list[str] | None = None,
    backfill: bool = False,
) -> dict[str, object]:
    """Fetch new items, extract, deduplicate, classify, find statements, store, alert.

    Secrets are not parameters (Prefect stores and shows those): the database URL and
    extra targets come from NEWSMON_DATABASE_URL and NEWSMON_NOTIFY inside the run.
    """
    config = flow_config(config_path)
    options = PassOptions(
        feeds=tuple(feeds or ()),
        notify=(*(notify or ()), *env_targets()),
        allow_hosts=tuple(allow_hosts or ()),
        backfill=backfill,
    )
    summary = monitor_pass(config, config.resolved_database_url(database_url), options, tasks)
    # INFO, not WARNING: `newsmon run` prints the summary with each failing feed once;
    # the run's log (Prefect's UI, `newsmon -v serve`) still records them.
    logger = get_run_logger()
    for feed_url, error in summary.failed_feeds.items():
        logger.info("feed failed: %s: %s", feed_url, error)
    create_markdown_artifact(
        key="monitor-summary", markdown=summary.as_markdown(), description="newsmon pass"
    )
    return summary.as_dict()
