"""Plain data passed between the pipeline's steps.

These are value objects only: no I/O, no database, no Prefect. Each step takes
and returns them, so a step can be tested with nothing but Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedEntry:
    """One entry read from a feed, before its page is fetched."""

    feed_url: str
    url: str
    title: str
    summary: str = ""
    published: datetime | None = None
    guid: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """What one HTTP GET produced.

    ``error`` is set (and ``body`` empty) when the fetch failed; ``status`` is 304
    when a conditional GET found nothing new.
    """

    url: str
    final_url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    elapsed_ms: float = 0.0
    # How long the server asked us to wait before the next request: from
    # Retry-After on 429/503, or Cache-Control max-age on a success.
    wait_seconds: float | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300

    @property
    def text(self) -> str | None:
        """The body of an HTML page decoded (HTTP charset, <meta>, detection); None otherwise.

        Decoded where it is read, not when fetched: a page crosses to an analysis worker
        once, as the bytes it came in, instead of as bytes and text both (twice the
        pickling and piping in the pass's busiest process, and a decoding there).
        """
        if not self.body or "html" not in self.content_type.lower():
            return None
        from newsmon.decoding import decode_html

        return decode_html(self.body, self.content_type)

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304


@dataclass(frozen=True)
class ExtractedArticle:
    """Clean article text and metadata pulled from one page."""

    text: str
    title: str = ""
    author: str | None = None
    published: datetime | None = None
    site: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Why a topic label was given: the rule term that matched and where."""

    term: str
    start: int
    end: int
    excerpt: str


@dataclass(frozen=True)
class TopicLabel:
    topic: str
    score: float
    evidence: tuple[Evidence, ...] = ()


# Where a statement's topics came from: its own sentences, or (when they name no topic)
# the whole article's, which the web, exports and alerts then mark as such.
TOPICS_FROM_STATEMENT = "statement"
TOPICS_FROM_ARTICLE = "article"


@dataclass(frozen=True)
class StatementTopics:
    """A statement's topic labels, each with evidence, and where they were found."""

    labels: tuple[TopicLabel, ...] = ()
    source: str = TOPICS_FROM_ARTICLE

    @property
    def names(self) -> list[str]:
        return [label.topic for label in self.labels]


@dataclass(frozen=True)
class Speaker:
    """Who a statement is attributed to."""

    name: str
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    # True or False when the words say; None when they do not (routing treats None as not
    # official, so "if speaker.official" keeps working).
    official: bool | None = False
    kind: str = "person"  # "person", "organisation" or "unnamed" ("US officials")


@dataclass(frozen=True)
class Statement:
    """One distinct statement found in one article.

    ``text`` is the quoted or reported words as printed; ``spans`` holds every
    (start, end) character range in the article text where these words appear,
    so a quote restated later in the same article is one statement with two spans.
    """

    speaker: Speaker
    text: str
    kind: str  # "direct" or "reported"
    spans: tuple[tuple[int, int], ...] = ()
    attribution: str = ""
    cue: str = ""  # the verb or phrase of saying as printed: "said", "told", "according to"
    topics: StatementTopics = StatementTopics()  # set by analysis, from the statement's sentences


@dataclass
class Article:
    """An article as it moves through the pipeline."""

    url: str
    canonical_url: str
    title: str
    text: str
    source: str  # feed URL, "seed", or "manual"
    published: datetime | None = None
    language: str | None = None
    author: str | None = None
    site: str | None = None
    fetch_note: str | None = None  # why the feed summary was used instead of the page
    # What analysis left out and why: statements looked for in a prefix only, or the
    # page's time budget ran out. None when the whole text was analysed.
    analysis_note: str | None = None
    topics: list[TopicLabel] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    @property
    def is_seed(self) -> bool:
        return self.source == "seed"
