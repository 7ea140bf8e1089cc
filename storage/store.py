"""The queries the flows need, each in its own short transaction.

Writes that decide "is this new?" (items, statements, alerts) run under a
store-wide write lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock),
so two overlapping runs cannot both decide the same thing is new.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from newsmon.alerts import AlertMessage, route_targets, suppression_reason
from newsmon.analyse import AnalysedArticle
from newsmon.config import AlertSettings, Route
from newsmon.dedup import canonicalise_url
from newsmon.models import FeedEntry, FetchResult, Statement
from newsmon.pipeline import StoredOutcome
from newsmon.statements import normalise_statement, same_statement, statement_keys
from storage.db import create_schema, get_engine
from storage.dedup_index import NearDuplicateIndex
from storage.models import (
    Alert,
    DigestRecord,
    FeedState,
    Item,
    Mention,
    StatementKey,
    StatementRecord,
    aware,
    utcnow,
)

_POSTGRES_WRITE_LOCK = 0x6E65_7773  # "news"
# An alert claimed by a run on another machine is handed over after this long;
# on this machine a claim is handed over as soon as its process is gone.
CLAIM_TIMEOUT = timedelta(minutes=10)
RUN_ID = f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class ClaimedAlert:
    alert_id: int
    targets: list[str]
    message: AlertMessage
    delivered: list[str] = field(default_factory=list)


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = get_engine(url)
        create_schema(self.engine)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction holding the store-wide write lock."""
        with Session(self.engine, expire_on_commit=False) as session:
            if self.is_postgres:
                session.connection().execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_WRITE_LOCK}
                )
            # SQLite: every transaction begins IMMEDIATE (see storage.db), which is the lock.
            yield session
            session.commit()

    # feeds -----------------------------------------------------------------

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

    def failing_feeds_to_report(self, threshold: int) -> list[FeedState]:
        """Feeds that have just crossed the failure threshold and were not reported yet."""
        with self.session() as session:
            return list(
                session.exec(
                    select(FeedState).where(
                        col(FeedState.consecutive_failures) >= threshold,
                        col(FeedState.failure_alerted).is_(False),
                    )
                ).all()
            )

    def mark_feed_reported(self, url: str) -> None:
        with self.write() as session:
            state = session.exec(select(FeedState).where(FeedState.url == url)).one()
            state.failure_alerted = True
            session.add(state)

    def all_feed_states(self) -> list[FeedState]:
        with self.session() as session:
            return list(session.exec(select(FeedState).order_by(col(FeedState.url))).all())

    # items -----------------------------------------------------------------

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
                select(Alert).where(col(Alert.id) > start, col(Alert.status) == "pending")
            ).all()
            pending = []
            for alert in rows:
                record = session.get(StatementRecord, alert.statement_id)
                found = session.get(Item, alert.item_id)
                assert record is not None and found is not None
                pending.append((alert.route, _message(session, record, found)))
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
                outcome.alerts_queued += self._queue_alerts(
                    session, record, item, routes, extra_targets, backfill
                )
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
        message = _message(session, record, item)
        queued = 0
        for route in routes:
            reason = suppression_reason(message, route, backfill=backfill)
            session.add(
                Alert(
                    statement_id=record.id,
                    item_id=item.id,
                    route=route.name,
                    status="pending" if reason is None else "suppressed",
                    reason=reason,
                    targets=route_targets(route, extra_targets),
                )
            )
            queued += reason is None
        return queued

    # alerts ----------------------------------------------------------------

    def claim_alerts(self, limit: int = 500) -> list[ClaimedAlert]:
        """Take the alerts that are due (and ones a dead run left claimed) for this run alone."""
        now = utcnow()
        claimed: list[ClaimedAlert] = []
        with self.write() as session:
            due = (col(Alert.status) == "pending") & (
                col(Alert.next_attempt_at).is_(None) | (col(Alert.next_attempt_at) <= now)
            )
            rows = session.exec(
                select(Alert)
                .where(due | (col(Alert.status) == "sending"))
                .order_by(col(Alert.id))
                .limit(limit)
            ).all()
            for alert in rows:
                if alert.status == "sending" and not _claim_abandoned(alert, now):
                    continue  # another live run is delivering it
                alert.status = "sending"
                alert.claimed_at = now
                alert.claimed_by = RUN_ID
                session.add(alert)
                record = session.get(StatementRecord, alert.statement_id)
                item = session.get(Item, alert.item_id)
                assert record is not None and item is not None and alert.id is not None
                claimed.append(
                    ClaimedAlert(
                        alert_id=alert.id,
                        targets=[t for t in alert.targets if t not in alert.delivered],
                        message=_message(session, record, item),
                        delivered=list(alert.delivered),
                    )
                )
        return claimed

    def finish_alert(
        self,
        alert_id: int,
        delivered: Sequence[str],
        failed: dict[str, str],
        settings: AlertSettings | None = None,
    ) -> str:
        """Record one delivery attempt; returns the alert's new status."""
        settings = settings or AlertSettings()
        now = utcnow()
        with self.write() as session:
            alert = session.get(Alert, alert_id)
            assert alert is not None
            alert.delivered = list(dict.fromkeys([*alert.delivered, *delivered]))
            alert.attempts += 1
            alert.claimed_by = None
            if not failed:
                alert.status = "sent"
                alert.sent_at = now
                alert.last_error = None
            else:
                alert.last_error = "; ".join(f"{_redact_target(t)}: {e}" for t, e in failed.items())
                if alert.attempts >= settings.max_attempts:
                    alert.status = "dead"
                else:
                    alert.status = "pending"
                    delay = min(
                        settings.retry_backoff_seconds * 2 ** (alert.attempts - 1),
                        settings.max_backoff_seconds,
                    )
                    alert.next_attempt_at = now + timedelta(seconds=delay)
            session.add(alert)
            return alert.status

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

    # digests ---------------------------------------------------------------

    def messages_first_seen(self, start: datetime, end: datetime) -> list[AlertMessage]:
        """Statements that first appeared in [start, end), seeds excluded."""
        with self.session() as session:
            rows = session.exec(
                select(StatementRecord, Item)
                .join(Item, col(Item.id) == col(StatementRecord.first_item_id))
                .where(
                    col(StatementRecord.first_seen_at) >= start,
                    col(StatementRecord.first_seen_at) < end,
                    col(Item.is_seed).is_(False),
                )
                .order_by(col(StatementRecord.id))
            ).all()
            return [_message(session, record, item) for record, item in rows]

    def digest_due(self, route: str, day: str) -> bool:
        with self.session() as session:
            record = session.exec(
                select(DigestRecord).where(DigestRecord.route == route, DigestRecord.day == day)
            ).first()
        return record is None or record.status != "sent"

    def finish_digest(self, route: str, day: str, statements: int, error: str | None) -> None:
        with self.write() as session:
            record = session.exec(
                select(DigestRecord).where(DigestRecord.route == route, DigestRecord.day == day)
            ).first() or DigestRecord(route=route, day=day)
            record.statements = statements
            record.status = "pending" if error else "sent"
            record.last_error = error
            record.sent_at = None if error else utcnow()
            session.add(record)

    # reading ---------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.session() as session:
            return {
                "items": _count(session, Item),
                "seeds": session.exec(
                    select(func.count()).select_from(Item).where(col(Item.is_seed))
                ).one(),
                "duplicates": session.exec(
                    select(func.count())
                    .select_from(Item)
                    .where(col(Item.duplicate_of_id).is_not(None))
                ).one(),
                "statements": _count(session, StatementRecord),
                "mentions": _count(session, Mention),
                "alerts_sent": _alert_count(session, "sent"),
                "alerts_pending": _alert_count(session, "pending"),
                "alerts_suppressed": _alert_count(session, "suppressed"),
                "alerts_dead": _alert_count(session, "dead"),
            }

    def export_items(self) -> Iterator[dict[str, Any]]:
        with self.session() as session:
            urls = dict(session.exec(select(Item.id, Item.canonical_url)).all())
            for item in session.exec(select(Item).order_by(col(Item.id))):
                yield {
                    "url": item.url,
                    "canonical_url": item.canonical_url,
                    "title": item.title,
                    "published": _iso(item.published),
                    "language": item.language,
                    "topics": [label["topic"] for label in item.topics],
                    "topic_evidence": item.topics,
                    "duplicate_of": urls.get(item.duplicate_of_id)
                    if item.duplicate_of_id
                    else None,
                    "similarity": item.similarity,
                    "source": item.source,
                    "fetch_note": item.fetch_note,
                    "text": item.text,
                }

    def export_statements(self) -> Iterator[dict[str, Any]]:
        with self.session() as session:
            urls = dict(session.exec(select(Item.id, Item.url)).all())
            rows = session.exec(
                select(Mention, StatementRecord)
                .join(StatementRecord, col(StatementRecord.id) == col(Mention.statement_id))
                .order_by(col(Mention.id))
            )
            for mention, record in rows:
                yield {
                    "item_url": urls[mention.item_id],
                    "speaker": record.speaker,
                    "role": record.role,
                    "organisation": record.organisation,
                    "country": record.country,
                    "official": record.official,
                    "text": mention.text,
                    "new": mention.new,
                    "duplicate_of": None if mention.new else urls[record.first_item_id],
                    "statement_id": record.id,
                    "attributed_to": mention.speaker,
                    "topics": record.topics,
                }

    def export_alerts(self) -> Iterator[dict[str, Any]]:
        with self.session() as session:
            urls = dict(session.exec(select(Item.id, Item.url)).all())
            rows = session.exec(
                select(Alert, StatementRecord)
                .join(StatementRecord, col(StatementRecord.id) == col(Alert.statement_id))
                .order_by(col(Alert.id))
            )
            for alert, record in rows:
                yield {
                    "item_url": urls[alert.item_id],
                    "speaker": record.speaker,
                    "route": alert.route,
                    "status": alert.status,
                    "reason": alert.reason,
                    "targets": [_redact_target(t) for t in alert.targets],
                    "attempts": alert.attempts,
                    "last_error": alert.last_error,
                    "sent_at": _iso(alert.sent_at),
                }


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
    state.name = fetch.name
    state.last_status = fetch.result.status or None
    state.last_fetched_at = now
    if fetch.error is None:
        state.last_success_at = now
        state.last_error = None
        state.consecutive_failures = 0
        state.failure_alerted = False
        if fetch.result.status != 304:
            state.etag = fetch.result.etag
            state.last_modified = fetch.result.last_modified
        state.entries_seen += fetch.entries
    else:
        state.last_error = fetch.error
        state.consecutive_failures += 1


