"""Deployments of the flows: cron schedules from sources.yaml, one run at a time."""

from __future__ import annotations

import os
from pathlib import Path

from prefect import serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.backfill import backfill
from flows.digest import digest
from flows.monitor import monitor
from newsmon.config import DATABASE_URL_ENV, Config

# A scheduled pass that starts while the previous one still runs is cancelled,
# not queued: the next tick picks up whatever it would have done.
ONE_AT_A_TIME = ConcurrencyLimitConfig(
    limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
)
# Backfills are asked for by hand, often in chunks: they wait their turn instead.
QUEUED = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)

# The runner starts a run's process this long before its scheduled time (the server holds
# it until then), so the several seconds of start-up on a loaded machine are spent while
# waiting for the tick, not after it. Kept well under a minute: a run prefetched while the
# previous one still holds the one-at-a-time slot is skipped.
PREFETCH_SECONDS = 20
POLL_SECONDS = 5


def deployments(config: Config, database_url: str | None = None) -> list[RunnerDeployment]:
    # Nothing secret in parameters (Prefect stores and shows them): an explicit database
    # URL reaches the runs through NEWSMON_DATABASE_URL, set by serve_all.
    parameters: dict[str, object] = {"config_path": str(Path(config.path).resolve())}
    timezone = config.schedule.timezone
    made = [
        monitor.to_deployment(
            name="monitor",
            schedules=[Cron(config.schedule.cron, timezone=timezone)],
            parameters=parameters,
            concurrency_limit=ONE_AT_A_TIME,
            tags=["newsmon"],
        ),
        digest.to_deployment(
            name="digest",
            schedules=[Cron(config.schedule.digest_cron, timezone=timezone)],
            parameters=parameters,
            concurrency_limit=ONE_AT_A_TIME,
            tags=["newsmon"],
        ),
        backfill.to_deployment(
            name="backfill",
            parameters=parameters,
            concurrency_limit=QUEUED,
            tags=["newsmon"],
        ),
    ]
    # to_deployment is synchronous outside an event loop; its union return type is for async callers
    return [d for d in made if isinstance(d, RunnerDeployment)]


def serve_all(config: Config, database_url: str | None = None) -> None:
    """Run the schedules in this process (one machine, no worker needed) until SIGTERM or
    Ctrl-C; Prefect's own start message is off: its hints assume a configured profile."""
    if database_url:
        os.environ[DATABASE_URL_ENV] = database_url  # the runs inherit it, never as a parameter
    serve(
        *deployments(config, database_url),
        print_starting_message=False,
        query_seconds=POLL_SECONDS,
        prefetch_seconds=PREFETCH_SECONDS,
    )
