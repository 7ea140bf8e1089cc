"""Read-only views of the store: counts for ``status``, JSON-lines exports, and the
pages of statements the web app lists."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, func, or_
from sqlmodel import Session, col, select

from newsmon.paging import PageCursor
from newsmon.redact import target_name
from storage.core import StoreCore, count_rows, iso
from storage.models import Alert, AlertStatus, Item, Mention, StatementRecord
from storage.speakers import SpeakerProfile, find_speaker


class ReadingStore(StoreCore):
    def counts(self) -> dict[str, int]:
        with self.session() as session:
            return {
                "items": count_rows(session, Item),
                "seeds": session.exec(
                    select(func.count()).select_from(Item).where(col(Item.is_seed))
                ).one(),
                "duplicates": session.exec(
                    select(func.count())
                    .select_from(Item)
                    .where(col(Item.duplicate_of_id).is_not(None))
                ).one(),
                # items whose analysis was cut short: `export items` says how (analysis_note)
                "items_analysed_in_part": session.exec(
                    select(func.count())
                    .select_from(Item)
                    .where(col(Item.analysis_note).is_not(None))
                ).one(),
                "statements": count_rows(session, StatementRecord),
                "mentions": count_rows(session, Mention),
                "alerts_sent": _alert_count(session, AlertStatus.SENT),
                "alerts_pending": _alert_count(session, AlertStatus.PENDING),
                "alerts_suppressed": _alert_count(session, AlertStatus.SUPPRESSED),
                "alerts_dead": _alert_count(session, AlertStatus.DEAD),
            }

    def export_items(self) -> Iterator[dict[str, Any]]:
        with self.session() as session:
            urls = dict(session.exec(select(Item.id, Item.canonical_url)).all())
            for item in session.exec(select(Item).order_by(col(Item.id))):
                yield {
                    "url": item.url,
                    "canonical_url": item.canonical_url,
                    "title": item.title,
                    "published": iso(item.published),
                    "language": item.language,
                    "topics": [label["topic"] for label in item.topics],
                    "topic_evidence": item.topics,
                    "duplicate_of": urls.get(item.duplicate_of_id)
                    if item.duplicate_of_id
                    else None,
                    "similarity": item.similarity,
                    "source": item.source,
                    "fetch_note": item.fetch_note,
                    "analysis_note": item.analysis_note,
                    "text": item.text,
                }

    def export_statements(self) -> Iterator[dict[str, Any]]:
        with self.session() as session:
            items = {
                id_: (url, published or fetched)
                for id_, url, published, fetched in session.exec(
                    select(Item.id, Item.url, Item.published, Item.fetched_at)
                ).all()
            }
            rows = session.exec(
                select(Mention, StatementRecord)
                .join(StatementRecord, col(StatementRecord.id) == col(Mention.statement_id))
                .order_by(col(Mention.id))
            )
            for mention, record in rows:
                url, published = items[mention.item_id]
                first_url, first_published = items[record.first_item_id]
                yield {
                    "item_url": url,
                    "speaker": record.speaker,
                    "role": record.role,
                    "organisation": record.organisation,
                    "country": record.country,
                    "official": record.official,
                    "speaker_kind": record.speaker_kind,
                    "cue": record.cue,
                    "text": mention.text,
                    "new": mention.new,
                    # The first publisher is the earliest published copy, whatever order
                    # the copies arrived in; ``new`` says which one this store saw first.
                    "duplicate_of": None if mention.item_id == record.first_item_id else first_url,
                    "statement_id": record.id,
                    "attributed_to": mention.speaker,
                    "topics": record.topics,
                    # "statement": found in its own sentences; "article": its first item's
                    "topic_source": record.topic_source,
                    "topic_evidence": record.topic_evidence or [],
                    "published": iso(published),
                    "first_published": iso(first_published),
                    "first_publisher_url": first_url,
                    "statement_text": record.text,
                }

    def speaker_profile(self, name: str) -> SpeakerProfile | None:
        """The registry's entry for a name or any of its aliases."""
        with self.session() as session:
            return find_speaker(session, name)

    def export_speakers(self) -> Iterator[dict[str, Any]]:
        with self.session() as session:
            for profile in session.exec(select(SpeakerProfile).order_by(col(SpeakerProfile.name))):
                yield {
                    "name": profile.name,
                    "aliases": profile.aliases,
                    "role": profile.role,
                    "organisation": profile.organisation,
                    "country": profile.country,
                    "official": profile.official,
                    "established_by": profile.established_by,
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
                    "targets": [target_name(t) for t in alert.targets],
                    "attempts": alert.attempts,
                    "last_error": alert.last_error,
                    "sent_at": iso(alert.sent_at),
                }


