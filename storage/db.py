"""Engine creation for SQLite and PostgreSQL."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import create_engine

from newsmon.errors import ConfigError, StoreError
from newsmon.redact import redact_text, redact_url


def normalise_database_url(url: str) -> str:
    """Accept the URL forms people paste and pick the installed PostgreSQL driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def check_database_url(url: str) -> str:
    """``url`` if it names a store newsmon can use; a ConfigError that says which otherwise."""
    hint = "use sqlite:///path/to/newsmon.db or postgresql://user@host/dbname"
    try:
        parsed = make_url(normalise_database_url(url))
    except (ArgumentError, ValueError):  # how SQLAlchemy rejects a malformed URL
        raise ConfigError(f"not a database URL: {redact_url(url)!r}", hint=hint) from None
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise ConfigError(
            f"unsupported database {parsed.get_backend_name()!r} in {redact_url(url)!r}", hint=hint
        )
    return url


@cache
def get_engine(url: str) -> Engine:
    url = normalise_database_url(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"invalid database URL {redact_url(url)!r}: {exc}") from None
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        # Several runs may share one SQLite file: wait for the lock instead of failing.
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


@cache
def get_reader_engine(url: str) -> Engine:
    """An engine for reading only: on SQLite its transactions never take the write lock.

    A WAL reader sees the last committed state while a pass writes, so the web app
    answers at once instead of waiting behind a pass's ``BEGIN IMMEDIATE``.
    PostgreSQL readers never wait for writers; they share the normal engine.
    """
    url = normalise_database_url(url)
    if make_url(url).get_backend_name() != "sqlite":
        return get_engine(url)
    engine = create_engine(url, connect_args={"timeout": 5, "check_same_thread": False})
    event.listen(engine, "connect", _sqlite_reader_pragmas)
    event.listen(engine, "begin", _sqlite_begin_deferred)
    return engine


def _sqlite_reader_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _sqlite_begin_deferred(connection: Any) -> None:
    # A deferred transaction: one consistent snapshot, no write lock.
    connection.exec_driver_sql("BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # The dedup index is read on every new article: keep its hot pages in memory.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # Take the write lock when the transaction starts, not at its first write, so a
    # read-decide-write sequence ("is this statement new?") cannot interleave with
    # another run's. Readers are not blocked: the database runs in WAL mode.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def store_exists(url: str) -> bool:
    """Whether ``url`` already holds a newsmon store; asks without creating anything."""
    parsed = make_url(normalise_database_url(url))
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and not (parsed.database and Path(parsed.database).is_file()):
        return False
    engine = get_engine(url)
    try:
        with engine.connect() as connection:
            return inspect(connection).has_table("alembic_version")
    except OperationalError:
        return False


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_POSTGRES_MIGRATION_LOCK = 0x6E65_776D  # "newm"
_migrated: set[str] = set()


def create_schema(engine: Engine) -> None:
    """Bring the store's schema to the newest migration (once per process and store).

    Concurrent starts are safe: the upgrade runs in one transaction under a lock
    (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL).
    """
    key = str(engine.url)
    if key in _migrated:
        return
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_MIGRATION_LOCK}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as exc:  # any driver or migration failure means the store is unusable
        raise StoreError(
            f"cannot open the store at {redact_url(str(engine.url))!r}: {redact_text(str(exc))}",
            hint="check that the database server is running and the URL is right",
        ) from None
    _migrated.add(key)
