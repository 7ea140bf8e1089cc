"""A batch written in one go (storage.batch): what one article of the batch stored is
seen by the later ones before anything is written, on SQLite and on PostgreSQL."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import event

from newsmon.analyse import AnalysedArticle, analyse
from newsmon.models import Article
from newsmon.statements import statement_keys
from storage import candidates as candidates_module
from storage.candidates import COMMON_WORD_KEY, StatementCandidates
from storage.store import Store
from tests.test_store import BRIEFING, ROUTE, TAXONOMY, VOCABULARY, article

QUOTE = (
    '"China supports every effort that helps the parties reach a ceasefire and a durable peace '
    'agreement through negotiation,"'
)
# The same line as BRIEFING's, said by a speaker this article names without any fields.
RESTATED = (
    "Officials met in Geneva on Tuesday to discuss shipping routes and grain exports.\n"
    f"{QUOTE} Mao Ning said on Tuesday.\n"
    "Delegates from twelve countries are expected to attend the follow-up meeting next month."
)
# A line of Mao Ning's that no other article carries, naming her without any fields.
OWN_LINE = (
    "Grain prices rose sharply across the region this week after the latest harvest reports.\n"
    '"Our farmers will keep the granaries full whatever the weather brings this autumn," '
    "Mao Ning said on Wednesday.\n"
    "Traders in several ports reported long queues of lorries waiting to unload their cargo."
)


WORDS = random.Random(7)


def sentence(n: int, *extra: str) -> str:
    """N made-up words (and EXTRA), which no other sentence shares."""
    made_up = [
        "".join(WORDS.choice("bcdfghklmnprstvz") + WORDS.choice("aeiou") for _ in range(3))
        for _ in range(n)
    ]
    return " ".join([*made_up[: n // 2], *extra, *made_up[n // 2 :]]).capitalize()


def unrelated(url: str, name: str, *quoted: str) -> Article:
    """An article that shares nothing with another (none is a copy, no line a repeat)
    but the QUOTED words in the middle of its one statement."""
    return article(
        url,
        f"{sentence(30)}.\n"
        f'"{sentence(16, *quoted)}," Speaker{name} Lin said on Wednesday.\n'
        f"{sentence(30)}.",
    )


def analysed(url: str, text: str) -> AnalysedArticle:
    return analyse(article(url, text, title=url), TAXONOMY, VOCABULARY)


def test_a_line_said_twice_in_one_batch_is_new_once_and_alerted_once(store: Store) -> None:
    batch = [
        analysed("https://a.example/1", BRIEFING),
        analysed("https://b.example/2", RESTATED),
    ]
    first, second = store.store_articles(batch, routes=[ROUTE])
    assert first.new_statements == 1 and first.alerts_queued == 1
    # The first article's statement is not written yet when the second is decided.
    assert second.new_statements == 0 and second.repeated_statements == 1
    rows = [r for r in store.export_statements() if "durable peace" in r["text"]]
    assert [(r["item_url"], r["new"]) for r in rows] == [
        ("https://a.example/1", True),
        ("https://b.example/2", False),
    ]
    assert len({r["statement_id"] for r in rows}) == 1
    assert [(a["item_url"], a["route"]) for a in store.export_alerts()] == [
        ("https://a.example/1", ROUTE.name)
    ]
    # The ids the batch gave out are taken: the next article is numbered after them.
    later = store.store_article(analysed("https://c.example/3", OWN_LINE), routes=[ROUTE])
    assert later.item_id is not None and second.item_id is not None
    assert later.item_id > second.item_id and later.new_statements >= 1


def test_a_speaker_learned_later_in_the_batch_completes_its_earlier_statements(
    store: Store,
) -> None:
    """The registry learns Mao Ning's country from the batch's second article: her line
    in the first, written in the same flush, gets it too, as a later batch would."""
    store.store_articles(
        [analysed("https://a.example/1", OWN_LINE), analysed("https://b.example/2", BRIEFING)],
        routes=[ROUTE],
    )
    granaries = [r for r in store.export_statements() if "granaries" in r["text"]]
    assert [(r["speaker"], r["country"]) for r in granaries] == [("Mao Ning", "China")]


def test_a_batch_costs_the_same_sql_statements_however_many_articles_it_holds(
    store: Store,
) -> None:
    def executed(batch: list[Article]) -> int:
        count = [0]

        def counted(*_: Any) -> None:
            count[0] += 1

        event.listen(store.engine, "before_cursor_execute", counted)
        outcomes = store.store_articles(
            [analyse(a, TAXONOMY, VOCABULARY) for a in batch], routes=[ROUTE], backfill=True
        )
        event.remove(store.engine, "before_cursor_execute", counted)
        assert [o.new_statements for o in outcomes] == [1] * len(batch)
        return count[0]

    def texts(site: str, n: int) -> list[Article]:
        return [unrelated(f"https://{site}.example/{i}", f"{site.upper()}{i}") for i in range(n)]

    # One batch first, so both measured batches meet a store with rows in every table.
    executed(texts("w", 2))
    two, twelve = executed(texts("x", 2)), executed(texts("y", 12))
    assert twelve == two, f"2 articles: {two} SQL statements, 12 articles: {twelve}"


def test_analysis_hands_the_store_each_statements_keys(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``analyse`` works out each statement's blocking keys (extraction keyed them
    already) and the store takes them rather than working them out again in the pass's
    busiest process: it decides as it would have."""
    batch = [
        analysed("https://a.example/1", BRIEFING),
        analysed("https://b.example/2", RESTATED),
    ]
    for item in batch:
        texts = [s.text for s in item.article.statements]
        assert texts and item.statement_keys == {t: tuple(statement_keys(t)) for t in texts}

    def not_again(text: str) -> list[str]:
        raise AssertionError(f"keys worked out again for {text!r}")

    monkeypatch.setattr(candidates_module, "statement_keys", not_again)
    first, second = store.store_articles(batch, routes=[ROUTE])
    assert (first.new_statements, second.repeated_statements) == (1, 1)


