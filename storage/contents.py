"""What a stored item's text brings: its place in the near-duplicate index, its
statements (speakers completed by the registry) and the outbox rows of the new ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session

from newsmon.alerts import route_targets, statement_message, suppression_reason
from newsmon.analyse import AnalysedArticle
from newsmon.config import Route
from newsmon.models import Article
from newsmon.pipeline import StoredOutcome
from newsmon.redact import target_name
from storage.batch import BatchWrites
from storage.dedup_index import story_root
from storage.lookups import BatchLookups
from storage.models import Alert, AlertStatus, utcnow
from storage.statements import StoredStatement, record_statements


@dataclass(frozen=True)
class Routing:
    """Where a batch's new statements are alerted, and whether they are at all."""

    routes: Sequence[Route]
    extra_targets: Sequence[str] = ()
    backfill: bool = False
    is_seed: bool = False  # a seed item's statements are known already: never alerted


def find_original(
    session: Session, analysed: AnalysedArticle, known: BatchLookups
) -> tuple[tuple[int, str] | None, float | None]:
    """The first publisher of the story this article copies, as (id, canonical URL), and
    the similarity: 1.0 for the same content hash."""
    exact = known.first_by_hash.get(analysed.content_hash)
    if exact is not None:
        return story_root(session, exact, known.writes.parent), 1.0
    near = known.index.find(analysed.signature)
    if near is None:
        return None, None
    item_id, similarity = near
    return story_root(session, item_id, known.writes.parent), similarity


def record_contents(
    known: BatchLookups,
    item_id: int,
    analysed: AnalysedArticle,
    dates: tuple[datetime | None, datetime],
    matchable: bool,
    outcome: StoredOutcome,
    routing: Routing,
    new_item: bool = True,
) -> None:
    """Record what ITEM_ID's text brings; DATES is the item's (published, fetched_at).
    An item stored before (NEW_ITEM false: its page arrived after a failure) keeps the
    mentions it has."""
    article = analysed.article
    if matchable:
        known.index.add(item_id, analysed.signature, known.writes)
    statements = article.statements
    if statements:
        speakers = known.speakers.resolve([s.speaker for s in statements], item_id)
        statements = [
            s if who is s.speaker else replace(s, speaker=who)
            for s, who in zip(statements, speakers, strict=True)
        ]
    stored = record_statements(known.writes, item_id, dates, statements, known.statements, new_item)
    new = [s for s in stored if s.new]
    outcome.new_statements = len(new)
    outcome.repeated_statements = len(stored) - len(new)
    if new and not routing.is_seed:
        outcome.alerts_queued = _queue_alerts(known.writes, new, item_id, article, routing)
        outcome.alerts_suppressed = len(new) * len(routing.routes) - outcome.alerts_queued


def _queue_alerts(
    writes: BatchWrites,
    new: Sequence[StoredStatement],
    item_id: int,
    article: Article,
    routing: Routing,
) -> int:
    """One outbox row per new statement and route; returns how many are to be sent."""
    rows = []
    # names, not URLs: the store never holds a target's secret
    targets = [
        [target_name(t) for t in route_targets(route, routing.extra_targets)]
        for route in routing.routes
    ]
    for statement in new:
        # What a route decides on: who said it and on which topics. The message sent is
        # made when the alert is claimed (``storage.messages``), evidence lines and all.
        message = statement_message(statement, article)
        for route, names in zip(routing.routes, targets, strict=True):
            reason = suppression_reason(message, route, backfill=routing.backfill)
            rows.append(
                {
                    "statement_id": statement.id,
                    "item_id": item_id,
                    "route": route.name,
                    "status": AlertStatus.PENDING if reason is None else AlertStatus.SUPPRESSED,
                    "reason": reason,
                    "targets": list(names),
                    "delivered": [],
                    "attempts": 0,
                    "created_at": utcnow(),
                }
            )
    writes.add(Alert, rows)
    return sum(row["status"] == AlertStatus.PENDING for row in rows)
