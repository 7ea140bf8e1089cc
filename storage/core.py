"""Sessions and the store-wide write lock that every part of the store shares.

Writes that decide "is this new?" (items, statements, alerts) run under the
write lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so two
overlapping runs cannot both decide the same thing is new.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, JSON, Row, Select, Table, Text, any_, bindparam, cast, func, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, select

from storage.db import create_schema, get_engine, get_reader_engine

_POSTGRES_WRITE_LOCK = 0x6E65_7773  # "news"


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


def rows_matching(
    connection: Connection | Session,
    query: Select[Any],
    column: ColumnElement[Any] | Mapped[Any],
    values: Sequence[Any],
) -> list[Row[Any]]:
    """QUERY's rows whose COLUMN is one of VALUES, in one statement however many values:
    they go as one JSON array that the database unpacks (PostgreSQL's
    ``json_array_elements_text``, SQLite's ``json_each``), so the statement is compiled
    once and its one parameter is a ``json.dumps`` in C. Each value as a parameter of
    its own costs client CPU per value (psycopg dumps a list element by element, about
    30 ms for a batch's 20,000 keys where ``json.dumps`` takes 3; SQLAlchemy coerces and
    expands an ``IN (...)`` list value by value: 21 ms of CPU for a SQLite look-up of
    8,000 keys in lists of 500, 16 ms as one array).

    QUERY is best a module constant: the statement made of it is then built once (see
    ``_matching``)."""
    if not values:
        return []
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    statement = _matching(query, column, bind.dialect.name)
    return list(connection.execute(statement, {"values": json.dumps(list(values))}).all())


# The statements ``rows_matching`` ran, by (query, column, dialect), for queries made once.
# Building the statement and SQLAlchemy's cache key for it (worked out once per statement
# object, then kept on it) cost about 0.4 ms of CPU a call, running it on SQLite 0.08 ms
# (50 URLs looked up): several calls a batch, for every batch of a pass.
_MATCHING: dict[tuple[int, int, str], tuple[Select[Any], object, Select[Any]]] = {}
# A caller building its query anew on every call fills the cache with statements never
# run again: it is emptied when it reaches this size, far above the store's few queries.
_MATCHING_SIZE = 64


def _matching(
    query: Select[Any], column: ColumnElement[Any] | Mapped[Any], dialect: str
) -> Select[Any]:
    """QUERY narrowed to the rows whose COLUMN is in the JSON array bound to ``values``."""
    key = (id(query), id(column), dialect)
    found = _MATCHING.get(key)
    if found is not None and found[0] is query and found[1] is column:
        return found[2]
    expression = column.expression if isinstance(column, QueryableAttribute) else column
    assert isinstance(expression, ColumnElement)
    packed = bindparam("values", type_=Text)
    if dialect == "postgresql":
        unpacked = func.json_array_elements_text(cast(packed, JSON))
        # ``= ANY(ARRAY(...))``, not ``IN (SELECT ...)``: the planner estimates the array's
        # length and probes the index, where it would hash the whole table for the subquery.
        wanted = cast(func.array(select(unpacked).scalar_subquery()), ARRAY(expression.type))
        statement = query.where(expression == any_(wanted))
    else:
        # SQLite probes COLUMN's index once per element (a "LIST SUBQUERY" in its plan).
        elements = func.json_each(packed).table_valued("value")
        statement = query.where(expression.in_(select(elements.c.value)))
    if len(_MATCHING) >= _MATCHING_SIZE:
        _MATCHING.clear()
    # The query and column are kept with it: their ids cannot be another's while it is here.
    _MATCHING[key] = (query, column, statement)
    return statement


def count_rows(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
