"""A batch's writes, held until the whole batch is decided and then written together.

Deciding an article needs the ids of what the articles before it in the batch stored
(a copy points at its original, a repeat at its statement), not the rows themselves:
the ids are given out here, from where the table's own numbering stands, and every
row waits in memory. ``flush`` then writes each table with one statement (an
executemany on SQLite, ``insert_rows`` on PostgreSQL), so a batch of 50 articles costs
a few round trips instead of twenty per article. The
store-wide write lock (``StoreCore.write``) keeps every other writer out meanwhile,
so no other run takes an id given out here.

What the batch decides is read back from here as well as from the tables: an item
not written yet is still a story root (``parent``), a statement not written yet is
changed in its row rather than by an UPDATE.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Table, Update, bindparam, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeEngine
from sqlmodel import Session

from storage.core import table
from storage.dedup_index import ItemBand, ItemSignature
from storage.models import Alert, Item, Mention, StatementKey, StatementRecord
from storage.speakers import SpeakerAlias, SpeakerProfile

# Written in this order: a row only ever points at a table written before it.
INSERTED = (
    SpeakerProfile, SpeakerAlias, Item, ItemSignature, ItemBand, StatementRecord, StatementKey,
    Mention, Alert,
)  # fmt: skip
# The tables whose ids the batch gives out itself.
NUMBERED = ("speaker", "item", "statement")


class BatchWrites:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[str, list[dict[str, Any]]] = {t.__tablename__: [] for t in INSERTED}
        self._next_id: dict[str, int] = {}
        self._first_id: dict[str, int] = {}
        self.items: dict[int, dict[str, Any]] = {}
        self.statements: dict[int, dict[str, Any]] = {}
        # Stored statements' new values, by id; and updates that run after the inserts.
        self.statement_changes: dict[int, dict[str, Any]] = {}
        self.later: list[tuple[Update, list[dict[str, Any]]]] = []

    def new_id(self, table_name: str) -> int:
        """The id the next row of TABLE_NAME (one of ``NUMBERED``) would have been given."""
        if not self._next_id:
            self._next_id = self._numbering()
        found = self._next_id[table_name]
        self._next_id[table_name] = found + 1
        return found

    def add(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        self.rows[model.__tablename__].extend(rows)

    def add_item(self, row: dict[str, Any]) -> int:
        row["id"] = self.new_id("item")
        self.items[row["id"]] = row
        self.rows["item"].append(row)
        return int(row["id"])

    def add_statements(self, rows: list[dict[str, Any]]) -> list[int]:
        for row in rows:
            row["id"] = self.new_id("statement")
            self.statements[row["id"]] = row
        self.rows["statement"].extend(rows)
        return [int(row["id"]) for row in rows]

    def parent(self, item_id: int) -> tuple[int | None, str] | None:
        """An item of this batch as (duplicate_of_id, canonical_url); None for a stored one."""
        row = self.items.get(item_id)
        return None if row is None else (row["duplicate_of_id"], row["canonical_url"])

    def change_statement(self, statement_id: int, changes: Mapping[str, Any]) -> None:
        pending = self.statements.get(statement_id)
        if pending is not None:
            pending.update(changes)
        else:
            self.statement_changes.setdefault(statement_id, {}).update(changes)

    def update_later(self, statement: Update, params: list[dict[str, Any]]) -> None:
        """STATEMENT, executed once per PARAMS entry after the batch's rows are written."""
        if params:
            self.later.append((statement, params))

    def flush(self) -> None:
        """Write everything the batch decided; the ids given out are then taken."""
        connection = self.session.connection()
        for model in INSERTED:
            rows = self.rows[model.__tablename__]
            if rows:
                insert_rows(connection, table(model), rows)
                rows.clear()
        self._update_statements()
        for statement, params in self.later:
            connection.execute(statement, params)
        self.later.clear()
        self.items.clear()
        self.statements.clear()
        self._advance_sequences()

    def _update_statements(self) -> None:
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for statement_id, changes in self.statement_changes.items():
            by_columns.setdefault(tuple(sorted(changes)), []).append(
                {"changed_id": statement_id, **{f"new_{k}": v for k, v in changes.items()}}
            )
        statements = table(StatementRecord)
        for columns, params in by_columns.items():
            self.session.connection().execute(
                update(statements)
                .where(statements.c.id == bindparam("changed_id"))
                .values({name: bindparam(f"new_{name}") for name in columns}),
                params,
            )
        self.statement_changes.clear()

    def _numbering(self) -> dict[str, int]:
        """Where each ``NUMBERED`` table's ids stand: on SQLite the next rowid is one past
        the largest; on PostgreSQL the sequence says, read without taking a value."""
        if self.session.get_bind().dialect.name == "postgresql":
            parts = [f"(SELECT last_value + is_called::int FROM {t}_id_seq)" for t in NUMBERED]
        else:
            parts = [f"(SELECT coalesce(max(id), 0) + 1 FROM {t})" for t in NUMBERED]
        found = self.session.execute(text(f"SELECT {', '.join(parts)}")).one()
        self._first_id = dict(zip(NUMBERED, found, strict=True))
        return dict(self._first_id)

    def _advance_sequences(self) -> None:
        """On PostgreSQL, move each sequence past the ids the batch took, as nextval would."""
        if not self._next_id or self.session.get_bind().dialect.name != "postgresql":
            self._next_id = {}
            return
        taken = [t for t in NUMBERED if self._next_id[t] > self._first_id[t]]
        if taken:
            calls = ", ".join(f"setval('{t}_id_seq', {self._next_id[t] - 1})" for t in taken)
            self.session.execute(text(f"SELECT {calls}"))
        self._next_id = {}


