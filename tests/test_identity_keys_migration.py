"""Migration 0011 gives statements stored before it the keys identity looks them up by."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from newsmon.analyse import analyse
from newsmon.models import Article
from newsmon.statements import SpeakerVocabulary, statement_keys
from newsmon.topics import Taxonomy
from storage import db
from storage.store import Store

LINE = (
    '"China supports every effort that helps the parties reach a ceasefire and a durable peace '
    'agreement through negotiation," Chinese Foreign Ministry spokeswoman Mao Ning said.'
)


def test_an_older_store_gets_the_keys_of_its_statements_backfilled(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    item = Article(
        url="https://a.example/1",
        canonical_url="https://a.example/1",
        title="Talks",
        text="Report. " + LINE,
        source="test",
    )
    store.store_article(analyse(item, Taxonomy({}), SpeakerVocabulary()), routes=[])
    # What a store written before 0011 looks like: one old-style key, schema at 0010.
    with store.engine.begin() as connection:
        statement_id, stored_text = connection.execute(text("SELECT id, text FROM statement")).one()
        connection.execute(text("DELETE FROM statement_key"))
        connection.execute(
            text("INSERT INTO statement_key (key, statement_id) VALUES ('w:negotiation', :id)"),
            {"id": statement_id},
        )
        # and without what later migrations add (0012: the speaker index).
        connection.execute(text("DROP INDEX ix_statement_speaker"))
        connection.execute(text("UPDATE alembic_version SET version_num = '0010_pass_record'"))
    store.engine.dispose()
    db._migrated.clear()

    reopened = Store(url)
    with reopened.engine.connect() as connection:
        keys = set(connection.execute(text("SELECT key FROM statement_key")).scalars())
    reopened.engine.dispose()
    assert keys == set(statement_keys(stored_text)) | {"w:negotiation"}
