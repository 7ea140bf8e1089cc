"""Feed parsing over the real and malformed feeds in ../shared/corpus/feeds."""

from __future__ import annotations

import re

import pytest

from newsmon.feeds import parse_feed, plain_text
from tests.conftest import CORPUS

FEEDS = CORPUS / "feeds"
needs_corpus = pytest.mark.skipif(not FEEDS.is_dir(), reason=f"feed corpus not found at {FEEDS}")
ALL_FEEDS = sorted(p for p in FEEDS.rglob("*") if p.is_file() and p.name != "LICENSE")


@needs_corpus
def test_every_corpus_feed_parses_without_raising_and_yields_clean_text() -> None:
    assert len(ALL_FEEDS) > 150
    with_entries = 0
    for path in ALL_FEEDS:
        parsed = parse_feed(path.read_bytes(), "https://feeds.example/" + path.name)
        with_entries += bool(parsed.entries)
        for entry in parsed.entries:
            assert entry.url.startswith(("http://", "https://")), (path, entry.url)
            for text in (entry.title, entry.summary):
                assert not re.search(r"<\s*/?\s*[a-z][a-z0-9]*[\s>/]", text, re.I), (path, text)
    # feedparser alone finds linked entries in 41 of these files (most are channel-level
    # fixtures); we must recover at least as many (JSON Feed and guid permalinks add some).
    assert with_entries >= 41


@needs_corpus
@pytest.mark.parametrize(
    ("relative", "expected_title"),
    [
        ("miniflux/parser/encoding_WINDOWS-1251.xml", "Цитата #17703"),
        ("rss-parser/encoding.rss", None),
        ("rss-parser/uolNoticias.rss", None),
    ],
)
def test_mis_encoded_and_ill_formed_real_feeds_still_give_entries(
    relative: str, expected_title: str | None
) -> None:
    parsed = parse_feed((FEEDS / relative).read_bytes(), "https://feeds.example/")
    assert parsed.entries, parsed.error
    if expected_title:
        assert parsed.entries[0].title == expected_title
    for entry in parsed.entries:
        assert "\ufffd" not in entry.title, entry.title


@needs_corpus
def test_script_in_a_feed_never_reaches_titles_or_summaries() -> None:
    for path in sorted((FEEDS / "feedparser/wellformed/sanitize").glob("*.xml")):
        for entry in parse_feed(path.read_bytes(), "https://feeds.example/").entries:
            assert "script" not in entry.summary.lower() or "<" not in entry.summary, path
            assert "javascript:" not in entry.summary.lower(), path


def test_not_a_feed_is_an_error_with_a_reason() -> None:
    parsed = parse_feed(b"<html><body>Document moved</body></html>", "https://x.example/")
    assert parsed.entries == [] and parsed.error and parsed.error.startswith("not a feed")


def test_empty_body_is_an_error() -> None:
    assert parse_feed(b"", "https://x.example/").error


def test_relative_links_are_resolved_and_entries_without_links_skipped() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>A &amp; B</title><link>/news/1</link></item>"
        b"<item><title>no link</title></item></channel></rss>"
    )
    parsed = parse_feed(body, "https://site.example/feed.xml")
    assert [e.url for e in parsed.entries] == ["https://site.example/news/1"]
    assert parsed.entries[0].title == "A & B"
    assert parsed.warning and "1 entries without a link" in parsed.warning


def test_json_feed() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": ['
        b'{"id": "1", "url": "https://s.example/a", "title": "<b>Bold</b> claim",'
        b' "content_text": "Text", "date_published": "2025-06-03T10:00:00Z"}]}'
    )
    [entry] = parse_feed(
        body, "https://s.example/feed.json", content_type="application/json"
    ).entries
    assert (entry.url, entry.title, entry.summary) == ("https://s.example/a", "Bold claim", "Text")
    assert entry.published is not None and entry.published.year == 2025


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>Hello <script>alert(1)</script>world</p>", "Hello world"),
        ("Tom &amp; Jerry &hellip;", "Tom & Jerry …"),
        ("&lt;b&gt;escaped&lt;/b&gt;", "escaped"),
        ("3 < 4 and 5 > 2", "3 < 4 and 5 > 2"),
        ("  many\n\n spaces ", "many spaces"),
    ],
)
def test_plain_text(fragment: str, expected: str) -> None:
    assert plain_text(fragment) == expected
