"""Feed health: conditional-GET validators, failures in a row, pauses a server asked for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from newsmon.models import FetchResult
from newsmon.redact import redact_text
from newsmon.sanitize import clean_optional, clean_text
from storage.core import StoreCore
from storage.models import FeedState, aware, utcnow


@dataclass(frozen=True)
class FeedFetch:
    url: str
    name: str | None
    result: FetchResult
    entries: int
    error: str | None


# A server may ask for a pause; we honour up to this much, so a typo'd header cannot
# silence a feed for a month.
MAX_FEED_PAUSE = timedelta(hours=6)


def _apply_fetch(state: FeedState, fetch: FeedFetch, now: datetime) -> None:
    wait = fetch.result.wait_seconds
    state.next_fetch_at = now + min(timedelta(seconds=wait), MAX_FEED_PAUSE) if wait else None
    state.name = clean_optional(fetch.name)
    state.last_status = fetch.result.status or None
    state.last_fetched_at = now
    if fetch.error is None:
        state.last_success_at = now
        state.last_error = None
        state.consecutive_failures = 0
        state.failing_since = None
        state.failure_alerted = False
        if fetch.result.status != 304:
            state.etag = fetch.result.etag
            state.last_modified = fetch.result.last_modified
            # What the feed holds now, not a running total: a 3-entry feed read twice
            # has 3 entries, and a 304 leaves the count as it was.
            state.entries_seen = fetch.entries
    else:
        state.last_error = clean_text(redact_text(fetch.error))
        if state.consecutive_failures == 0 or state.failing_since is None:
            state.failing_since = now
        state.consecutive_failures += 1


class FeedStore(StoreCore):
    def feed_states(self, urls: Iterable[str]) -> dict[str, FeedState]:
        urls = list(urls)
        with self.session() as session:
            rows = session.exec(select(FeedState).where(col(FeedState.url).in_(urls))).all()
        return {row.url: row for row in rows}

    def record_feed_fetches(self, outcomes: Sequence[FeedFetch]) -> None:
        """Each feed's health after a pass, in one transaction."""
        now = utcnow()
        urls = [outcome.url for outcome in outcomes]
        with self.write() as session:
            states = {
                state.url: state
                for state in session.exec(select(FeedState).where(col(FeedState.url).in_(urls)))
            }
            for outcome in outcomes:
                state = states.get(outcome.url) or FeedState(url=outcome.url)
                _apply_fetch(state, outcome, now)
                session.add(state)

    def feeds_due(self, urls: Sequence[str]) -> tuple[list[str], list[str]]:
        """(feeds to fetch now, feeds that asked to be left alone for a while)."""
        now = utcnow()
        states = self.feed_states(urls)
        waiting = [
            url
            for url in urls
            if url in states
            and states[url].next_fetch_at is not None
            and aware(states[url].next_fetch_at) > now  # type: ignore[operator]
        ]
        return [url for url in urls if url not in waiting], waiting

    def record_rejected_item(self, feed_url: str, reason: str) -> None:
        """One entry of ``feed_url`` could not be stored; ``status`` shows how many and why."""
        with self.write() as session:
            state = session.exec(select(FeedState).where(FeedState.url == feed_url)).first()
            state = state or FeedState(url=feed_url)
            state.items_rejected += 1
            state.last_item_error = clean_text(redact_text(reason))[:2000]
            session.add(state)

    def all_feed_states(self) -> list[FeedState]:
        with self.session() as session:
            return list(session.exec(select(FeedState).order_by(col(FeedState.url))).all())
