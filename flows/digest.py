"""The daily digest flow: one message per route listing the day's new statements by topic."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import flow

from flows.passes import digest_pass, yesterday
from newsmon.config import env_targets, load_config


@flow(name="digest", log_prints=True)
def digest(
    config_path: str = "sources.yaml",
    database_url: str | None = None,
    day: str | None = None,
    notify: list[str] | None = None,
    dry_run: bool = False,
) -> dict[str, int]:
    """Send each route the statements first seen on ``day`` (default: yesterday, UTC)."""
    config = load_config(Path(config_path))
    covered = date.fromisoformat(day) if day else yesterday()
    targets = (*(notify or ()), *env_targets())  # secrets come from the environment
    return digest_pass(
        config, config.resolved_database_url(database_url), covered, targets, dry_run
    )
