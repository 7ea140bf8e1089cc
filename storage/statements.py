"""Recording an item's statements: each is new, a repeat of a stored one, or a longer form.

Runs inside the store's write transaction: the candidates for all the statements of a
batch of items come from one indexed key lookup (``StatementCandidates``), and new
statements, their keys, the mentions and the changes to stored statements wait in the
batch's ``BatchWrites``, which writes each table once for the whole batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from newsmon.models import Speaker, Statement, StatementTopics, TopicLabel
from newsmon.statements import normalise_statement
from newsmon.statements.earlier import earliest_sharing
from newsmon.statements.identity import (
    StatementForm,
    same_form,
    statement_form,
)
from storage.batch import BatchWrites
from storage.candidates import Candidate, StatementCandidates
from storage.models import Mention, StatementKey, aware, utcnow


@dataclass
class StoredStatement:
    """What the store decided about one statement of an item."""

    id: int
    new: bool
    said_by: Speaker
    text: str
    kind: str
    said_on: StatementTopics

    @property
    def topics(self) -> list[str]:
        return self.said_on.names

    @property
    def topic_evidence(self) -> list[dict[str, Any]]:
        return [topic_json(label) for label in self.said_on.labels]

    # The fields a message needs (newsmon.alerts.StatementView).
    @property
    def speaker(self) -> str:
        return self.said_by.name

    @property
    def role(self) -> str | None:
        return self.said_by.role

    @property
    def organisation(self) -> str | None:
        return self.said_by.organisation

    @property
    def country(self) -> str | None:
        return self.said_by.country

    @property
    def official(self) -> bool | None:
        return self.said_by.official


def record_statements(
    writes: BatchWrites,
    item_id: int,
    dates: tuple[datetime | None, datetime],
    statements: Sequence[Statement],
    candidates: StatementCandidates,
    new_item: bool = True,
) -> list[StoredStatement]:
    """Decide and write every statement of one newly stored item, in article order.

    DATES is the item's (published, fetched_at). A repeat whose item was published
    before the statement's first publisher becomes its first publisher (a backfill
    finding an earlier copy); a repeat that quotes a longer window of the same line
    becomes the statement's stored text. Neither makes the statement new again, so
    nothing is alerted twice. CANDIDATES, shared by the items of one batch, holds what
    was looked up for them and what they wrote. An item stored before (NEW_ITEM false:
    its page arrived after a failure) keeps the mentions it has.
    """
    if not statements:
        return []
    published = dates[0]
    keys_of = [candidates.keys_of(s.text) for s in statements]
    forms = [statement_form(s.text, s.kind) for s in statements]
    decided: list[StoredStatement | None] = [None] * len(statements)
    new_rows: list[tuple[int, Statement]] = []
    for index, (statement, keys) in enumerate(zip(statements, keys_of, strict=True)):
        match = _match(forms[index], keys, candidates)
        if match is None:
            new_rows.append((index, statement))
            continue
        decided[index] = StoredStatement(
            match.id, False, statement.speaker, statement.text, statement.kind, statement.topics
        )
        _update_repeat(
            writes, candidates, match, statement.text, statement.kind, keys, item_id, published
        )
    if new_rows:
        _insert_new(writes, item_id, new_rows, keys_of, forms, decided, candidates, dates)
    stored = [d for d in decided if d is not None]
    _insert_mentions(writes, item_id, statements, stored, new_item)
    return stored


def _match(
    form: StatementForm, keys: list[str], candidates: StatementCandidates
) -> Candidate | None:
    return next((c for c in candidates.sharing(keys, form) if same_form(c.form, form)), None)


def _update_repeat(
    writes: BatchWrites,
    candidates: StatementCandidates,
    match: Candidate,
    text: str,
    kind: str,
    keys: list[str],
    item_id: int,
    published: datetime | None,
) -> None:
    changes: dict[str, object] = {}
    if published is not None and (
        match.first_published is None or aware(published) < match.first_published  # type: ignore[operator]
    ):
        changes["first_item_id"] = item_id
        match.first_item_id, match.first_published = item_id, aware(published)
    if len(normalise_statement(text)) > len(normalise_statement(match.text)):
        # The longer form's kind goes with its words: a stored quote's words as a later
        # outlet reported them are reported speech.
        changes["text"], changes["kind"] = text, kind
        changes["normalised"] = normalise_statement(text)
        candidates.reword(match, text, kind)
        added = candidates.missing_keys(match, keys)
        if added:
            writes.add(StatementKey, [{"key": k, "statement_id": match.id} for k in added])
            candidates.add_keys(match, added)
    if changes:
        writes.change_statement(match.id, changes)


def _insert_new(
    writes: BatchWrites,
    item_id: int,
    new_rows: list[tuple[int, Statement]],
    keys_of: list[list[str]],
    forms: list[StatementForm],
    decided: list[StoredStatement | None],
    candidates: StatementCandidates,
    dates: tuple[datetime | None, datetime],
) -> None:
    """New statements in one multi-row insert; a later line that repeats an earlier new
    one of the same item (a quote restated) joins it rather than becoming a second row.

    As in extraction, only the earliest lines that share a key (``earliest_sharing``)
    are compared, each through its form worked out once: a page of hundreds of
    lines made of the same few words costs a fixed amount per line, not a comparison
    of every pair with the folding and regexes of both texts each time.
    """
    pending: list[tuple[int, Statement]] = []
    joins: dict[int, int] = {}  # index of a restated line: index of the earlier new line
    pending_by_key: dict[str, list[int]] = {}
    for index, statement in new_rows:
        compared = earliest_sharing(pending_by_key, keys_of[index])
        earlier = next((i for i in compared if same_form(forms[i], forms[index])), None)
        if earlier is not None:
            joins[index] = earlier
            continue
        pending.append((index, statement))
        for key in keys_of[index]:
            pending_by_key.setdefault(key, []).append(index)
    ids = writes.add_statements(
        [
            {
                "speaker": s.speaker.name,
                "role": s.speaker.role,
                "organisation": s.speaker.organisation,
                "country": s.speaker.country,
                "official": s.speaker.official,
                "speaker_kind": s.speaker.kind,
                "cue": s.cue or None,
                "kind": s.kind,
                "text": s.text,
                "normalised": normalise_statement(s.text),
                "first_item_id": item_id,
                "first_seen_at": utcnow(),
                "topics": s.topics.names,
                "topic_source": s.topics.source,
                "topic_evidence": [topic_json(label) for label in s.topics.labels],
            }
            for _, s in pending
        ],
    )
    created = dict(zip((index for index, _ in pending), ids, strict=True))
    writes.add(
        StatementKey,
        [
            {"key": key, "statement_id": created[index]}
            for index in created
            for key in keys_of[index]
        ],
    )
    # Dated as a later item would read them back: published, else fetched.
    first_published = aware(dates[0] or dates[1])
    candidates.add(
        [
            Candidate(created[index], s.text, s.kind, item_id, first_published, forms[index])
            for index, s in pending
        ]
    )
    for index, _ in pending:
        candidates.add_keys(candidates.by_id[created[index]], keys_of[index])
    for index, statement in new_rows:
        statement_id = created[index] if index in created else created[joins[index]]
        decided[index] = StoredStatement(
            statement_id,
            index in created,
            statement.speaker,
            statement.text,
            statement.kind,
            statement.topics,
        )


def _insert_mentions(
    writes: BatchWrites,
    item_id: int,
    statements: Sequence[Statement],
    stored: list[StoredStatement],
    new_item: bool,
) -> None:
    """One mention per statement and item; a second window of the same line in the item
    (two quoted stretches of one speech) adds its words and spans to that mention."""
    # An item analysed again (its page arrived after a failure) keeps its mentions as they are.
    analysed_before = (
        set()
        if new_item
        else set(
            writes.session.execute(
                select(col(Mention.statement_id)).where(col(Mention.item_id) == item_id)
            ).scalars()
        )
    )
    texts: dict[int, str] = {}
    spans: dict[int, list[list[int]]] = {}
    first: dict[int, tuple[Statement, bool]] = {}
    for statement, decision in zip(statements, stored, strict=True):
        if decision.id in analysed_before:
            continue
        first.setdefault(decision.id, (statement, decision.new))
        texts[decision.id] = _with_window(texts.get(decision.id), statement.text)
        spans.setdefault(decision.id, []).extend(list(span) for span in statement.spans)
    rows = [
        {
            "statement_id": statement_id,
            "item_id": item_id,
            "speaker": statement.speaker.name,
            "text": texts[statement_id],
            "spans": spans[statement_id],
            "new": new,
            "created_at": utcnow(),
        }
        for statement_id, (statement, new) in first.items()
    ]
    writes.add(Mention, rows)


def topic_json(label: TopicLabel) -> dict[str, Any]:
    """A topic label as the store keeps it in JSON columns."""
    return {
        "topic": label.topic,
        "score": label.score,
        "evidence": [
            {"term": e.term, "start": e.start, "end": e.end, "excerpt": e.excerpt}
            for e in label.evidence
        ],
    }


def evidence_lines(topics: list[dict[str, Any]]) -> tuple[str, ...]:
    """One line per topic: the first three rule terms that matched, each once."""
    return tuple(
        f"{label['topic']}: "
        + ", ".join(list(dict.fromkeys(e["term"] for e in label.get("evidence", [])))[:3])
        for label in topics
    )


def _with_window(text: str | None, window: str) -> str:
    """The mention's text with one more window of its line: unchanged when it holds the
    window's words already, else both windows joined by an ellipsis."""
    if text is None:
        return window
    if normalise_statement(window) in normalise_statement(text):
        return text
    return f"{text} … {window}"
