"""What an alert says of a stored statement: its message, read for a batch of statements
at once (the outbox, the dry run's would-alert and the daily digest use it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import func
from sqlalchemy import select as core_select  # sqlmodel's select takes at most four columns
from sqlmodel import Session, col, select

from newsmon.alerts import AlertMessage, ItemView, publisher, statement_message
from storage.core import rows_matching
from storage.models import Alert, Item, Mention, StatementRecord
from storage.speakers import FIELDS, find_speakers
from storage.statements import evidence_lines

# Module constants, so ``rows_matching`` builds the statement of each once.
_RECORDS = select(StatementRecord)
_MENTION_COUNTS = select(col(Mention.statement_id), func.count()).group_by(
    col(Mention.statement_id)
)
_ITEM_FIELDS = core_select(
    col(Item.id), col(Item.url), col(Item.title), col(Item.site), col(Item.is_seed)
)


def messages_of_alerts(session: Session, alerts: Sequence[Alert]) -> dict[int, AlertMessage]:
    """The message of each alert, by alert id (see ``alert_messages``)."""
    records = {
        record.id: record
        for (record,) in rows_matching(
            session, _RECORDS, col(StatementRecord.id), [a.statement_id for a in alerts]
        )
    }
    items = _items(session, [a.item_id for a in alerts])
    pairs = [(records[a.statement_id], items[a.item_id]) for a in alerts]
    messages = alert_messages(session, pairs)
    return {alert.id: message for alert, message in zip(alerts, messages, strict=True) if alert.id}


def alert_messages(
    session: Session, pairs: Sequence[tuple[StatementRecord, ItemView]]
) -> list[AlertMessage]:
    """What an alert says of each statement seen in an item.

    The first publishers, repeats and registry entries of all the statements are read in
    one query each: read statement by statement, a hostile page's 400 alerts cost a pass
    seconds (issue #22).
    """
    first_publishers = {
        item_id: publisher(item)
        for item_id, item in _items(session, [r.first_item_id for r, _ in pairs]).items()
    }
    mentions: dict[int, int] = {
        statement_id: count
        for statement_id, count in rows_matching(
            session, _MENTION_COUNTS, col(Mention.statement_id), [r.id for r, _ in pairs]
        )
    }
    # The registry may have learned who the speaker is since the statement was stored.
    profiles = find_speakers(session, {record.speaker for record, _ in pairs})
    messages = []
    for record, item in pairs:
        profile = profiles.get(record.speaker)
        known = {f: getattr(profile, f) for f in FIELDS if profile and getattr(record, f) is None}
        message = statement_message(
            _Completed(record, {f: v for f, v in known.items() if v is not None}),
            item,
            # The statement's own topics and their evidence, not the whole article's.
            evidence=evidence_lines(record.topic_evidence),
            first_publisher=first_publishers.get(record.first_item_id),
            repeats=max(0, mentions.get(record.id or 0, 0) - 1),
        )
        messages.append(message)
    return messages


class _ItemFields(NamedTuple):
    """What a message names of an item: its text is not read for it."""

    url: str
    title: str
    site: str | None
    is_seed: bool


def _items(session: Session, ids: Sequence[int]) -> dict[int, _ItemFields]:
    rows = rows_matching(session, _ITEM_FIELDS, col(Item.id), list(dict.fromkeys(ids)))
    return {item_id: _ItemFields(*fields) for item_id, *fields in rows}


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
