"""Feeds, sitemaps and pages from strangers: only documented errors, well-formed results."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.extract import extract_html
from newsmon.feeds import parse_feed, plain_text
from newsmon.models import FeedEntry, FetchResult
from newsmon.pipeline import article_from_page
from newsmon.sitemaps import SitemapError, parse_sitemap
from tests.fuzz.bounds import assert_clean, cpu_bound, depths, run
from tests.fuzz.strategies import (
    atom_documents,
    html_pages,
    json_feeds,
    markup_text,
    rss_documents,
    sitemaps,
)

FEED_URL = "https://fuzz.example/feed"
# CPU per input byte: feedparser and lxml run at about 1 µs a byte; this allows 20 times it.
PARSER_SECONDS_PER_BYTE = 20e-6
CONTENT_TYPES = st.sampled_from(["", "application/rss+xml", "application/json", "text/html"])


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Load the parsers' lazy parts (feedparser's, the language model) before timing."""
    parse_feed(
        b"<rss version='2.0'><channel><item><link>https://a.example/</link></item></channel></rss>",
        FEED_URL,
    )
    extract_html("<html><body><article><p>" + "Warm words here. " * 30 + "</p></article>")
    parse_sitemap(b"<urlset><url><loc>https://a.example/</loc></url></urlset>", FEED_URL)


@pytest.mark.parametrize("depth", depths(quick=60, deep=2000))
def test_feeds_of_every_format_parse_to_well_formed_entries(depth: settings) -> None:
    @given(st.one_of(rss_documents(), atom_documents(), json_feeds(), st.binary()), CONTENT_TYPES)
    def check(body: bytes, content_type: str) -> None:
        with cpu_bound(len(body), PARSER_SECONDS_PER_BYTE, "parse_feed"):
            parsed = parse_feed(body, FEED_URL, content_type=content_type)
        assert parsed.error is None or not parsed.entries
        for entry in parsed.entries:
            assert entry.url.startswith(("http://", "https://")), entry.url
            assert_clean(entry.url, "entry url")
            assert_clean(entry.title, "entry title")
            assert_clean(entry.summary, "entry summary")
            assert plain_text(entry.title) == entry.title
            if entry.guid is not None:
                assert_clean(entry.guid, "entry guid")

    run(depth, check)


@pytest.mark.parametrize("depth", depths(quick=60, deep=2000))
def test_plain_text_of_any_markup_is_one_clean_line(depth: settings) -> None:
    @given(markup_text)
    def check(fragment: str) -> None:
        with cpu_bound(len(fragment), PARSER_SECONDS_PER_BYTE, "plain_text"):
            text = plain_text(fragment)
        assert_clean(text, "plain text")
        assert "\n" not in text and text == text.strip()
        assert plain_text(text) == text or "&" in text or "<" in text

    run(depth, check)


@pytest.mark.parametrize("depth", depths(quick=60, deep=2000))
def test_sitemaps_give_http_entries_or_a_sitemap_error(depth: settings) -> None:
    @given(st.one_of(sitemaps(), st.binary(max_size=2000)))
    def check(body: bytes) -> None:
        try:
            with cpu_bound(len(body), PARSER_SECONDS_PER_BYTE, "parse_sitemap"):
                entries, children = parse_sitemap(body, "https://fuzz.example/sitemap.xml")
        except SitemapError as exc:
            assert str(exc).startswith("https://fuzz.example/sitemap.xml: ")
            return
        for url in [entry.url for entry in entries] + children:
            assert url.startswith(("http://", "https://")), url
            assert_clean(url, "sitemap url")

    run(depth, check)


@pytest.mark.parametrize("depth", depths(quick=40, deep=1000))
def test_pages_extract_to_clean_text_and_always_give_an_article(depth: settings) -> None:
    @given(st.one_of(html_pages(), st.binary(max_size=3000)), st.sampled_from(["", "x"]))
    def check(body: bytes, summary: str) -> None:
        # Extraction's cost is trafilatura's: about 10 µs a byte on a page, 50 times that here.
        with cpu_bound(len(body), 50 * PARSER_SECONDS_PER_BYTE, "extract_html"):
            extracted = extract_html(body, "https://fuzz.example/page")
        assert_clean(extracted.text, "extracted text")
        assert_clean(extracted.title, "extracted title")
        entry = FeedEntry(
            feed_url=FEED_URL, url="https://fuzz.example/page", title="t", summary=summary
        )
        page = FetchResult(url=entry.url, final_url=entry.url, status=200, body=body)
        article = article_from_page(entry, page)
        assert_clean(article.text, "article text")

    run(depth, check)
