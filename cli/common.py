"""Options and helpers the commands share: the config, the database URL, the store."""

from __future__ import annotations

import os
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from newsmon.config import DEFAULT_CONFIG_PATH, Config, load_config

ConfigOption = Annotated[
    Path, typer.Option("--config", "-c", help="Path to sources.yaml.", show_default=True)
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (sqlite:///file.db or postgresql://…). "
        "Default: NEWSMON_DATABASE_URL, then the config, then sqlite:///newsmon.db.",
    ),
]
FeedOption = Annotated[
    list[str] | None,
    typer.Option("--feed", help="Feed URL for this pass, replacing the configured feeds."),
]
NotifyOption = Annotated[
    list[str] | None,
    typer.Option("--notify", help="Extra apprise target URL for every routed alert."),
]
AllowHostOption = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-host",
        help="Host that may be fetched even if it is private or loopback: HOST (any port) "
        "or HOST:PORT (that port only; [::1]:PORT for IPv6).",
    ),
]
DayOption = Annotated[
    datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"], help="Day to cover, as YYYY-MM-DD (default: yesterday, UTC)."
    ),
]


class ExportKind(StrEnum):
    items = "items"
    statements = "statements"
    alerts = "alerts"
    speakers = "speakers"


def load(path: Path, *, required: bool = True) -> Config:
    """The configuration; commands that only read the store run without one."""
    if not required and path == DEFAULT_CONFIG_PATH and not path.exists():
        return Config()
    return load_config(path)


def database_url(config: Config, db: str | None) -> str:
    from storage.db import check_database_url

    return check_database_url(config.resolved_database_url(db))


def open_store(url: str) -> Any:
    from storage.store import Store

    return Store(url)


def secrets_to_environment(url: str, notify: list[str] | None) -> None:
    """Hand the database URL and --notify targets to a flow run through the environment.

    Prefect records a flow run's parameters in its database and shows them in its UI;
    the flow reads these from NEWSMON_DATABASE_URL and NEWSMON_NOTIFY inside the run.
    """
    from newsmon.config import DATABASE_URL_ENV, NOTIFY_ENV

    os.environ[DATABASE_URL_ENV] = url
    if notify:
        os.environ[NOTIFY_ENV] = " ".join([*os.environ.get(NOTIFY_ENV, "").split(), *notify])


def tracked_by_prefect() -> bool:
    """Run passes as Prefect flows only where the user pointed us at a Prefect API."""
    return bool(os.environ.get("PREFECT_API_URL"))


HostOption = Annotated[str, typer.Option(help="Address the web app listens on.")]
PortOption = Annotated[int, typer.Option(help="Port the web app listens on.")]
