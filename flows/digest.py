"""The daily digest: one message per route listing the day's new statements by topic."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from prefect import flow, get_run_logger

from flows.tasks import DEFAULT_ROUTE
from newsmon.alerts import digest_selection, render_digest, route_targets, send
from newsmon.config import load_config
from storage.store import Store


@flow(name="digest", log_prints=True)
def digest(
    config_path: str = "sources.yaml",
    database_url: str | None = None,
    day: str | None = None,
    notify: list[str] | None = None,
    dry_run: bool = False,
) -> dict[str, int]:
    """Send each route the statements first seen on ``day`` (default: yesterday, UTC)."""
    logger = get_run_logger()
    config = load_config(Path(config_path))
    store = Store(config.resolved_database_url(database_url))
    covered = date.fromisoformat(day) if day else datetime.now(UTC).date() - timedelta(days=1)
    start = datetime.combine(covered, time.min, UTC)
    messages = store.messages_first_seen(start, start + timedelta(days=1))
    sent: dict[str, int] = {}
    for route in config.routes or (DEFAULT_ROUTE,):
        by_topic = digest_selection(messages, route)
        if not by_topic or not store.digest_due(route.name, covered.isoformat()):
            continue
        title, body = render_digest(
            route.name, covered.isoformat(), by_topic, config.alerts.max_message_chars
        )
        if dry_run:
            print(f"[dry run] would send to route {route.name}:\n{title}\n{body}")
            continue
        report = send(route_targets(route, notify or []), title, body)
        error = "; ".join(report.failed.values()) or None
        count = len({id(m) for group in by_topic.values() for m in group})
        store.finish_digest(route.name, covered.isoformat(), count, error)
        if error:
            logger.warning("digest for route %s failed: %s", route.name, error)
        else:
            sent[route.name] = count
    return sent
