"""Pure glue between the steps: feed responses to entries, pages to articles."""

from __future__ import annotations

from dataclasses import dataclass

from newsmon.dedup import canonicalise_url
from newsmon.extract import extract_html
from newsmon.feeds import ParsedFeed, parse_feed, plain_text
from newsmon.models import Article, FeedEntry, FetchResult
from newsmon.sanitize import clean_optional, clean_text

# A page whose extracted text is shorter than this is treated as not an article
# (a paywall stub, a consent wall), and the feed's own text is used instead.
MIN_ARTICLE_CHARS = 200


@dataclass
class FeedOutcome:
    url: str
    result: FetchResult
    parsed: ParsedFeed | None = None
    error: str | None = None

    @property
    def entries(self) -> list[FeedEntry]:
        return self.parsed.entries if self.parsed else []


@dataclass
class StoredOutcome:
    """What the store made of one article."""

    item_id: int | None
    duplicate_of: str | None = None
    skipped: str | None = None  # why nothing was stored
    rejected: bool = False  # the store refused it (``skipped`` says why); the pass went on
    new_statements: int = 0
    repeated_statements: int = 0
    alerts_queued: int = 0
    alerts_suppressed: int = 0  # recorded with a reason, never sent


def read_feed(result: FetchResult) -> FeedOutcome:
    """Turn one feed response into entries, or a clear reason why there are none."""
    if result.not_modified:
        return FeedOutcome(url=result.url, result=result)
    if not result.ok:
        reason = result.error or f"HTTP {result.status}"
        return FeedOutcome(url=result.url, result=result, error=reason)
    parsed = parse_feed(
        result.body, result.final_url or result.url, content_type=result.content_type
    )
    return FeedOutcome(url=result.url, result=result, parsed=parsed, error=parsed.error)


def article_from_page(entry: FeedEntry, page: FetchResult | None) -> Article:
    """Extract the page; fall back to the feed's own text and say why."""
    note: str | None = None
    extracted = None
    if page is None:
        note = "page not fetched"
    elif not page.ok:
        note = f"page fetch failed: {page.error or f'HTTP {page.status}'}"
    else:
        try:
            extracted = extract_html(page.text or page.body, page.final_url)
        except Exception as exc:  # a broken page must not lose the entry
            note = f"extraction failed: {type(exc).__name__}: {exc}"
        else:
            if len(extracted.text) < MIN_ARTICLE_CHARS:
                note = f"page text too short ({len(extracted.text)} chars); used the feed summary"
                extracted = None
    title = plain_text(entry.title)
    if extracted is not None:
        article = Article(
            url=entry.url,
            canonical_url=canonicalise_url(entry.url),
            title=title or extracted.title,
            text=extracted.text,
            source=entry.feed_url,
            published=entry.published or extracted.published,
            language=extracted.language,
            author=extracted.author,
            site=extracted.site,
        )
    else:
        article = Article(
            url=entry.url,
            canonical_url=canonicalise_url(entry.url),
            title=title,
            text=plain_text(entry.summary),
            source=entry.feed_url,
            published=entry.published,
            fetch_note=note,
        )
    return clean_article(article)


def clean_article(article: Article) -> Article:
    """The article with every text field through ``clean_text``: what the store may take."""
    article.title = clean_text(article.title)
    article.text = clean_text(article.text)
    article.source = clean_text(article.source)
    article.language = clean_optional(article.language)
    article.author = clean_optional(article.author)
    article.site = clean_optional(article.site)
    article.fetch_note = clean_optional(article.fetch_note)
    return article
