"""statement_key is one B-tree on SQLite (migration 0014, issue #20): a store made before
loses the table's rowids and keeps its keys, and still finds a repeat through them; a
PostgreSQL store, which has no rowids, is left as it was."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from storage import db
from storage.store import Store
from tests.test_statement_key_unchecked import _rows, _to_revision
from tests.test_store import BRIEFING, ROUTE
from tests.test_store_batch import analysed

BEFORE = "0013_statement_key_unchecked"
KEYS = "SELECT key, statement_id FROM statement_key ORDER BY 1, 2"


def _has_rowids(engine: Engine) -> bool:
    """Whether statement_key has rowids: a table without them refuses to name one."""
    with engine.connect() as connection:
        try:
            connection.execute(text("SELECT rowid FROM statement_key LIMIT 1")).all()
        except DBAPIError:  # "no such column: rowid", in each driver's words
            return False
    return True


def test_an_existing_store_keeps_its_keys_without_rowids(store: Store) -> None:
    store.store_article(analysed("https://a.example/1", BRIEFING), routes=[ROUTE])
    keys = _rows(store.engine, KEYS)
    assert keys
    assert not _has_rowids(store.engine)
    # The store as the code before 0014 left it.
    _to_revision(store.engine, BEFORE)
    assert _has_rowids(store.engine) == (not store.is_postgres)
    assert _rows(store.engine, KEYS) == keys
    store.engine.dispose()
    db._migrated.clear()

    reopened = Store(store.url)
    assert not _has_rowids(reopened.engine)
    assert _rows(reopened.engine, KEYS) == keys
    # The keys are still read: the same line from another outlet repeats it.
    again = reopened.store_article(analysed("https://b.example/2", BRIEFING), routes=[ROUTE])
    assert (again.new_statements, again.repeated_statements) == (0, 1)
