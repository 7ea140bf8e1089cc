"""The daily digest flow: one message per route listing the day's new statements by topic."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.passes import digest_pass, flow_config, yesterday
from newsmon.config import env_targets


@flow(name="digest", persist_result=False)  # see flows.tasks: nothing reads it back
def digest(
    config_path: str | None = None,
    database_url: str | None = None,
    day: str | None = None,
    notify: list[str] | None = None,
    dry_run: bool = False,
) -> dict[str, int]:
    """Send each route the statements first seen on ``day`` (default: yesterday, UTC)."""
    config = flow_config(config_path)
    covered = date.fromisoformat(day) if day else yesterday()
    targets = (*(notify or ()), *env_targets())  # secrets come from the environment
    return digest_pass(
        config, config.resolved_database_url(database_url), covered, targets, dry_run
    )
