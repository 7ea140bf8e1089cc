"""Entries for backfill runs: from sitemaps, URL list files and a date window."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from newsmon.config import FetchSettings
from newsmon.errors import SitemapError
from newsmon.fetch import FetchRequest, fetch_all
from newsmon.hosts import HostPolicy
from newsmon.models import FeedEntry
from newsmon.sanitize import clean_text, safe_link

logger = logging.getLogger("newsmon.sitemaps")

MANUAL_SOURCE = "manual"
# A sitemap index may point at many children; a backfill reads at most this many.
MAX_CHILD_SITEMAPS = 50


def parse_sitemap(body: bytes, source_url: str) -> tuple[list[FeedEntry], list[str]]:
    """Entries of a urlset, and the child sitemap URLs of a sitemap index."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"{source_url}: not a sitemap: {exc}") from None
    if root is None:
        raise SitemapError(f"{source_url}: empty sitemap")
    entries: list[FeedEntry] = []
    children: list[str] = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        tag = etree.QName(node).localname
        loc = safe_link(_child_text(node, "loc"), source_url)
        if loc is None:  # javascript:, data:, file: and other non-http(s) links are dropped
            continue
        if tag == "sitemap":
            children.append(loc)
        elif tag == "url":
            entries.append(
                FeedEntry(
                    feed_url=source_url,
                    url=loc,
                    title="",
                    published=_parse_date(_child_text(node, "lastmod")),
                )
            )
    return entries, children


def read_url_list(path: Path) -> list[FeedEntry]:
    """One URL a line; blank lines and # comments are skipped."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url = safe_link(line)
        if url is None:
            logger.warning("%s: skipped %r: not an http(s) URL", path, clean_text(line[:200]))
            continue
        entries.append(FeedEntry(feed_url=MANUAL_SOURCE, url=url, title=""))
    return entries


def within(
    entries: Iterable[FeedEntry], since: datetime | None, until: datetime | None
) -> list[FeedEntry]:
    """Entries published in [since, until); undated entries are kept (the date is unknown)."""
    kept = []
    for entry in entries:
        published = _utc(entry.published) if entry.published else None
        if published and since and published < _utc(since):
            continue
        if published and until and published >= _utc(until):
            continue
        kept.append(entry)
    return kept


def _child_text(node: etree._Element, name: str) -> str:
    for child in node:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return (child.text or "").strip()
    return ""


def _parse_date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def sitemap_entries(
    sitemap_url: str, settings: FetchSettings, policy: HostPolicy
) -> tuple[list[FeedEntry], list[str]]:
    """Every URL in a sitemap, following a sitemap index one level at a time.

    Returns the entries and one line per child sitemap that could not be read, so a
    broken child is reported without losing the others.
    """
    entries: list[FeedEntry] = []
    problems: list[str] = []
    queue, seen = [sitemap_url], set[str]()
    while queue and len(seen) <= MAX_CHILD_SITEMAPS:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        [result] = fetch_all([FetchRequest(current)], settings, policy)
        if not result.ok:
            problems.append(f"sitemap {current} failed: {result.error or result.status}")
            continue
        try:
            found, children = parse_sitemap(result.body, current)
        except SitemapError as exc:
            problems.append(str(exc))
            continue
        entries += found
        queue += children
    return entries, problems
