"""The labelled story set (stories.yaml) served as feeds and pages on a loopback site."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import LoopbackSite, RequestRecord, Response

STORIES = Path(__file__).with_name("stories.yaml")
ROUTES = ("desk", "china")
_FIRST_DAY = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@dataclass
class StorySet:
    """The stories on a site; ``down`` holds the feeds that answer 503 for now."""

    site: LoopbackSite
    feeds: dict[str, dict[str, Any]]
    stories: list[dict[str, Any]]
    down: set[str] = field(default_factory=set)
    story_of_url: dict[str, str] = field(default_factory=dict)
    story_of_title: dict[str, str] = field(default_factory=dict)

    @property
    def feed_urls(self) -> list[str]:
        return [self.site.url(f"/{feed}/rss.xml") for feed in self.feeds]

    def expected(self, *, recovered: bool) -> set[tuple[str, str, str]]:
        """(route, speaker, story) that must get exactly one message in the pass that
        first sees them: before the outage feed recovers, or in the pass after it."""
        return {
            (route, speaker, story["id"])
            for story in self.stories
            if bool(story.get("after_recovery")) == recovered
            for route in ROUTES
            for speaker in story["expect"][route]
        }

    def story_in(self, body: str) -> set[str]:
        """The stories whose pages a message links to or names (email's plain text part
        has the page's title, not its link)."""
        urls = re.findall(r"https?://[^\s<>)\]\"']+", body)
        linked = {self.story_of_url[url] for url in urls if url in self.story_of_url}
        named = {story for title, story in self.story_of_title.items() if title in body}
        return linked | named


def serve_stories(site: LoopbackSite) -> StorySet:
    data = yaml.safe_load(STORIES.read_text(encoding="utf-8"))
    stories = data["stories"]
    served = StorySet(site, data["feeds"], stories)
    entries: dict[str, list[tuple[str, str, datetime]]] = {feed: [] for feed in served.feeds}
    for n, story in enumerate(stories):
        published = _FIRST_DAY + timedelta(hours=7 * n)
        pages = [(story["feed"], story["title"], f"/{story['feed']}/{story['id']}.html", "")]
        for c, copy in enumerate(story.get("copies", ())):
            path = f"/{copy['feed']}/{story['id']}-copy{c}.html"
            pages.append(
                (copy["feed"], copy["title"], path, f"({served.feeds[copy['feed']]['name']}) ")
            )
        for offset, (feed, title, path, dateline) in enumerate(pages):
            url = site.add(path, _page(title, story["paragraphs"], dateline))
            served.story_of_url[url] = story["id"]
            served.story_of_title[title] = story["id"]
            entries[feed].append((title, url, published + timedelta(minutes=40 * offset)))
    for feed, items in entries.items():
        body = _rss(served.feeds[feed]["name"], items).encode()
        site.add_handler(f"/{feed}/rss.xml", _feed_handler(served, feed, body))
    served.down = {
        f for f, v in served.feeds.items() if v.get("down_until_recovery") or v.get("always_down")
    }
    return served


def recover(served: StorySet) -> None:
    served.down = {f for f, v in served.feeds.items() if v.get("always_down")}


def _feed_handler(served: StorySet, feed: str, body: bytes) -> Any:
    def handle(record: RequestRecord) -> Response:
        if feed in served.down:
            return 503, {"Content-Type": "text/plain"}, b"service unavailable"
        return 200, {"Content-Type": "application/rss+xml"}, body

    return handle


def _page(title: str, paragraphs: list[str], dateline: str) -> str:
    body = "".join(
        f"<p>{html.escape(dateline if i == 0 else '')}{html.escape(p)}</p>"
        for i, p in enumerate(paragraphs)
    )
    title = html.escape(title)
    return (
        f"<html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{body}</article></body></html>"
    )


def _rss(name: str, items: list[tuple[str, str, datetime]]) -> str:
    body = "".join(
        f"<item><title>{html.escape(title)}</title><link>{html.escape(url)}</link>"
        f"<guid>{html.escape(url)}</guid><pubDate>{format_datetime(when)}</pubDate></item>"
        for title, url, when in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{html.escape(name)}</title>'
        f"{body}</channel></rss>"
    )
