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

from sqlalchemy import update
from sqlmodel import Session, col, select

from newsmon.alerts import AlertMessage
from newsmon.config import AlertSettings, GroupMode
from newsmon.grouping import FailingFeed, PendingStatement, group_pending
from newsmon.redact import redact_text, target_name
from storage.core import StoreCore, rows_matching
from storage.dedup_index import story_root
from storage.messages import messages_of_alerts
from storage.models import (
    Alert,
    AlertGroup,
    AlertStatus,
    FeedState,
    aware,
    utcnow,
)

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
        taken: list[AlertGroup] = []
        with self.write() as session:
            messages = _form_groups(session, modes or {}, now, limit)
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
                taken.append(group)
            members = _members(session, [group.id for group in taken if group.id is not None])
            for group in taken:
                assert group.id is not None
                for alert in members.get(group.id, []):
                    alert.status = AlertStatus.SENDING
                    alert.last_error = group.last_error
                    session.add(alert)
            # Members of groups formed by an earlier run (a retry) have no message yet.
            older = [a for group in members.values() for a in group if a.id not in messages]
            messages.update(messages_of_alerts(session, older))
            return [
                ClaimedGroup(
                    group_id=group.id,
                    route=group.route,
                    targets=[t for t in group.targets if t not in group.delivered],
                    messages=[messages[alert.id or 0] for alert in members.get(group.id, [])],
                    feeds=[_failing_feed(feed) for feed in group.feeds],
                )
                for group in taken
                if group.id is not None
            ]

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
            # One UPDATE for the members, not one per member (a hostile page's message
            # holds hundreds).
            session.execute(
                update(Alert)
                .where(col(Alert.group_id) == group.id)
                .values(
                    {name: getattr(group, name) for name in _OUTCOME}
                    | {"delivered": list(group.delivered), "claimed_by": None}
                )
            )
            return AlertStatus(group.status)


# What a message's delivery attempt records on each of its alerts, as on the message.
_OUTCOME = ("status", "attempts", "last_error", "next_attempt_at", "sent_at")


# The route name of a feed-failure message: it goes to every route's targets.
FEED_FAILURES = "feed failures"


def _form_groups(
    session: Session, modes: Mapping[str, GroupMode], now: datetime, limit: int
) -> dict[int, AlertMessage]:
    """Put every due alert that is in no message yet into one (see claim_groups); returns
    the message of each alert grouped, by alert id."""
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
        return {}
    by_id = {alert.id: alert for alert in alerts}
    messages = messages_of_alerts(session, alerts)
    stories: dict[int, int] = {}
    pending = []
    for alert in alerts:
        assert alert.id is not None
        if alert.item_id not in stories:
            stories[alert.item_id] = story_root(session, alert.item_id)[0]
        pending.append(
            PendingStatement(alert.id, alert.route, stories[alert.item_id], messages[alert.id])
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
    return messages


# A module constant, so ``rows_matching`` builds its statement once.
_ALERTS_IN_ORDER = select(Alert).order_by(col(Alert.id))


def _members(session: Session, group_ids: Sequence[int]) -> dict[int, list[Alert]]:
    """The alerts of each group, in the order they were queued."""
    found: dict[int, list[Alert]] = {}
    for (alert,) in rows_matching(session, _ALERTS_IN_ORDER, col(Alert.group_id), group_ids):
        assert alert.group_id is not None
        found.setdefault(alert.group_id, []).append(alert)
    return found


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
