"""Read-only views of the store: counts for ``status`` and JSON-lines exports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

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
