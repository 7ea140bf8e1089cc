"""Statement identity in the store, on SQLite and PostgreSQL: lines that outlets print
differently join one statement, whatever order the outlets arrive in, and alert once.

The statements are given as analysis would hand them over (text and kind), so each
test is about the store's decision, not about what extraction finds.
"""

from __future__ import annotations

from datetime import UTC, datetime

from newsmon.analyse import AnalysedArticle
from newsmon.config import Route
from newsmon.dedup import content_hash, signature
from newsmon.models import Article, Speaker, Statement, StatementTopics, TopicLabel
from storage.store import Store

ROUTE = Route(name="all", targets=("json://hooks.example/x",))
MINISTER = Speaker("Ada Brennan", role="minister", country="Freedonia", official=True)
INDUSTRY = TopicLabel("industry", 2.0)  # a route alerts only statements with a topic


def outlet(store: Store, url: str, day: int, *said: tuple[str, str]) -> int:
    """Store one article from ``url`` carrying the (kind, text) statements; its new ones."""
    # Each article's own text, so no two are copies of one story.
    text = f"{url} reports from the capital on day {day}. " + " ".join(t for _, t in said)
    article = Article(
        url=url,
        canonical_url=url,
        title=f"Report {url}",
        text=text,
        source="test",
        published=datetime(2026, 3, day, tzinfo=UTC),
    )
    article.topics = [INDUSTRY]
    article.statements = [
        Statement(MINISTER, t, k, topics=StatementTopics((INDUSTRY,))) for k, t in said
    ]
    outcome = store.store_article(
        AnalysedArticle(article, content_hash(text), signature(text)), routes=[ROUTE]
    )
    return outcome.new_statements


def statement_ids(store: Store, words: str) -> dict[str, int]:
    return {
        row["item_url"]: row["statement_id"]
        for row in store.export_statements()
        if words in row["text"].replace("’", "'")
    }


def test_a_line_told_two_ways_joins_on_either_form_after_the_longer_replaced_the_first(
    store: Store,
) -> None:
    # The second outlet's longer form swaps two nouns: the third, printed like the
    # first, is still the same line.
    first = "going to close a lot of steel mills and steel plants across the north"
    swapped = "We're going to close a lot of steel plants and steel mills across the north."
    third = (
        "this remark for which she later apologised: \"We're going to close a lot of steel "
        "mills and steel plants across the north"
    )
    assert outlet(store, "https://a.example/1", 1, ("direct", first)) == 1
    assert outlet(store, "https://b.example/2", 2, ("direct", swapped)) == 0
    assert outlet(store, "https://c.example/3", 3, ("reported", third)) == 0
    ids = statement_ids(store, "steel")
    assert len(ids) == 3 and len(set(ids.values())) == 1, ids
    assert store.counts()["alerts_pending"] == 1
