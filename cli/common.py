"""Options and helpers the commands share: the config, the database URL, the store."""

from __future__ import annotations

import os
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from newsmon.config import DEFAULT_CONFIG_PATH, Config, load_config


class _FlagsAsFlags:
    """Typer labels every flag ``<bool>`` in help, as if it took a value: show none."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
                param.metavar = ""
        return params


class NewsmonCommand(_FlagsAsFlags, TyperCommand):
    """A command whose help shows flags as flags."""


class NewsmonGroupBase(_FlagsAsFlags, TyperGroup):
    """The command group, with the same help."""


ConfigOption = Annotated[
    Path,
    typer.Option("--config", "-c", metavar="PATH", help="Path to sources.yaml.", show_default=True),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the summary as one JSON object instead of words.")
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL (sqlite:///file.db or postgresql://…). "
        "Default: NEWSMON_DATABASE_URL, then the config, then sqlite:///newsmon.db.",
    ),
]
FeedOption = Annotated[
    list[str] | None,
    typer.Option(
        "--feed", metavar="URL", help="Feed URL for this pass, replacing the configured feeds."
    ),
]
NotifyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--notify", metavar="APPRISE_URL", help="Extra apprise target URL for every routed alert."
    ),
]
AllowHostOption = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-host",
        metavar="HOST",
        help="Host that may be fetched even if it is private or loopback: HOST (any port) "
        "or HOST:PORT (that port only; [::1]:PORT for IPv6).",
    ),
]
DayOption = Annotated[
    datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Day to cover, as YYYY-MM-DD (default: yesterday, UTC).",
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


def open_reader(url: str) -> Any:
    """The store's read-only part: imports in a fraction of the time of ``open_store``."""
    from storage.reader import StoreReader

    return StoreReader(url)


def tracked_by_prefect() -> bool:
    """Run passes as Prefect flows only where the user pointed us at a Prefect API."""
    return bool(os.environ.get("PREFECT_API_URL"))


HostOption = Annotated[str, typer.Option(metavar="ADDRESS", help="Address the web app listens on.")]
PortOption = Annotated[int, typer.Option(metavar="PORT", help="Port the web app listens on.")]
