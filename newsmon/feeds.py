"""Parse RSS, Atom, RDF and JSON Feed documents into entries.

feedparser recovers what it can from ill-formed feeds; we keep those entries and
record feedparser's complaint as a warning. Titles and summaries are turned
into plain text here, so no markup from a feed ever reaches an alert.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser
from lxml import html as lxml_html

from newsmon.models import FeedEntry
from newsmon.sanitize import clean_optional, clean_text, safe_link

_SPACE = re.compile(r"\s+")
# Each part can match in one way only (possessive \s*+, and attributes that run to the
# ">"), so "<" followed by a long run of spaces and no ">" is rejected in linear time.
_TAG = re.compile(r"<\s*+/?\s*+[a-zA-Z][a-zA-Z0-9]*+(?:\s[^<>]*+|/\s*+)?>")


@dataclass(frozen=True)
class ParsedFeed:
    entries: list[FeedEntry] = field(default_factory=list)
    error: str | None = None
    warning: str | None = None


def parse_feed(
    body: bytes,
    feed_url: str,
    *,
    content_type: str = "",
    headers: Mapping[str, str] | None = None,
) -> ParsedFeed:
    if _looks_like_json_feed(body, content_type):
        return _parse_json_feed(body, feed_url)
    response_headers = dict(headers or {})
    if content_type:
        response_headers.setdefault("content-type", content_type)
    try:
        parsed = feedparser.parse(
            body, response_headers=response_headers, sanitize_html=True, resolve_relative_uris=True
        )
    except Exception as exc:  # feedparser should not raise, but bad bytes find a way
        return ParsedFeed(error=f"not a feed: {type(exc).__name__}: {exc}")
    entries: list[FeedEntry] = []
    skipped = 0
    for raw in parsed.entries:
        entry = _entry(raw, feed_url)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    problem = _bozo_reason(parsed)
    if not entries and not parsed.get("version"):
        return ParsedFeed(error=f"not a feed: {problem or 'no feed elements found'}")
    notes = [note for note in (problem, _skipped_note(skipped)) if note]
    return ParsedFeed(entries=entries, warning="; ".join(notes) or None)


def plain_text(fragment: str) -> str:
    """HTML (or escaped HTML) to one line of plain text: no tags, entities decoded."""
    text = fragment or ""
    # Twice: feeds often escape their HTML once more ("&lt;b&gt;"), which decodes to tags.
    for _ in range(2):
        if _TAG.search(text):
            text = _strip_tags(text)
        text = html.unescape(text)
    return _SPACE.sub(" ", clean_text(text)).strip()


def _strip_tags(text: str) -> str:
    try:
        document = lxml_html.fragment_fromstring(text, create_parent="div")
    except Exception:  # lxml refuses some fragments; a regex is enough to drop tags
        return _TAG.sub(" ", text)
    for bad in document.xpath("//script|//style|//iframe|//object|//embed|//noscript"):
        bad.drop_tree()
    return str(document.text_content())


def _entry(raw: Any, feed_url: str) -> FeedEntry | None:
    link = raw.get("link") or _alternate_link(raw) or _permalink_guid(raw)
    if not link:
        return None
    link = safe_link(link, feed_url)
    if link is None:
        return None
    summary = raw.get("summary", "")
    content = raw.get("content") or []
    if content and len(content[0].get("value", "")) > len(summary):
        summary = content[0]["value"]
    return FeedEntry(
        feed_url=feed_url,
        url=link,
        title=plain_text(raw.get("title", "")),
        summary=plain_text(summary),
        # dict.get: FeedParserDict's own get() maps the two keys and warns about it
        published=_date(dict.get(raw, "published_parsed") or dict.get(raw, "updated_parsed")),
        guid=clean_optional(raw.get("id")),
    )


def _alternate_link(raw: Any) -> str | None:
    for link in raw.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _permalink_guid(raw: Any) -> str | None:
    guid = raw.get("id") or ""
    return guid if guid.startswith(("http://", "https://")) and raw.get("guidislink") else None


def _date(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime(*value[:6]).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _bozo_reason(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    return f"ill-formed feed: {type(exc).__name__}: {exc}" if exc else "ill-formed feed"


def _looks_like_json_feed(body: bytes, content_type: str) -> bool:
    head = body.lstrip()[:200]
    return "json" in content_type.lower() or (head.startswith(b"{") and b"jsonfeed" in head)


def _parse_json_feed(body: bytes, feed_url: str) -> ParsedFeed:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        return ParsedFeed(error=f"not a JSON feed: {exc}")
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        return ParsedFeed(error="not a JSON feed: no items list")
    entries = []
    skipped = 0
    for item in document["items"]:
        if not isinstance(item, dict):
            continue
        link = safe_link(item.get("url") or item.get("external_url"), feed_url)
        if link is None:
            skipped += 1
            continue
        summary = item.get("summary") or item.get("content_text") or item.get("content_html") or ""
        published = None
        if isinstance(item.get("date_published"), str):
            try:
                stamp = datetime.fromisoformat(item["date_published"].replace("Z", "+00:00"))
                published = stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
            except ValueError:
                published = None
        entries.append(
            FeedEntry(
                feed_url=feed_url,
                url=link,
                title=plain_text(str(item.get("title", ""))),
                summary=plain_text(str(summary)),
                published=published,
                guid=clean_optional(str(item.get("id"))) if item.get("id") is not None else None,
            )
        )
    return ParsedFeed(entries=entries, warning=_skipped_note(skipped))


def _skipped_note(skipped: int) -> str | None:
    return f"{skipped} entries without a link skipped (none, or not http(s))" if skipped else None
