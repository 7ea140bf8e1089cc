"""Read-only queries for the web pages; they work on SQLite and PostgreSQL alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from storage.models import Item, Mention, StatementRecord
from storage.reading import StatementRow


@dataclass(frozen=True)
class Day:
    """The statements listed under one date; ``stored`` when that is the date they were
    stored, for want of a published date."""

    day: date
    stored: bool
    rows: list[StatementRow]


def by_day(rows: list[StatementRow]) -> list[Day]:
    """Rows (in listing order) under their published date, or their stored date, marked."""
    days: dict[tuple[date, bool], Day] = {}
    for row in rows:
        key = (row.dated.date(), row.first_item.published is None)
        days.setdefault(key, Day(key[0], key[1], [])).rows.append(row)
    return list(days.values())


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