def test_a_common_word_key_is_counted_and_its_rows_are_not_read(store: Store) -> None:
    """Past COMMON_WORD_KEY statements sharing a word, the word's key no longer brings
    them in as candidates; a repeat is still found by the keys it shares with its line."""
    lines = [
        unrelated(f"https://a.example/{i}", f"A{i}", "extraordinarily")
        for i in range(COMMON_WORD_KEY + 2)
    ]
    store.store_articles([analyse(a, TAXONOMY, VOCABULARY) for a in lines], routes=[ROUTE])
    repeat = analyse(
        article("https://b.example/1", lines[3].text.replace("SpeakerA3", "SpeakerB1")),
        TAXONOMY,
        VOCABULARY,
    )
    fresh = analyse(unrelated("https://b.example/2", "B2", "extraordinarily"), TAXONOMY, VOCABULARY)
    with store.write() as session:
        candidates = StatementCandidates(session)
        candidates.look_up([*repeat.article.statements, *fresh.article.statements])
        assert "w:extraordinarily" in candidates.common
        assert len(candidates.by_id) == 1  # the repeated line's, through its other keys
    [found, new] = store.store_articles([repeat, fresh], routes=[ROUTE])
    assert (found.new_statements, found.repeated_statements) == (0, 1)
    assert (new.new_statements, new.repeated_statements) == (1, 0)


def test_a_line_keyed_by_one_common_word_is_still_found_a_repeat(store: Store) -> None:
    """A line with a single content word has that word's key and no other: however
    common the word, its rows are read for such a line, or the line's repeat in another
    outlet would be new, and alerted, again."""
    lines = [
        unrelated(f"https://a.example/{i}", f"A{i}", "extraordinarily")
        for i in range(COMMON_WORD_KEY + 2)
    ]
    store.store_articles([analyse(a, TAXONOMY, VOCABULARY) for a in lines], routes=[ROUTE])
    said = (
        "{place} officials met on Tuesday to discuss shipping routes and grain exports.\n"
        '"We will not do it, and that is extraordinarily so," Mao Ning said on Tuesday.\n'
        "Delegates from {count} countries are expected to attend the meeting next month."
    )
    [first] = store.store_articles(
        [analysed("https://c.example/1", said.format(place="Geneva", count="twelve"))],
        routes=[ROUTE],
    )
    assert (first.new_statements, first.repeated_statements) == (1, 0)
    repeat = analysed("https://d.example/1", said.format(place="Vienna", count="nine"))
    with store.write() as session:
        candidates = StatementCandidates(session)
        candidates.look_up(repeat.article.statements)
        assert "w:extraordinarily" in candidates.common
    [again] = store.store_articles([repeat], routes=[ROUTE])
    assert (again.new_statements, again.repeated_statements) == (0, 1)


def test_rows_matching_takes_any_number_of_values_in_one_statement(store: Any) -> None:
    """A batch's look-ups send their values as one parameter, however many: every row
    whose column is one of them comes back (text with quotes, non-ASCII and JSON's own
    characters, and integers in the millions), none of the others, in one statement."""
    from sqlmodel import Session, col, select

    from storage.core import rows_matching, table
    from storage.models import StatementKey

    stored = [f'k:{n} "quoted" \\ é {n * 7}' for n in range(1_500)]
    ids = [n * 1_400_007 for n in range(1_500)]
    keys = table(StatementKey)
    with store.engine.begin() as connection:
        connection.execute(
            keys.insert(), [{"key": k, "statement_id": i} for k, i in zip(stored, ids, strict=True)]
        )
    wanted = [*stored[::2], "k:absent"]
    executed: list[str] = []

    def counted(*args: Any) -> None:
        executed.append(args[2])

    event.listen(store.engine, "before_cursor_execute", counted)
    try:
        with Session(store.engine) as session:
            by_key = rows_matching(
                session, select(col(StatementKey.statement_id)), col(StatementKey.key), wanted
            )
            by_id = rows_matching(
                session, select(col(StatementKey.key)), col(StatementKey.statement_id), ids[1::2]
            )
    finally:
        event.remove(store.engine, "before_cursor_execute", counted)
    assert sorted(i for (i,) in by_key) == ids[::2]
    assert sorted(k for (k,) in by_id) == sorted(stored[1::2])
    assert len([sql for sql in executed if sql.startswith("SELECT")]) == 2
