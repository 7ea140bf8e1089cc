"""The alert outbox: grouping due alerts into messages, claiming them, recording each
delivery attempt. Every statement keeps its own outbox row; a message (AlertGroup) is
what is delivered, and its outcome is copied to each of its rows."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from newsmon.alerts import AlertMessage, publisher, statement_message
from newsmon.config import AlertSettings, GroupMode
from newsmon.grouping import FailingFeed, PendingStatement, group_pending
from newsmon.redact import redact_text, target_name
from storage.core import StoreCore
from storage.dedup_index import story_root
from storage.models import (
    Alert,
    AlertGroup,
    AlertStatus,
    FeedState,
    Item,
    Mention,
    StatementRecord,
    aware,
    utcnow,
)
from storage.speakers import FIELDS, find_speaker
from storage.statements import evidence_lines

# An alert claimed by a run on another machine is handed over after this long;
# on this machine a claim is handed over as soon as its process is gone.
CLAIM_TIMEOUT = timedelta(minutes=10)
RUN_ID = f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class ClaimedGroup:
    """One message this run is to deliver: a group of new statements, or failing feeds."""

    group_id: int
    route: str
    targets: list[str]  # those that have not taken it yet
    messages: list[AlertMessage] = field(default_factory=list)
    feeds: list[FailingFeed] = field(default_factory=list)


class OutboxStore(StoreCore):
    def claim_groups(
        self, modes: Mapping[str, GroupMode] | None = None, limit: int = 500
    ) -> list[ClaimedGroup]:
        """Group the due alerts into messages, then take the due messages for this run alone.

        Grouping and claiming happen in one transaction under the write lock: an alert
        joins exactly one group, once, and a group is delivered by one run at a time.
        A group keeps its members for good, so a retry or a run that takes over after a
        crash sends the same message, never one regrouped around a statement already sent.
        """
        now = utcnow()
        claimed: list[ClaimedGroup] = []
        with self.write() as session:
            _form_groups(session, modes or {}, now, limit)
            due = (col(AlertGroup.status) == AlertStatus.PENDING) & (
                col(AlertGroup.next_attempt_at).is_(None) | (col(AlertGroup.next_attempt_at) <= now)
            )
            groups = session.exec(
                select(AlertGroup)
                .where(due | (col(AlertGroup.status) == AlertStatus.SENDING))
                .order_by(col(AlertGroup.id))
                .limit(limit)
            ).all()
            for group in groups:
                if group.status == AlertStatus.SENDING and not _claim_abandoned(group, now):
                    continue  # another live run is delivering it
                assert group.id is not None
                if group.in_flight:
                    # A run died between handing the message to this target and hearing
                    # back: it may have arrived. It is sent again (at-least-once).
                    group.last_error = (
                        f"a run stopped while sending to {group.in_flight}; sent again, so "
                        "that target may get it twice"
                    )
                    group.in_flight = None
                group.status = AlertStatus.SENDING
                group.claimed_at = now
                group.claimed_by = RUN_ID
                session.add(group)
                members = _members(session, group.id)
                for alert in members:
                    alert.status = AlertStatus.SENDING
                    alert.last_error = group.last_error
                    session.add(alert)
                claimed.append(
                    ClaimedGroup(
                        group_id=group.id,
                        route=group.route,
                        targets=[t for t in group.targets if t not in group.delivered],
                        messages=[_message_of(session, alert) for alert in members],
                        feeds=[_failing_feed(feed) for feed in group.feeds],
                    )
                )
        return claimed

    def queue_feed_failures(self, threshold: int, targets: Sequence[str]) -> int:
        """One message for every feed that crossed the failure threshold since the last
        one (not one per feed, not one per pass while it stays down); returns how many
        feeds it names. Each feed is then marked so it is not named again until it
        recovers and fails again."""
        with self.write() as session:
            states = session.exec(
                select(FeedState)
                .where(
                    col(FeedState.consecutive_failures) >= threshold,
                    col(FeedState.failure_alerted).is_(False),
                )
                .order_by(col(FeedState.url))
            ).all()
            if not states:
                return 0
            session.add(
                AlertGroup(
                    route=FEED_FAILURES,
                    kind="feeds",
                    key=FEED_FAILURES,
                    feeds=[_feed_snapshot(state) for state in states],
                    targets=list(dict.fromkeys(target_name(t) for t in targets)),
                )
            )
            for state in states:
                state.failure_alerted = True
                session.add(state)
            return len(states)

    def start_delivery(self, group_id: int, target: str) -> None:
        """Recorded before a target is handed the message (see claim_groups)."""
        with self.write() as session:
            group = session.get(AlertGroup, group_id)
            assert group is not None
            group.in_flight = target
            session.add(group)

    def end_delivery(self, group_id: int, target: str, delivered: bool) -> None:
        """Recorded as soon as a target took the message (or refused it)."""
        with self.write() as session:
            group = session.get(AlertGroup, group_id)
            assert group is not None
            group.in_flight = None
            if delivered:
                group.delivered = list(dict.fromkeys([*group.delivered, target]))
            session.add(group)

    def finish_group(
        self, group_id: int, failed: Mapping[str, str], settings: AlertSettings | None = None
    ) -> AlertStatus:
        """Record one delivery attempt of a message and of every alert in it; returns
        the new status."""
        settings = settings or AlertSettings()
        now = utcnow()
        with self.write() as session:
            group = session.get(AlertGroup, group_id)
            assert group is not None and group.id is not None
            group.attempts += 1
            group.claimed_by = None
            group.in_flight = None
            if not failed:
                group.status = AlertStatus.SENT
                group.sent_at = now
                if not (group.last_error or "").startswith("a run stopped"):
                    group.last_error = None  # keep the note that a duplicate was possible
            else:
                group.last_error = "; ".join(
                    f"{target_name(t)}: {redact_text(e)}" for t, e in failed.items()
                )
                if group.attempts >= settings.max_attempts:
                    group.status = AlertStatus.DEAD
                else:
                    group.status = AlertStatus.PENDING
                    delay = min(
                        settings.retry_backoff_seconds * 2 ** (group.attempts - 1),
                        settings.max_backoff_seconds,
                    )
                    group.next_attempt_at = now + timedelta(seconds=delay)
            session.add(group)
            for alert in _members(session, group.id):
                for name in ("status", "attempts", "last_error", "next_attempt_at", "sent_at"):
                    setattr(alert, name, getattr(group, name))
                alert.delivered = list(group.delivered)
                alert.claimed_by = None
                session.add(alert)
            return AlertStatus(group.status)


# The route name of a feed-failure message: it goes to every route's targets.
FEED_FAILURES = "feed failures"


def _form_groups(
    session: Session, modes: Mapping[str, GroupMode], now: datetime, limit: int
) -> None:
    """Put every due alert that is in no message yet into one (see claim_groups)."""
    due = (col(Alert.next_attempt_at).is_(None)) | (col(Alert.next_attempt_at) <= now)
    alerts = session.exec(
        select(Alert)
        .where(
            col(Alert.status) == AlertStatus.PENDING,
            col(Alert.group_id).is_(None),
            due,
        )
        .order_by(col(Alert.id))
        .limit(limit)
    ).all()
    if not alerts:
        return
    by_id = {alert.id: alert for alert in alerts}
    stories: dict[int, int] = {}
    pending = []
    for alert in alerts:
        assert alert.id is not None
        if alert.item_id not in stories:
            stories[alert.item_id] = story_root(session, alert.item_id)[0]
        pending.append(
            PendingStatement(
                alert.id, alert.route, stories[alert.item_id], _message_of(session, alert)
            )
        )
    for (route, key), statements in group_pending(pending, modes).items():
        members = [by_id[s.alert_id] for s in statements]
        # Targets a member already took (an alert from before grouping) are not sent again.
        delivered = set.intersection(*(set(a.delivered) for a in members))
        group = AlertGroup(
            route=route,
            key=key[:600],
            targets=list(dict.fromkeys(t for a in members for t in a.targets)),
            delivered=sorted(delivered),
        )
        session.add(group)
        session.flush()
        for alert in members:
            alert.group_id = group.id
            session.add(alert)


def _members(session: Session, group_id: int) -> list[Alert]:
    return list(
        session.exec(select(Alert).where(Alert.group_id == group_id).order_by(col(Alert.id)))
    )


def _message_of(session: Session, alert: Alert) -> AlertMessage:
    record = session.get(StatementRecord, alert.statement_id)
    item = session.get(Item, alert.item_id)
    assert record is not None and item is not None
    return alert_message(session, record, item)


def _feed_snapshot(state: FeedState) -> dict[str, Any]:
    since = aware(state.failing_since)
    return {
        "name": state.name or state.url,
        "url": state.url,
        "failures": state.consecutive_failures,
        "since": since.isoformat() if since else None,
        "last_error": state.last_error,
    }


def _failing_feed(snapshot: Mapping[str, Any]) -> FailingFeed:
    since = snapshot.get("since")
    return FailingFeed(
        name=snapshot["name"],
        url=snapshot["url"],
        failures=snapshot["failures"],
        since=datetime.fromisoformat(since) if since else None,
        last_error=snapshot.get("last_error"),
    )


def _claim_abandoned(group: AlertGroup, now: datetime) -> bool:
    host, _, pid = (group.claimed_by or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _process_alive(int(pid))
    claimed_at = aware(group.claimed_at)
    return claimed_at is None or claimed_at < now - CLAIM_TIMEOUT


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
    # The statement's own topics and their evidence, not the whole article's.
    evidence = evidence_lines(record.topic_evidence)
    # The registry may have learned who the speaker is since the statement was stored.
    profile = find_speaker(session, record.speaker)
    known = {f: getattr(profile, f) for f in FIELDS if profile and getattr(record, f) is None}
    return statement_message(
        _Completed(record, {f: v for f, v in known.items() if v is not None}),
        item,
        evidence=evidence,
        first_publisher=publisher(first) if first else None,
        repeats=max(0, mentions - 1),
    )


class _Completed:
    """A stored statement with the fields it lacks taken from the speaker registry."""

    def __init__(self, record: StatementRecord, known: Mapping[str, Any]) -> None:
        self.speaker = record.speaker
        self.text = record.text
        self.topics = record.topics
        self.role: str | None = known.get("role", record.role)
        self.organisation: str | None = known.get("organisation", record.organisation)
        self.country: str | None = known.get("country", record.country)
        self.official: bool | None = known.get("official", record.official)
