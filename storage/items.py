"""Storing a batch of items: each is new, a copy of a stored story, or stored already."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from newsmon.alerts import AlertMessage
from newsmon.analyse import AnalysedArticle
from newsmon.config import Route
from newsmon.dedup import canonicalise_url
from newsmon.models import FeedEntry
from newsmon.pipeline import MIN_ARTICLE_CHARS, StoredOutcome
from storage.contents import Routing, find_original, record_contents
from storage.core import StoreCore, rows_matching
from storage.lookups import BatchLookups
from storage.messages import messages_of_alerts
from storage.models import Alert, AlertStatus, Item, aware, utcnow
from storage.statements import topic_json


@dataclass(frozen=True)
class PageRetry:
    """How often a failed page is fetched again, and how long to wait in between."""

    attempts: int
    backoff_seconds: float

    def next_attempt_at(self, attempts_made: int) -> datetime | None:
        if attempts_made >= self.attempts:
            return None  # given up: the feed summary stays, with the last reason
        return utcnow() + timedelta(seconds=self.backoff_seconds * 2 ** (attempts_made - 1))


# A module constant, so ``rows_matching`` builds its statement once.
_STORED_URLS = select(col(Item.canonical_url))


class ItemStore(StoreCore):
    def unseen(self, entries: Sequence[FeedEntry]) -> list[FeedEntry]:
        """Entries whose canonical URL is not stored yet, first occurrence only."""
        by_url: dict[str, FeedEntry] = {}
        for entry in entries:
            by_url.setdefault(canonicalise_url(entry.url), entry)
        with self.session() as session:
            rows = rows_matching(session, _STORED_URLS, col(Item.canonical_url), list(by_url))
        known = {url for (url,) in rows}
        return [entry for url, entry in by_url.items() if url not in known]

    def has_item(self, canonical_url: str) -> bool:
        with self.session() as session:
            found = session.exec(select(Item.id).where(Item.canonical_url == canonical_url)).first()
        return found is not None

    def store_article(
        self,
        analysed: AnalysedArticle,
        *,
        routes: Sequence[Route],
        extra_targets: Sequence[str] = (),
        backfill: bool = False,
        is_seed: bool = False,
        page_retry: PageRetry | None = None,
    ) -> StoredOutcome:
        [outcome] = self.store_articles(
            [analysed],
            routes=routes,
            extra_targets=extra_targets,
            backfill=backfill,
            is_seed=is_seed,
            page_retry=page_retry,
        )
        return outcome

    def store_articles(
        self,
        batch: Sequence[AnalysedArticle],
        *,
        routes: Sequence[Route],
        extra_targets: Sequence[str] = (),
        backfill: bool = False,
        is_seed: bool = False,
        page_retry: PageRetry | None = None,
    ) -> list[StoredOutcome]:
        """Store a batch in one transaction; each article is new, a copy, or already stored.

        An article whose page failed is scheduled for another try by ``page_retry``.
        """
        try:
            with self.write() as session:
                known = BatchLookups(session, batch)
                routing = Routing(routes, extra_targets, backfill, is_seed)
                outcomes = [
                    self._store(session, item, routing, page_retry, known) for item in batch
                ]
                known.flush()
                return outcomes
        except IntegrityError:
            if len(batch) == 1:
                # Another run stored the same URL between our check and our insert.
                return [StoredOutcome(item_id=None, skipped="stored concurrently by another run")]
        # One article of the batch raced another run: store the rest one by one.
        return [
            outcome
            for item in batch
            for outcome in self.store_articles(
                [item],
                routes=routes,
                extra_targets=extra_targets,
                backfill=backfill,
                is_seed=is_seed,
                page_retry=page_retry,
            )
        ]

    def would_alert(
        self, analysed: Sequence[AnalysedArticle], routes: Sequence[Route]
    ) -> list[tuple[str, AlertMessage]]:
        """A dry run: store the batch in a transaction that is rolled back, and
        return the (route, message) pairs a live run would have sent."""
        with Session(self.engine, expire_on_commit=False) as session:
            start = session.exec(select(func.max(Alert.id))).one() or 0
            known = BatchLookups(session, analysed)
            for item in analysed:
                self._store(session, item, Routing(routes), None, known)
            known.flush()
            rows = session.exec(
                select(Alert).where(col(Alert.id) > start, col(Alert.status) == AlertStatus.PENDING)
            ).all()
            messages = messages_of_alerts(session, rows)
            pending = [(alert.route, messages[alert.id or 0]) for alert in rows]
            session.rollback()
        return pending

    def _store(
        self,
        session: Session,
        analysed: AnalysedArticle,
        routing: Routing,
        page_retry: PageRetry | None,
        known: BatchLookups,
    ) -> StoredOutcome:
        article = analysed.article
        existing = known.item_by_url.get(article.canonical_url)
        if existing is not None:
            return StoredOutcome(item_id=existing, skipped="already stored")
        # A stub (a failed page's feed summary, an empty body) says nothing about which
        # story it is: it neither matches nor is matched as a copy.
        matchable = len(article.text) >= MIN_ARTICLE_CHARS
        original, similarity = (
            find_original(session, analysed, known) if matchable else (None, None)
        )
        fetched_at = utcnow()
        item_id = known.writes.add_item(
            {
                "url": article.url,
                "canonical_url": article.canonical_url,
                "title": article.title,
                "text": article.text,
                "source": article.source,
                "is_seed": routing.is_seed,
                "published": aware(article.published),
                "fetched_at": fetched_at,
                "language": article.language,
                "author": article.author,
                "site": article.site,
                "fetch_note": article.fetch_note,
                "analysis_note": article.analysis_note,
                "page_attempts": 1,
                "next_page_attempt_at": (
                    page_retry.next_attempt_at(1) if page_retry and article.fetch_note else None
                ),
                "content_hash": analysed.content_hash,
                "duplicate_of_id": original[0] if original else None,
                "similarity": similarity,
                "topics": [topic_json(label) for label in article.topics],
            }
        )
        known.stored(analysed, item_id)
        outcome = StoredOutcome(item_id=item_id, duplicate_of=original[1] if original else None)
        dates = (article.published, fetched_at)
        record_contents(known, item_id, analysed, dates, matchable, outcome, routing)
        return outcome