def _alert_count(session: Session, status: str) -> int:
    return int(
        session.exec(select(func.count()).select_from(Alert).where(Alert.status == status)).one()
    )


@dataclass(frozen=True)
class Filters:
    """What a reader narrowed the list of statements to; each is optional."""

    speaker: str | None = None
    country: str | None = None
    topic: str | None = None
    official: bool | None = None
    query: str | None = None

    def active(self) -> dict[str, str]:
        """The filters set, as the query parameters that ask for them."""
        values = {
            "speaker": self.speaker,
            "country": self.country,
            "topic": self.topic,
            "official": None if self.official is None else ("yes" if self.official else "no"),
            "q": self.query,
        }
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class StatementRow:
    record: StatementRecord
    first_item: Item
    repeats: int

    @property
    def dated(self) -> datetime:
        """When it was published (its first publisher's date), else when it was stored."""
        return self.first_item.published or self.record.first_seen_at

    @property
    def cursor(self) -> PageCursor:
        assert self.record.id is not None
        return PageCursor(self.dated, self.record.id)


def statement_page(
    session: Session, filters: Filters, after: PageCursor | None = None, limit: int = 100
) -> list[StatementRow]:
    """New statements (first appearances), newest published first, seeds included.

    Keyset paging on (date, id): the page starts below ``after``, so statements stored
    while a reader pages never shift a row onto the next page. The date is the first
    publisher's published date, or the stored date when it has none.
    """
    repeats = (
        select(Mention.statement_id, (func.count() - 1).label("repeats"))
        .group_by(col(Mention.statement_id))
        .subquery()
    )
    dated = func.coalesce(col(Item.published), col(StatementRecord.first_seen_at))
    query = (
        select(StatementRecord, Item, repeats.c.repeats)
        .join(Item, col(Item.id) == col(StatementRecord.first_item_id))
        .join(repeats, repeats.c.statement_id == col(StatementRecord.id))
        .where(*_conditions(filters))
        .order_by(dated.desc(), col(StatementRecord.id).desc())
        .limit(limit)
    )
    if after is not None:
        query = query.where(
            or_(
                dated < after.when,
                and_(dated == after.when, col(StatementRecord.id) < after.statement_id),
            )
        )
    return [StatementRow(record, item, int(n)) for record, item, n in session.exec(query)]


def _conditions(filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.speaker:
        conditions.append(func.lower(StatementRecord.speaker) == filters.speaker.lower())
    if filters.country:
        conditions.append(func.lower(StatementRecord.country) == filters.country.lower())
    if filters.official is not None:
        conditions.append(col(StatementRecord.official).is_(filters.official))
    if filters.query:
        pattern = f"%{_escape_like(filters.query.lower())}%"
        conditions.append(
            or_(
                func.lower(StatementRecord.text).like(pattern, escape="\\"),
                func.lower(StatementRecord.speaker).like(pattern, escape="\\"),
            )
        )
    if filters.topic:
        # The topics are a JSON list of strings: the topic as JSON writes it, quotes and
        # all, appears in the list's text exactly when it is one of them. One query on
        # SQLite and PostgreSQL alike, so a page is full however rare the topic.
        written = _escape_like(json.dumps(filters.topic))
        topics = cast(col(StatementRecord.topics), String)
        conditions.append(topics.like(f"%{written}%", escape="\\"))
    return conditions


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
