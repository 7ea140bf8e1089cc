"""The alert outbox: claiming due alerts, recording each delivery attempt."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from newsmon.alerts import AlertMessage, publisher, statement_message
from newsmon.config import AlertSettings
from newsmon.redact import redact_text, target_name
from storage.core import StoreCore
from storage.models import Alert, AlertStatus, Item, Mention, StatementRecord, utcnow

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


class OutboxStore(StoreCore):
    def claim_alerts(self, limit: int = 500) -> list[ClaimedAlert]:
        """Take the alerts that are due (and ones a dead run left claimed) for this run alone."""
        now = utcnow()
        claimed: list[ClaimedAlert] = []
        with self.write() as session:
            due = (col(Alert.status) == AlertStatus.PENDING) & (
                col(Alert.next_attempt_at).is_(None) | (col(Alert.next_attempt_at) <= now)
            )
            rows = session.exec(
                select(Alert)
                .where(due | (col(Alert.status) == AlertStatus.SENDING))
                .order_by(col(Alert.id))
                .limit(limit)
            ).all()
            for alert in rows:
                if alert.status == AlertStatus.SENDING and not _claim_abandoned(alert, now):
                    continue  # another live run is delivering it
                if alert.in_flight:
                    # A run died between handing the message to this target and hearing
                    # back: it may have arrived. It is sent again (at-least-once).
                    alert.last_error = (
                        f"a run stopped while sending to {alert.in_flight}; sent again, so "
                        "that target may get it twice"
                    )
                    alert.in_flight = None
                alert.status = AlertStatus.SENDING
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
                        message=alert_message(session, record, item),
                        delivered=list(alert.delivered),
                    )
                )
        return claimed

    def start_delivery(self, alert_id: int, target: str) -> None:
        """Recorded before a target is handed the message (see claim_alerts)."""
        with self.write() as session:
            alert = session.get(Alert, alert_id)
            assert alert is not None
            alert.in_flight = target
            session.add(alert)

    def end_delivery(self, alert_id: int, target: str, delivered: bool) -> None:
        """Recorded as soon as a target took the message (or refused it)."""
        with self.write() as session:
            alert = session.get(Alert, alert_id)
            assert alert is not None
            alert.in_flight = None
            if delivered:
                alert.delivered = list(dict.fromkeys([*alert.delivered, target]))
            session.add(alert)

    def finish_alert(
        self,
        alert_id: int,
        delivered: Sequence[str],
        failed: dict[str, str],
        settings: AlertSettings | None = None,
    ) -> AlertStatus:
        """Record one delivery attempt; returns the alert's new status."""
        settings = settings or AlertSettings()
        now = utcnow()
        with self.write() as session:
            alert = session.get(Alert, alert_id)
            assert alert is not None
            alert.delivered = list(dict.fromkeys([*alert.delivered, *delivered]))
            alert.attempts += 1
            alert.claimed_by = None
            alert.in_flight = None
            if not failed:
                alert.status = AlertStatus.SENT
                alert.sent_at = now
                if not (alert.last_error or "").startswith("a run stopped"):
                    alert.last_error = None  # keep the note that a duplicate was possible
            else:
                alert.last_error = "; ".join(
                    f"{target_name(t)}: {redact_text(e)}" for t, e in failed.items()
                )
                if alert.attempts >= settings.max_attempts:
                    alert.status = AlertStatus.DEAD
                else:
                    alert.status = AlertStatus.PENDING
                    delay = min(
                        settings.retry_backoff_seconds * 2 ** (alert.attempts - 1),
                        settings.max_backoff_seconds,
                    )
                    alert.next_attempt_at = now + timedelta(seconds=delay)
            session.add(alert)
            return alert.status


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


def alert_message(session: Session, record: StatementRecord, item: Item) -> AlertMessage:
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
        first_publisher=publisher(first) if first else None,
        repeats=max(0, mentions - 1),
    )
