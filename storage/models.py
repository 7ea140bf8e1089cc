"""The store's tables.

One row per feed, per item (article), per distinct statement, per appearance
of a statement in an item (a mention), and per alert in the outbox.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime | None) -> datetime | None:
    """Stored datetimes are UTC and aware; a naive one is taken to be UTC already."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class AlertStatus(StrEnum):
    """Where an alert (or a digest) stands in the outbox."""

    PENDING = "pending"  # due now, or after ``next_attempt_at``
    SENDING = "sending"  # claimed by a run that is delivering it
    SENT = "sent"  # every target took it
    SUPPRESSED = "suppressed"  # recorded, never to be sent; ``reason`` says why
    DEAD = "dead"  # gave up after ``max_attempts``


class FeedState(SQLModel, table=True):
    __tablename__ = "feed_state"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(index=True, unique=True, max_length=2000)
    name: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    last_fetched_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    consecutive_failures: int = 0
    # When the current run of failures began, so a failure alert can say since when.
    failing_since: datetime | None = None
    failure_alerted: bool = False
    entries_seen: int = 0
    # Not before this time: the server's Retry-After or Cache-Control max-age.
    next_fetch_at: datetime | None = None
    # Entries of this feed the store refused, and why the last one was refused.
    items_rejected: int = 0
    last_item_error: str | None = Field(default=None, sa_column=Column(Text))


class Item(SQLModel, table=True):
    __tablename__ = "item"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    canonical_url: str = Field(index=True, unique=True, max_length=2000)
    title: str = ""
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    source: str = Field(default="", max_length=2000)
    is_seed: bool = False
    published: datetime | None = None
    fetched_at: datetime = Field(default_factory=utcnow)
    language: str | None = None
    author: str | None = None
    site: str | None = None
    fetch_note: str | None = None
    # What analysis left out or gave up on (statements looked for in the first N
    # characters only, the time budget exceeded), so it is never silent.
    analysis_note: str | None = Field(default=None, sa_column=Column(Text))
    # A page that failed is fetched again on later passes (the feed summary stands in).
    page_attempts: int = 0
    next_page_attempt_at: datetime | None = Field(default=None, index=True)
    content_hash: str = Field(index=True, max_length=64)
    duplicate_of_id: int | None = Field(default=None, foreign_key="item.id", index=True)
    similarity: float | None = None
    topics: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))


class StatementRecord(SQLModel, table=True):
    """A distinct statement, identified across items by its normalised words."""

    __tablename__ = "statement"

    id: int | None = Field(default=None, primary_key=True)
    speaker: str = Field(index=True)  # the registry and the speaker page look up by it
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    official: bool | None = None  # None: the text did not say
    speaker_kind: str = "person"  # person | organisation | unnamed
    cue: str | None = None  # the words that attribute it: said, told, according to…
    kind: str = "direct"
    text: str = Field(sa_column=Column(Text, nullable=False))
    normalised: str = Field(sa_column=Column(Text, nullable=False))
    first_item_id: int = Field(foreign_key="item.id", index=True)
    first_seen_at: datetime = Field(default_factory=utcnow)
    # The statement's own topics (from its sentences), or its first item's when those name
    # none: ``topic_source`` says which ("statement" or "article").
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    topic_source: str = "article"
    # Per topic, the terms that matched and where: [{"topic", "score", "evidence": [...]}].
    topic_evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))


class StatementKey(SQLModel, table=True):
    """Blocking keys so earlier appearances are found without scanning every statement.

    ``statement_id`` names a statement but declares no foreign key: the check cost the
    server about half of inserting the keys, and they are written only with their
    statement, in one transaction (migration 0013 says why that is enough). On SQLite
    the primary key is the table (no rowids, migration 0014): one B-tree a key row goes
    into, not two."""

    __tablename__ = "statement_key"
    __table_args__ = {"sqlite_with_rowid": False}

    key: str = Field(primary_key=True, max_length=200)
    statement_id: int = Field(primary_key=True)


class Mention(SQLModel, table=True):
    """One statement as carried by one item."""

    __tablename__ = "mention"
    __table_args__ = (UniqueConstraint("statement_id", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", index=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    speaker: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    spans: list[list[int]] = Field(default_factory=list, sa_column=Column(JSON))
    new: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Alert(SQLModel, table=True):
    """The outbox: one row per statement and route, so a statement is alerted once."""

    __tablename__ = "alert"
    __table_args__ = (UniqueConstraint("statement_id", "route"),)

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", index=True)
    item_id: int = Field(foreign_key="item.id")
    route: str
    status: str = Field(default=AlertStatus.PENDING, index=True)
    reason: str | None = None
    # Target names (newsmon.redact.target_name), never the apprise URLs themselves.
    targets: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    delivered: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # The target a message was being handed to when the run recorded it; set before
    # the send and cleared after, so a run killed in between is seen by the next one.
    in_flight: str | None = None
    claimed_at: datetime | None = None
    claimed_by: str | None = None  # "host:pid" of the run delivering it
    next_attempt_at: datetime | None = None
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    # The message this alert went out in; set once, so a statement is in one message only.
    group_id: int | None = Field(default=None, foreign_key="alert_group.id", index=True)


class AlertGroup(SQLModel, table=True):
    """One message: a route's new statements by one speaker in one story (or one pass),
    or one pass's failing feeds. Its members are fixed when it is formed, so a retry
    or a run taking over after a crash sends the same message, never a regrouped one."""

    __tablename__ = "alert_group"

    id: int | None = Field(default=None, primary_key=True)
    route: str
    kind: str = "statements"  # statements | feeds
    key: str = Field(default="", max_length=600)  # what the members share, e.g. "story:12:…"
    # For a feed-failure message: the feeds as they stood when it was formed.
    feeds: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    status: str = Field(default=AlertStatus.PENDING, index=True)
    targets: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    delivered: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    in_flight: str | None = None
    claimed_at: datetime | None = None
    claimed_by: str | None = None
    next_attempt_at: datetime | None = None
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class DigestRecord(SQLModel, table=True):
    """One digest per route and day, so a rerun of the digest flow sends nothing twice."""

    __tablename__ = "digest"
    __table_args__ = (UniqueConstraint("route", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    route: str
    day: str  # ISO date the digest covers
    statements: int = 0
    status: str = AlertStatus.PENDING  # PENDING or SENT
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    sent_at: datetime | None = None


class PassRecord(SQLModel, table=True):
    """What one monitor or backfill pass did (``RunSummary.as_dict``), for ``newsmon status``."""

    __tablename__ = "pass_record"

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # "monitor" or "backfill"
    finished_at: datetime = Field(default_factory=utcnow, index=True)
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
