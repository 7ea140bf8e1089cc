"""Items and their statements: deciding what is new, a duplicate or a repeat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import func, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from newsmon.alerts import (
    AlertMessage,
    publisher,
    route_targets,
    statement_message,
    suppression_reason,
)
from newsmon.analyse import AnalysedArticle
from newsmon.config import Route
from newsmon.dedup import canonicalise_url
from newsmon.models import Article, FeedEntry, TopicLabel
from newsmon.pipeline import MIN_ARTICLE_CHARS, StoredOutcome
from newsmon.redact import target_name
from newsmon.topics import Taxonomy
from storage.candidates import StatementCandidates
from storage.core import IN_CHUNK, StoreCore, table
from storage.dedup_index import NearDuplicateIndex, story_root
from storage.models import Alert, AlertStatus, Item, Mention, StatementRecord, aware, utcnow
from storage.outbox import alert_message
from storage.speakers import resolve_speakers
from storage.statements import (
    StoredStatement,
    evidence_lines,
    record_statements,
    topic_json,
)


@dataclass(frozen=True)
class PageRetry:
    """How often a failed page is fetched again, and how long to wait in between."""

    attempts: int
    backoff_seconds: float

    def next_attempt_at(self, attempts_made: int) -> datetime | None:
        if attempts_made >= self.attempts:
            return None  # given up: the feed summary stays, with the last reason
        return utcnow() + timedelta(seconds=self.backoff_seconds * 2 ** (attempts_made - 1))


class BatchLookups:
    """What decides whether a batch's articles are new, looked up once for the batch:
    stored URLs, the first item of each content hash, near-duplicate candidates and
    statement candidates, each in a query per chunk of keys rather than per article.
    An article stored during the batch joins them, so a later article of the batch is
    decided as it would be in a later batch."""

    def __init__(self, session: Session, batch: Sequence[AnalysedArticle]) -> None:
        self.item_by_url: dict[str, int] = {}
        self.first_by_hash: dict[str, int] = {}
        urls = list({a.article.canonical_url for a in batch})
        hashes = list({a.content_hash for a in batch})
        for start in range(0, max(len(urls), len(hashes)), IN_CHUNK):
            if chunk := urls[start : start + IN_CHUNK]:
                found = select(Item.canonical_url, Item.id).where(
                    col(Item.canonical_url).in_(chunk)
                )
                self.item_by_url.update((url, id_) for url, id_ in session.execute(found))
            if chunk := hashes[start : start + IN_CHUNK]:
                first = (
                    select(Item.content_hash, func.min(Item.id))
                    .where(col(Item.content_hash).in_(chunk))
                    .group_by(col(Item.content_hash))
                )
                self.first_by_hash.update((hash_, id_) for hash_, id_ in session.execute(first))
        self.index = NearDuplicateIndex(session)
        self.index.look_up(a.signature for a in batch if len(a.article.text) >= MIN_ARTICLE_CHARS)
        self.statements = StatementCandidates(session)
        self.statements.look_up(s for a in batch for s in a.article.statements)

    def stored(self, analysed: AnalysedArticle, item_id: int) -> None:
        self.item_by_url.setdefault(analysed.article.canonical_url, item_id)
        # Ids only grow: a hash stored before the batch keeps its first item.
        self.first_by_hash.setdefault(analysed.content_hash, item_id)


class ItemStore(StoreCore):
    def unseen(self, entries: Sequence[FeedEntry]) -> list[FeedEntry]:
        """Entries whose canonical URL is not stored yet, first occurrence only."""
        by_url: dict[str, FeedEntry] = {}
        for entry in entries:
            by_url.setdefault(canonicalise_url(entry.url), entry)
        known: set[str] = set()
        urls = list(by_url)
        with self.session() as session:
            for start in range(0, len(urls), 500):
                chunk = urls[start : start + 500]
                known.update(
                    session.exec(
                        select(Item.canonical_url).where(col(Item.canonical_url).in_(chunk))
                    ).all()
                )
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
                args = (routes, extra_targets, backfill, is_seed, page_retry, known)
                return [self._store(session, item, *args) for item in batch]
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
                self._store(session, item, routes, (), False, False, None, known)
            session.flush()
            rows = session.exec(
                select(Alert).where(col(Alert.id) > start, col(Alert.status) == AlertStatus.PENDING)
            ).all()
            pending = []
            for alert in rows:
                record = session.get(StatementRecord, alert.statement_id)
                found = session.get(Item, alert.item_id)
                assert record is not None and found is not None
                pending.append((alert.route, alert_message(session, record, found)))
            session.rollback()
        return pending

    def _store(
        self,
        session: Session,
        analysed: AnalysedArticle,
        routes: Sequence[Route],
        extra_targets: Sequence[str],
        backfill: bool,
        is_seed: bool,
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
            self._find_original(session, analysed, known.first_by_hash, known.index)
            if matchable
            else (None, None)
        )
        topics_json = [topic_json(label) for label in article.topics]
        items = table(Item)
        fetched_at = utcnow()
        item_id: int = session.execute(
            insert(items).returning(items.c.id),
            {
                "url": article.url,
                "canonical_url": article.canonical_url,
                "title": article.title,
                "text": article.text,
                "source": article.source,
                "is_seed": is_seed,
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
                "topics": topics_json,
            },
        ).scalar_one()
        known.stored(analysed, item_id)
        outcome = StoredOutcome(item_id=item_id, duplicate_of=original[1] if original else None)
        self._record_contents(
            session, item_id, analysed, (article.published, fetched_at), matchable, outcome,
            routes, extra_targets, backfill, is_seed, known.index, known.statements,
        )  # fmt: skip
        return outcome

    def _record_contents(
        self,
        session: Session,
        item_id: int,
        analysed: AnalysedArticle,
        dates: tuple[datetime | None, datetime],
        matchable: bool,
        outcome: StoredOutcome,
        routes: Sequence[Route],
        extra_targets: Sequence[str],
        backfill: bool,
        is_seed: bool,
        index: NearDuplicateIndex,
        candidates: StatementCandidates,
        new_item: bool = True,
    ) -> None:
        """What a stored item's text brings: its place in the near-duplicate index, its
        statements (speakers completed by the registry) and the alerts on new ones.
        DATES is the item's (published, fetched_at)."""
        article = analysed.article
        if matchable:
            index.add(item_id, analysed.signature)
        statements = article.statements
        if statements:
            speakers = resolve_speakers(session, [s.speaker for s in statements], item_id)
            statements = [
                replace(s, speaker=who) for s, who in zip(statements, speakers, strict=True)
            ]
        stored = record_statements(session, item_id, dates, statements, candidates, new_item)
        new = [s for s in stored if s.new]
        outcome.new_statements = len(new)
        outcome.repeated_statements = len(stored) - len(new)
        if new and not is_seed:
            outcome.alerts_queued = self._queue_alerts(
                session, new, item_id, article, routes, extra_targets, backfill
            )
            outcome.alerts_suppressed = len(new) * len(routes) - outcome.alerts_queued

    def _find_original(
        self,
        session: Session,
        analysed: AnalysedArticle,
        first_by_hash: dict[str, int],
        index: NearDuplicateIndex,
    ) -> tuple[tuple[int, str] | None, float | None]:
        """The first publisher of the story this article copies, as (id, canonical URL).
        FIRST_BY_HASH holds the first item of the article's content hash, if any."""
        exact = first_by_hash.get(analysed.content_hash)
        if exact is not None:
            return story_root(session, exact), 1.0
        near = index.find(analysed.signature)
        if near is None:
            return None, None
        item_id, similarity = near
        return story_root(session, item_id), similarity

    def _queue_alerts(
        self,
        session: Session,
        new: Sequence[StoredStatement],
        item_id: int,
        article: Article,
        routes: Sequence[Route],
        extra_targets: Sequence[str],
        backfill: bool,
    ) -> int:
        rows = []
        for statement in new:
            message = statement_message(
                statement,
                article,
                evidence=evidence_lines(statement.topic_evidence),
                first_publisher=publisher(article),
            )
            for route in routes:
                reason = suppression_reason(message, route, backfill=backfill)
                rows.append(
                    {
                        "statement_id": statement.id,
                        "item_id": item_id,
                        "route": route.name,
                        "status": AlertStatus.PENDING if reason is None else AlertStatus.SUPPRESSED,
                        "reason": reason,
                        # names, not URLs: the store never holds a target's secret
                        "targets": [target_name(t) for t in route_targets(route, extra_targets)],
                        "delivered": [],
                        "attempts": 0,
                        "created_at": utcnow(),
                    }
                )
        if rows:
            session.execute(insert(table(Alert)), rows)
        return sum(row["status"] == AlertStatus.PENDING for row in rows)

    def reclassify(self, taxonomy: Taxonomy, batch: int = 500) -> int:
        """Apply changed topic rules to every stored item and the statements it first carried.

        A statement is labelled again from its sentences in that item (its mention's spans).
        Returns how many items changed topics. Runs in batches so a large store is not
        held under the write lock for the whole pass.
        """
        changed = 0
        last_id = 0
        while True:
            with self.write() as session:
                items = session.exec(
                    select(Item).where(col(Item.id) > last_id).order_by(col(Item.id)).limit(batch)
                ).all()
                if not items:
                    return changed
                for item in items:
                    assert item.id is not None
                    last_id = item.id
                    labels = taxonomy.classify(item.title, item.text)
                    topics = [topic_json(label) for label in labels]
                    if topics == item.topics:
                        continue
                    changed += 1
                    item.topics = topics
                    session.add(item)
                    _relabel_statements(session, taxonomy, item.id, item.text, labels)


def _relabel_statements(
    session: Session, taxonomy: Taxonomy, item_id: int, text: str, labels: list[TopicLabel]
) -> None:
    """Label again the statements ITEM_ID first carried, from their spans in its TEXT."""
    rows = session.exec(
        select(StatementRecord, Mention)
        .join(
            Mention,
            (col(Mention.statement_id) == col(StatementRecord.id))
            & (col(Mention.item_id) == item_id),
        )
        .where(StatementRecord.first_item_id == item_id)
    ).all()
    spans_of = [[(start, end) for start, end in mention.spans] for _, mention in rows]
    for (record, _), said_on in zip(
        rows, taxonomy.label_statements(text, spans_of, labels), strict=True
    ):
        record.topics = said_on.names
        record.topic_source = said_on.source
        record.topic_evidence = [topic_json(label) for label in said_on.labels]
        session.add(record)
