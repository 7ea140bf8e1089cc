"""statement_key holds no foreign key (migration 0013, issue #20): an existing store
loses the check and keeps its rows, and what the check guarded still holds, because a
batch's keys commit or roll back with their statements, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from storage import db
from storage.store import Store
from tests.test_store import BRIEFING, ROUTE
from tests.test_store_batch import OWN_LINE, analysed

BEFORE = "0012_statement_speaker_index"


def _to_revision(engine: Engine, revision: str) -> None:
    config = AlembicConfig()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _key_references(engine: Engine) -> list[str | None]:
    with engine.connect() as connection:
        return [
            fk["referred_table"] for fk in inspect(connection).get_foreign_keys("statement_key")
        ]


def _rows(engine: Engine, query: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


def test_an_existing_store_loses_the_key_check_and_keeps_its_rows(store: Store) -> None:
    store.store_article(analysed("https://a.example/1", BRIEFING), routes=[ROUTE])
    # The store as the code before 0013 left it: the check back on its keys.
    _to_revision(store.engine, BEFORE)
    assert _key_references(store.engine) == ["statement"]
    keys = _rows(store.engine, "SELECT key, statement_id FROM statement_key ORDER BY 1, 2")
    assert keys
    store.engine.dispose()
    db._migrated.clear()

    reopened = Store(store.url)
    assert _key_references(reopened.engine) == []
    assert _rows(reopened.engine, "SELECT key, statement_id FROM statement_key ORDER BY 1, 2") == (
        keys
    )
    # The migrated store decides as before: the same line from another outlet repeats it.
    again = reopened.store_article(analysed("https://b.example/2", BRIEFING), routes=[ROUTE])
    assert (again.new_statements, again.repeated_statements) == (0, 1)


def _refuse_alerts(store: Store) -> None:
    """A trigger that fails every alert insert: the batch's last table, written after
    its statements and their keys."""
    with store.engine.begin() as connection:
        if store.is_postgres:
            connection.execute(
                text(
                    "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                    " $$ BEGIN RAISE EXCEPTION 'alerts refused'; END $$"
                )
            )
            connection.execute(
                text("CREATE TRIGGER refuse BEFORE INSERT ON alert EXECUTE FUNCTION refuse()")
            )
        else:
            connection.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON alert"
                    " BEGIN SELECT RAISE(ABORT, 'alerts refused'); END"
                )
            )


def test_a_batch_failing_half_way_leaves_no_keys_and_alerts_once_when_stored(
    store: Store,
) -> None:
    batch = [
        analysed("https://a.example/1", BRIEFING),
        analysed("https://c.example/3", OWN_LINE),
    ]
    _refuse_alerts(store)
    try:
        outcomes = store.store_articles(batch, routes=[ROUTE])
    except Exception as exc:  # PostgreSQL's refusal is no integrity error: it reaches here
        assert "alerts refused" in str(exc)
    else:  # SQLite's is, and the store then tried each article alone
        assert all(outcome.item_id is None for outcome in outcomes)
    for table in ("item", "statement", "statement_key", "mention", "alert"):
        assert _rows(store.engine, f"SELECT count(*) FROM {table}") == [(0,)], table
    with store.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER refuse" + (" ON alert" if store.is_postgres else "")))

    first = store.store_articles(batch, routes=[ROUTE])
    again = store.store_articles(
        [analysed("https://b.example/2", BRIEFING), analysed("https://d.example/4", OWN_LINE)],
        routes=[ROUTE],
    )
    new, queued = sum(o.new_statements for o in first), sum(o.alerts_queued for o in first)
    assert new >= 2 and queued >= 1
    assert sum(o.new_statements for o in again) == sum(o.alerts_queued for o in again) == 0
    # One outbox row per new statement and route, whether queued or suppressed, once.
    assert _rows(store.engine, "SELECT count(*) FROM alert") == [(new,)]
    assert [a["status"] for a in store.export_alerts()].count("pending") == queued
    # Every key names a stored statement.
    orphans = (
        "SELECT count(*) FROM statement_key WHERE statement_id NOT IN (SELECT id FROM statement)"
    )
    assert _rows(store.engine, orphans) == [(0,)]


def test_a_key_whose_statement_is_missing_matches_nothing(store: Store) -> None:
    """Nothing writes such a key, but nothing in the schema forbids one any more: it is
    read past, as a join would, and the line it would have matched is new."""
    with store.engine.begin() as connection:
        for key in ("w:granaries", "w:farmers"):
            connection.execute(
                text("INSERT INTO statement_key (key, statement_id) VALUES (:key, 999)"),
                {"key": key},
            )
    stored = store.store_article(analysed("https://c.example/3", OWN_LINE), routes=[ROUTE])
    assert stored.new_statements >= 1