def _claim_abandoned(alert: Alert, now: datetime) -> bool:
    host, _, pid = (alert.claimed_by or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _process_alive(int(pid))
    return alert.claimed_at is None or alert.claimed_at < now - CLAIM_TIMEOUT


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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


def _message(session: Session, record: StatementRecord, item: Item) -> AlertMessage:
    first = session.get(Item, record.first_item_id)
    mentions = session.exec(
        select(func.count()).select_from(Mention).where(Mention.statement_id == record.id)
    ).one()
    evidence = tuple(
        f"{label['topic']}: {', '.join(e['term'] for e in label.get('evidence', [])[:3])}"
        for label in item.topics
    )
    return statement_message(
        record,
        item,
        evidence=evidence,
        first_publisher=_publisher(first) if first else None,
        repeats=max(0, mentions - 1),
    )


def statement_message(
    record: StatementRecord,
    item: Item,
    *,
    evidence: tuple[str, ...] = (),
    first_publisher: str | None = None,
    repeats: int = 0,
) -> AlertMessage:
    """What an alert, a digest line or a feed entry says about a statement seen in an item."""
    return AlertMessage(
        speaker=record.speaker,
        role=record.role,
        organisation=record.organisation,
        country=record.country,
        official=record.official,
        text=record.text,
        topics=tuple(record.topics or ()),
        evidence=evidence,
        item_url=item.url,
        item_title=item.title,
        first_publisher=first_publisher,
        repeats=repeats,
    )


def _publisher(item: Item) -> str:
    if item.site:
        return item.site
    if item.is_seed:
        return item.url
    return urlsplit(item.url).hostname or item.url


def _topic_json(label: Any) -> dict[str, Any]:
    return {
        "topic": label.topic,
        "score": label.score,
        "evidence": [
            {"term": e.term, "start": e.start, "end": e.end, "excerpt": e.excerpt}
            for e in label.evidence
        ],
    }


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def _alert_count(session: Session, status: str) -> int:
    return int(
        session.exec(select(func.count()).select_from(Alert).where(Alert.status == status)).one()
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _redact_target(target: str) -> str:
    scheme, sep, rest = target.partition("://")
    return f"{scheme}://…" if sep and rest else target
