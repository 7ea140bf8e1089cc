"""Issue #22: a page of hundreds of statements made of the same few words is stored in
time linear in their number.

Such a page (the hostile text of the issue) gives every statement the same lookup
keys, so each new statement of the item used to be compared with every earlier one,
folding both texts again each time: 394 statements cost the store 19 s of CPU, more
than the page's whole analysis budget. Each is now compared with a bounded number of
earlier ones, through forms worked out once. Their alerts, in one message, are read
in a bounded number of queries, not several per alert.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.analysis_scaling import hostile_text
from flows.steps import DEFAULT_ROUTE, send_alerts
from newsmon.analyse import AnalysedArticle
from newsmon.config import AlertSettings
from newsmon.dedup import Signature, content_hash
from newsmon.models import (
    TOPICS_FROM_STATEMENT,
    Article,
    Speaker,
    Statement,
    StatementTopics,
    TopicLabel,
)
from storage.store import Store
from tests.fuzz.bounds import cpu_bound

STATEMENTS = 400
WORDS_PER_STATEMENT = 30
# CPU a statement may cost the store: it measures about 2 ms; comparing each with
# every earlier one of the item costs over 100 ms each at this count.
SECONDS_PER_STATEMENT = 0.01


def _hostile_item(url: str) -> AnalysedArticle:
    words = hostile_text(STATEMENTS * WORDS_PER_STATEMENT).split()
    lines = [
        " ".join(words[start : start + WORDS_PER_STATEMENT])
        for start in range(0, len(words), WORDS_PER_STATEMENT)
    ]
    text = "\n".join(lines)
    speaker = Speaker("Lavrov", role="minister", country="Russia", official=True)
    article = Article(url=url, canonical_url=url, title="Statements", text=text, source="feed")
    article.statements = [Statement(speaker=speaker, text=line, kind="reported") for line in lines]
    return AnalysedArticle(article, content_hash(text), Signature(()))


def test_hundreds_of_statements_of_the_same_few_words_are_stored_in_linear_time(
    tmp_path: Path,
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    item = _hostile_item("https://hostile.example/statements")
    with cpu_bound(STATEMENTS, SECONDS_PER_STATEMENT, "storing one item's statements"):
        [outcome] = store.store_articles([item], routes=())
    assert outcome.item_id is not None
    assert outcome.new_statements + outcome.repeated_statements == STATEMENTS


# SQL statements that sending one item's alerts may take, however many statements it has:
# grouping, claiming and one delivery's bookkeeping. Read statement by statement, it was
# seven per alert (2 s of CPU for the hostile page's 411 alerts).
SQL_FOR_ONE_MESSAGE = 40


@contextmanager
def _sql_statements() -> Iterator[list[str]]:
    executed: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        executed.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield executed
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def test_the_alerts_of_hundreds_of_statements_are_read_in_a_bounded_number_of_queries(
    tmp_path: Path, capsys: Any
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    item = _hostile_item("https://hostile.example/alerts")
    on_topic = StatementTopics((TopicLabel("ceasefire", 1.0),), TOPICS_FROM_STATEMENT)
    item.article.statements = [replace(s, topics=on_topic) for s in item.article.statements]
    [outcome] = store.store_articles([item], routes=(DEFAULT_ROUTE,))
    assert outcome.alerts_queued > STATEMENTS * 0.9  # one message: one speaker, one story
    with _sql_statements() as executed:
        sent, failed = send_alerts(store.url, AlertSettings(), routes=(DEFAULT_ROUTE,))
    assert (sent, failed) == (outcome.alerts_queued, 0)
    assert "Lavrov" in capsys.readouterr().out
    assert len(executed) <= SQL_FOR_ONE_MESSAGE, f"{len(executed)} SQL statements"
