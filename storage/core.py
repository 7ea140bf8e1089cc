"""Sessions and the store-wide write lock that every part of the store shares.

Writes that decide "is this new?" (items, statements, alerts) run under the
write lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so two
overlapping runs cannot both decide the same thing is new.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from storage.db import create_schema, get_engine, get_reader_engine

_POSTGRES_WRITE_LOCK = 0x6E65_7773  # "news"
# Values per IN (...) of a batch's look-ups: far under SQLite's and PostgreSQL's parameter limits.
IN_CHUNK = 500


class StoreCore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = get_engine(url)
        create_schema(self.engine)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading: on SQLite it never waits for another run's write lock."""
        with Session(get_reader_engine(self.url), expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction holding the store-wide write lock."""
        with Session(self.engine, expire_on_commit=False) as session:
            if self.is_postgres:
                session.connection().execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_WRITE_LOCK}
                )
            # SQLite: every transaction begins IMMEDIATE (see storage.db), which is the lock.
            yield session
            session.commit()


def table(model: type[SQLModel]) -> Table:
    """The Core table behind MODEL. Rows inserted through it skip the ORM's bulk-insert
    layer, which costs more than the insert itself for the few rows of one article."""
    found: Table = model.__table__  # type: ignore[attr-defined]
    return found


def inserted_ids(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> list[int]:
    """Insert ROWS into MODEL's table in one statement; their ids, in ROWS' order.

    SQLAlchemy keeps the order on SQLite only by inserting one row per statement. There
    a multi-row INSERT numbers its rows in VALUES order, each one past the largest id
    (the write lock keeps other runs out), so the returned ids, sorted, are in order.
    """
    found = table(model)
    if session.get_bind().dialect.name == "sqlite":
        return sorted(session.execute(insert(found).returning(found.c.id), rows).scalars())
    returning = insert(found).returning(found.c.id, sort_by_parameter_order=True)
    return list(session.execute(returning, rows).scalars())


def count_rows(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
