"""The statement list over real HTTP: filters kept in the subscribe link, days by published
date, a cursor that neither repeats nor skips while statements arrive, and links that
round-trip any name."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from newsmon.analyse import analyse
from newsmon.config import load_config
from newsmon.models import (
    TOPICS_FROM_STATEMENT,
    Article,
    Speaker,
    Statement,
    StatementTopics,
    TopicLabel,
)
from newsmon.topics import Taxonomy
from storage.store import Store
from tests.conftest import REPO
from tests.test_web import _serve

ODD_SPEAKER = "Ann & Bob/Co #1 ?x=y 王毅"
ODD_TOPIC = "war & peace/2 #1 和平"
# Distinct words, so no two made-up quotes are taken for the same statement.
QUOTE_WORDS = (
    "harbour granite velvet orchard",
    "lantern meadow falcon copper",
    "tundra violin saffron glacier",
    "pepper walnut canyon marble",
    "thunder almond beacon cobalt",
    "dolphin ember fossil garnet",
    "hazel island jasmine kettle",
    "lagoon mosaic nectar oyster",
    "prairie quartz raven summit",
    "tulip umbra vortex willow",
)
PAGE = 3


def _quote(n: int) -> str:
    return f"We {QUOTE_WORDS[n]} together"


class Said:
    """Stores one-statement articles through the real write path."""

    def __init__(self, url: str) -> None:
        config = load_config(REPO / "sources.yaml")
        self.store, self.vocabulary = Store(url), config.speakers
        self.taxonomy = Taxonomy(config.topics)
        self.count = 0

    def add(self, speaker: str, published: datetime | None, topics: tuple[str, ...] = ()) -> int:
        quote = _quote(self.count)
        self.count += 1
        text = f"“{quote},” {speaker} said."
        page = f"https://outlet.example/{self.count}"
        article = Article(page, page, f"Story {self.count}", text, "test", published=published)
        analysed = analyse(article, self.taxonomy, self.vocabulary)
        labels = tuple(TopicLabel(topic, 1.0) for topic in topics)
        analysed.article.statements = [
            Statement(
                Speaker(name=speaker),
                quote,
                "direct",
                spans=((1, 1 + len(quote)),),
                topics=StatementTopics(labels, TOPICS_FROM_STATEMENT),
            )
        ]
        outcome = self.store.store_article(analysed, routes=())
        assert outcome.new_statements == 1
        return self.count


def _day(n: int) -> datetime:
    return datetime(2026, 11, n, 9, 0, tzinfo=UTC)


def _links(page: str) -> dict[str, str]:
    """rel=… and class=… anchors of a page, their hrefs unescaped."""
    found = {}
    for attrs, href in re.findall(r'<a ([^>]*?)href="([^"]*)"', page):
        for key in re.findall(r'(?:rel|class)="([^"]*)"', attrs):
            found.setdefault(key, html.unescape(href))
    return found


def _statement_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-statement="(\d+)"', page)]


@pytest.fixture(params=["sqlite", "postgres"])
def said(request: pytest.FixtureRequest, tmp_path: Path) -> Said:
    if request.param == "sqlite":
        return Said(f"sqlite:///{tmp_path / 'listing.db'}")
    return Said(request.getfixturevalue("postgres_url"))


@pytest.fixture
def site(said: Said) -> Iterator[str]:
    yield from _serve(said.store.url, (), page_size=PAGE)


def test_paging_never_repeats_or_skips_while_statements_arrive(said: Said, site: str) -> None:
    for day in range(1, 8):
        said.add("Lin Jian", _day(day))
    first = httpx.get(site + "/").text
    seen = _statement_ids(first)
    assert len(seen) == PAGE and "older statements" in first
    # Arriving mid-way: one newer than everything, one older than the page just read.
    said.add("Mao Ning", _day(9))
    older_arrival = said.add("Mao Ning", datetime(2026, 11, 3, 12, 0, tzinfo=UTC))
    link = _links(first)["next"]
    while link:
        page = httpx.get(site + link).text
        seen += _statement_ids(page)
        link = _links(page).get("next", "")
    assert len(seen) == len(set(seen)), "a statement was shown twice"
    all_ids = set(range(1, 10))
    assert all_ids - {8} == set(seen)  # the newer one waits on the first page
    # Statement ids follow the order added (one statement an article, no seeds).
    assert seen == [7, 6, 5, 4, older_arrival, 3, 2, 1]


def test_days_are_published_dates_with_the_stored_date_marked(said: Said, site: str) -> None:
    said.add("Lin Jian", _day(2))
    said.add("Mao Ning", None)
    page = httpx.get(site + "/").text
    days = re.findall(r'<h2 class="day">(.*?)</h2>', page)
    today = datetime.now(UTC).date().isoformat()
    assert days[0].startswith(today) and "no published date" in days[0]
    assert days[1] == "2026-11-02"
    bad = httpx.get(site + "/", params={"after": "yesterday"})
    assert bad.status_code == 400 and "page cursor" in bad.text


def test_subscribe_link_keeps_every_filter_encoded(said: Said, site: str) -> None:
    said.add(ODD_SPEAKER, _day(4), topics=(ODD_TOPIC,))
    said.add("Lin Jian", _day(5), topics=("ceasefire",))
    chosen = {"speaker": ODD_SPEAKER, "topic": ODD_TOPIC, "q": "harbour & co", "official": "no"}
    page = httpx.get(site + "/", params=chosen).text
    href = _links(page)["subscribe"]
    assert " " not in href and "#" not in href
    assert {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()} == chosen
    response = httpx.get(site + href)
    assert response.status_code == 200 and "<entry>" not in response.text  # q matches no one
    chosen["q"] = "harbour"
    entries = httpx.get(site + "/feed.atom", params=chosen).text
    assert entries.count("<entry>") == 1 and "Ann &amp; Bob/Co #1" in entries


def test_speaker_and_topic_links_round_trip_any_name(said: Said, site: str) -> None:
    said.add(ODD_SPEAKER, _day(4), topics=(ODD_TOPIC,))
    said.add("Lin Jian", _day(5), topics=("ceasefire",))
    page = httpx.get(site + "/").text
    speaker_href = html.unescape(re.findall(r'<a class="who" href="([^"]*)"', page)[-1])
    assert re.fullmatch(r"/speakers/[A-Za-z0-9%._~-]+", speaker_href), speaker_href
    speaker_page = httpx.get(site + speaker_href)
    assert speaker_page.status_code == 200
    assert f"<h1>{html.escape(ODD_SPEAKER, quote=False)}</h1>" in speaker_page.text
    topic_href = html.unescape(re.findall(r'<a class="badge topic[^"]*" href="([^"]*)"', page)[-1])
    assert urlsplit(topic_href).path == "/" and " " not in topic_href
    assert parse_qs(urlsplit(topic_href).query) == {"topic": [ODD_TOPIC]}
    filtered = httpx.get(site + topic_href).text
    assert _statement_ids(filtered) == [1]


def test_a_speaker_page_pages_by_the_same_cursor(said: Said, site: str) -> None:
    for day in range(1, 5):
        said.add(ODD_SPEAKER, _day(day))
    said.add("Lin Jian", _day(9))
    page = httpx.get(site + "/").text
    speaker_href = html.unescape(re.findall(r'<a class="who" href="([^"]*)"', page)[-1])
    first = httpx.get(site + speaker_href).text
    assert _statement_ids(first) == [4, 3, 2]
    older = _links(first)["next"]
    assert urlsplit(older).path == urlsplit(speaker_href).path
    rest = httpx.get(site + older).text
    assert _statement_ids(rest) == [1] and "next" not in _links(rest)
    assert _links(rest)["first"] == speaker_href
