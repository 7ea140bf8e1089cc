"""Read-only queries for the web pages; they work on SQLite and PostgreSQL alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from storage.models import Item, Mention, StatementRecord


@dataclass(frozen=True)
class Filters:
    speaker: str | None = None
    country: str | None = None
    topic: str | None = None
    official: bool | None = None
    query: str | None = None

    def active(self) -> dict[str, str]:
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


def statements(session: Session, filters: Filters, limit: int = 500) -> list[StatementRow]:
    """New statements (first appearances), newest first, seeds included as the baseline."""
    repeats = (
        select(Mention.statement_id, (func.count() - 1).label("repeats"))
        .group_by(col(Mention.statement_id))
        .subquery()
    )
    query = (
        select(StatementRecord, Item, repeats.c.repeats)
        .join(Item, col(Item.id) == col(StatementRecord.first_item_id))
        .join(repeats, repeats.c.statement_id == col(StatementRecord.id))
        .order_by(col(StatementRecord.first_seen_at).desc(), col(StatementRecord.id).desc())
        .limit(limit)
    )
    if filters.speaker:
        query = query.where(func.lower(StatementRecord.speaker) == filters.speaker.lower())
    if filters.country:
        query = query.where(func.lower(StatementRecord.country) == filters.country.lower())
    if filters.official is not None:
        query = query.where(col(StatementRecord.official).is_(filters.official))
    if filters.query:
        pattern = f"%{filters.query.lower()}%"
        query = query.where(
            or_(
                func.lower(StatementRecord.text).like(pattern),
                func.lower(StatementRecord.speaker).like(pattern),
            )
        )
    rows = [StatementRow(record, item, int(n)) for record, item, n in session.exec(query)]
    if filters.topic:  # topics are a JSON list: filter in Python, portable across databases
        rows = [row for row in rows if filters.topic in (row.record.topics or [])]
    return rows


def by_day(rows: list[StatementRow]) -> list[tuple[date, list[StatementRow]]]:
    days: dict[date, list[StatementRow]] = {}
    for row in rows:
        days.setdefault(_day(row.record.first_seen_at), []).append(row)
    return list(days.items())


def _day(value: datetime) -> date:
    return value.date()


def statement(session: Session, statement_id: int) -> dict[str, Any] | None:
    record = session.get(StatementRecord, statement_id)
    if record is None:
        return None
    carried = session.exec(
        select(Mention, Item)
        .join(Item, col(Item.id) == col(Mention.item_id))
        .where(Mention.statement_id == statement_id)
        .order_by(col(Mention.new).desc(), col(Mention.created_at), col(Mention.id))
    ).all()
    evidence = record.topic_evidence
    if not evidence:  # stored before statements had their own: the first item's labels
        first = session.get(Item, record.first_item_id)
        evidence = [t for t in (first.topics if first else []) if t["topic"] in record.topics]
    return {"record": record, "carried": carried, "evidence": evidence}


def speaker(session: Session, name: str) -> list[StatementRow]:
    return statements(session, Filters(speaker=name))


def item(session: Session, item_id: int) -> dict[str, Any] | None:
    found = session.get(Item, item_id)
    if found is None:
        return None
    copies = session.exec(
        select(Item).where(Item.duplicate_of_id == item_id).order_by(col(Item.id))
    ).all()
    original = session.get(Item, found.duplicate_of_id) if found.duplicate_of_id else None
    said = session.exec(
        select(Mention, StatementRecord)
        .join(StatementRecord, col(StatementRecord.id) == col(Mention.statement_id))
        .where(Mention.item_id == item_id)
        .order_by(col(Mention.id))
    ).all()
    return {"item": found, "copies": copies, "original": original, "said": said}


def topics(session: Session) -> list[str]:
    names: set[str] = set()
    for value in session.exec(select(StatementRecord.topics)):
        names.update(value or [])
    return sorted(names)
