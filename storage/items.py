"""Items and their statements: deciding what is new, a duplicate or a repeat."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from newsmon.alerts import AlertMessage, route_targets, suppression_reason
from newsmon.analyse import AnalysedArticle
from newsmon.config import Route
from newsmon.dedup import canonicalise_url
from newsmon.models import FeedEntry, Statement
from newsmon.pipeline import StoredOutcome
from newsmon.statements import normalise_statement, same_statement, statement_keys
from storage.core import StoreCore
from storage.dedup_index import NearDuplicateIndex
from storage.models import Alert, AlertStatus, Item, Mention, StatementKey, StatementRecord, aware
from storage.outbox import alert_message


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
    ) -> StoredOutcome:
        try:
            with self.write() as session:
                return self._store(session, analysed, routes, extra_targets, backfill, is_seed)
        except IntegrityError:
            # Another run stored the same URL between our check and our insert.
            return StoredOutcome(item_id=None, skipped="stored concurrently by another run")

    def would_alert(
        self, analysed: Sequence[AnalysedArticle], routes: Sequence[Route]
    ) -> list[tuple[str, AlertMessage]]:
        """A dry run: store the batch in a transaction that is rolled back, and
        return the (route, message) pairs a live run would have sent."""
        with Session(self.engine, expire_on_commit=False) as session:
            start = session.exec(select(func.max(Alert.id))).one() or 0
            for item in analysed:
                self._store(session, item, routes, (), False, False)
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
    ) -> StoredOutcome:
        article = analysed.article
        existing = session.exec(
            select(Item.id).where(Item.canonical_url == article.canonical_url)
        ).first()
        if existing is not None:
            return StoredOutcome(item_id=existing, skipped="already stored")
        original, similarity = self._find_original(session, analysed)
        item = Item(
            url=article.url,
            canonical_url=article.canonical_url,
            title=article.title,
            text=article.text,
            source=article.source,
            is_seed=is_seed,
            published=aware(article.published),
            language=article.language,
            author=article.author,
            site=article.site,
            fetch_note=article.fetch_note,
            content_hash=analysed.content_hash,
            duplicate_of_id=original.id if original else None,
            similarity=similarity,
            topics=[_topic_json(label) for label in article.topics],
        )
        session.add(item)
        session.flush()
        assert item.id is not None
        NearDuplicateIndex(session).add(item.id, analysed.signature)
        outcome = StoredOutcome(
            item_id=item.id,
            duplicate_of=original.canonical_url if original else None,
        )
        topics = [label.topic for label in article.topics]
        for statement in article.statements:
            record, new = self._record_statement(session, item, statement, topics)
            if not new:
                outcome.repeated_statements += 1
                continue
            outcome.new_statements += 1
            if not is_seed:
                queued = self._queue_alerts(session, record, item, routes, extra_targets, backfill)
                outcome.alerts_queued += queued
                outcome.alerts_suppressed += len(routes) - queued
        return outcome

    def _find_original(
        self, session: Session, analysed: AnalysedArticle
    ) -> tuple[Item | None, float | None]:
        exact = session.exec(
            select(Item).where(Item.content_hash == analysed.content_hash).order_by(col(Item.id))
        ).first()
        if exact is not None:
            return _root(session, exact), 1.0
        near = NearDuplicateIndex(session).find(analysed.signature)
        if near is None:
            return None, None
        item_id, similarity = near
        found = session.get(Item, item_id)
        return (_root(session, found), similarity) if found else (None, None)

    def _record_statement(
        self, session: Session, item: Item, statement: Statement, topics: list[str]
    ) -> tuple[StatementRecord, bool]:
        assert item.id is not None
        keys = statement_keys(statement.text)
        matching = select(StatementKey.statement_id).where(col(StatementKey.key).in_(keys))
        candidates = session.exec(
            select(StatementRecord)
            .where(col(StatementRecord.id).in_(matching))
            .order_by(col(StatementRecord.id))
        ).all()
        record = next((c for c in candidates if same_statement(c.text, statement.text)), None)
        new = record is None
        if record is None:
            speaker = statement.speaker
            record = StatementRecord(
                speaker=speaker.name,
                role=speaker.role,
                organisation=speaker.organisation,
                country=speaker.country,
                official=speaker.official,
                kind=statement.kind,
                text=statement.text,
                normalised=normalise_statement(statement.text),
                first_item_id=item.id,
                topics=topics,
            )
            session.add(record)
            session.flush()
            assert record.id is not None
            for key in dict.fromkeys(keys):
                session.add(StatementKey(key=key, statement_id=record.id))
        assert record.id is not None
        already = session.exec(
            select(Mention.id).where(Mention.statement_id == record.id, Mention.item_id == item.id)
        ).first()
        if already is None:
            session.add(
                Mention(
                    statement_id=record.id,
                    item_id=item.id,
                    speaker=statement.speaker.name,
                    text=statement.text,
                    spans=[list(span) for span in statement.spans],
                    new=new,
                )
            )
        return record, new

    def _queue_alerts(
        self,
        session: Session,
        record: StatementRecord,
        item: Item,
        routes: Sequence[Route],
        extra_targets: Sequence[str],
        backfill: bool,
    ) -> int:
        assert record.id is not None and item.id is not None
        message = alert_message(session, record, item)
        queued = 0
        for route in routes:
            reason = suppression_reason(message, route, backfill=backfill)
            session.add(
                Alert(
                    statement_id=record.id,
                    item_id=item.id,
                    route=route.name,
                    status=AlertStatus.PENDING if reason is None else AlertStatus.SUPPRESSED,
                    reason=reason,
                    targets=route_targets(route, extra_targets),
                )
            )
            queued += reason is None
        return queued

    def reclassify(self, classify: Callable[[str, str], list[Any]], batch: int = 500) -> int:
        """Apply changed topic rules to every stored item and the statements it first carried.

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
                    topics = [_topic_json(label) for label in classify(item.title, item.text)]
                    if topics == item.topics:
                        continue
                    changed += 1
                    item.topics = topics
                    session.add(item)
                    names = [label["topic"] for label in topics]
                    for record in session.exec(
                        select(StatementRecord).where(StatementRecord.first_item_id == item.id)
                    ):
                        record.topics = names
                        session.add(record)


def _root(session: Session, item: Item) -> Item:
    """Follow duplicate_of to the first publisher, so every copy points at it."""
    seen = set()
    while item.duplicate_of_id is not None and item.id not in seen:
        seen.add(item.id)
        parent = session.get(Item, item.duplicate_of_id)
        if parent is None:
            break
        item = parent
    return item


def _topic_json(label: Any) -> dict[str, Any]:
    return {
        "topic": label.topic,
        "score": label.score,
        "evidence": [
            {"term": e.term, "start": e.start, "end": e.end, "excerpt": e.excerpt}
            for e in label.evidence
        ],
    }
