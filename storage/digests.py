"""Daily digests: which statements a day brought, and which routes got their message."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from newsmon.alerts import AlertMessage
from storage.core import StoreCore
from storage.messages import alert_messages
from storage.models import AlertStatus, DigestRecord, Item, StatementRecord, utcnow


class DigestStore(StoreCore):
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
            return alert_messages(session, [(record, item) for record, item in rows])

    def digest_due(self, route: str, day: str) -> bool:
        with self.session() as session:
            record = session.exec(
                select(DigestRecord).where(DigestRecord.route == route, DigestRecord.day == day)
            ).first()
        return record is None or record.status != AlertStatus.SENT

    def finish_digest(self, route: str, day: str, statements: int, error: str | None) -> None:
        with self.write() as session:
            record = session.exec(
                select(DigestRecord).where(DigestRecord.route == route, DigestRecord.day == day)
            ).first() or DigestRecord(route=route, day=day)
            record.statements = statements
            record.status = AlertStatus.PENDING if error else AlertStatus.SENT
            record.last_error = error
            record.sent_at = None if error else utcnow()
            session.add(record)