def insert_rows(connection: Connection, into: Table, rows: list[dict[str, Any]]) -> None:
    """ROWS (dicts with the same keys) into the table INTO, in one statement.

    On PostgreSQL the rows go as one JSON document that the server turns into records
    (``json_to_recordset``): psycopg's executemany would send and the server execute
    every row as a statement of its own (a batch writes tens of thousands of statement
    keys), SQLAlchemy's multi-row VALUES and psycopg's array parameters cost more client
    CPU than encoding the rows to JSON in C. The JSON is ``json.dumps``'s as SQLAlchemy
    writes it (non-ASCII escaped), so a JSON column holds the same text as a row bound
    one by one (topic filters match on it); a datetime is read as ``timestamptz`` and
    stored as binding it would store it. SQLite's executemany loops in C already; it is
    handed the rows as tuples (``_sqlite_insert``).
    """
    quote = connection.dialect.identifier_preparer.quote
    if connection.dialect.name != "postgresql":
        _sqlite_insert(connection, into, rows)
        return
    names = [quote(name) for name in rows[0]]
    types = [_record_type(into.c[name].type, connection) for name in rows[0]]
    record = ", ".join(f"{name} {type_}" for name, type_ in zip(names, types, strict=True))
    connection.execute(
        text(
            f"INSERT INTO {quote(into.name)} ({', '.join(names)})"
            f" SELECT {', '.join(names)} FROM json_to_recordset(CAST(:rows AS json)) AS r({record})"
        ),
        {"rows": json.dumps(rows, default=_json_value)},
    )


def _sqlite_insert(connection: Connection, into: Table, rows: list[dict[str, Any]]) -> None:
    """ROWS through the driver's executemany as tuples, each column's values converted by
    the bind processor SQLAlchemy would apply (a datetime to its text, a JSON value to
    its ``json.dumps``): SQLAlchemy's own executemany builds a parameter dict per row,
    about a third of the store's insert cost for a batch's 20,000 keys. Like the
    PostgreSQL path it writes the columns given, no column defaults."""
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    columns = []
    for name in rows[0]:
        values = [row[name] for row in rows]
        process = into.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        columns.append(values if process is None else [process(v) for v in values])
    names = ", ".join(quote(name) for name in rows[0])
    connection.exec_driver_sql(
        f"INSERT INTO {quote(into.name)} ({names}) VALUES ({', '.join('?' * len(columns))})",
        list(zip(*columns, strict=True)),
    )


def _record_type(type_: TypeEngine[Any], connection: Connection) -> str:
    if isinstance(type_, DateTime):
        return "timestamptz"
    return str(type_.compile(dialect=connection.dialect))


def _json_value(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return "\\x" + value.hex()  # bytea's hex input format
    raise TypeError(f"a batch row holds a {type(value).__name__}, which has no JSON form")
