"""The stored statements a batch's new statements might repeat, fetched once per batch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

import numpy as np
from sqlalchemy import func, select
from sqlmodel import Session, col

from newsmon.models import Statement
from newsmon.statements import statement_keys
from newsmon.statements.form_pool import FormPool
from newsmon.statements.identity import StatementForm, statement_form
from storage.core import rows_matching
from storage.models import Item, StatementKey, StatementRecord, aware

# A word key (``w:``) more stored statements than this share is a common word of the
# news ("administration", "republicans"): it is counted, its rows are not read. A
# statement that repeats another shares its rarer keys too (word pairs, runs of words),
# so these rows only cost reading and ruling out thousands of candidates per batch; a
# line keyed by one content word alone has no such keys, and reads them.
COMMON_WORD_KEY = 20
# At most this many candidates go to ``same_form`` without the ``FormPool`` filter, which
# only rules out what ``same_form`` would reject. ``same_form`` turns away a candidate
# sharing a word or two in about 2 us, the filter costs about 60 us and 1 more per
# candidate: replaying the look-ups of bench.store and of a bench.throughput pass,
# filtering then comparing cost 66 / 81 / 114 / 172 us a look-up of at most 16 / 32 /
# 64 / 128 candidates, comparing them all 28 / 62 / 111 / 224 us.
FILTERED_FROM = 64

# Module constants, so ``rows_matching`` builds the statement of each once.
_COMMON_KEYS = (
    select(col(StatementKey.key))
    .group_by(col(StatementKey.key))
    .having(func.count() > COMMON_WORD_KEY)
)
_KEY_ROWS = select(col(StatementKey.statement_id), col(StatementKey.key))
_RECORDS = select(
    col(StatementRecord.id),
    col(StatementRecord.text),
    col(StatementRecord.kind),
    col(StatementRecord.first_item_id),
    # Dated as published, else fetched.
    func.coalesce(col(Item.published), col(Item.fetched_at)),
).join(Item, col(Item.id) == col(StatementRecord.first_item_id))


@dataclass
class Candidate:
    id: int
    text: str
    kind: str  # of the statement whose words ``text`` are: "direct" or "reported"
    first_item_id: int
    first_published: datetime | None
    form: StatementForm  # of ``text`` as ``kind``, for comparing it with each statement of the item
    slot: int = -1  # its form's in ``StatementCandidates.pool``


class StatementCandidates:
    """The stored statements that a batch's statements might repeat, looked up once.

    Every statement sharing a blocking key with a statement of the batch is fetched in
    one query, instead of two queries and a form per candidate for every item.
    Statements written during the batch, and keys added to them, join it, so a later
    item of the batch sees an earlier one's statements as a later batch would. Their
    forms are kept in a ``FormPool`` too, which rules out at once the many that share a
    key with a statement and nothing more.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_id: dict[int, Candidate] = {}
        self.by_slot: list[Candidate] = []
        self.slots_by_key: dict[str, set[int]] = {}
        self.pool = FormPool()
        self._keys: dict[str, list[str]] = {}
        self.common: set[str] = set()  # word keys past COMMON_WORD_KEY: read for one-word lines

    def look_up(self, statements: Iterable[Statement]) -> None:
        wanted = {key for s in statements for key in self.keys_of(s.text)}
        self._fetch([key for key in wanted if key not in self.slots_by_key])

    def know_keys(self, keys_by_text: Iterable[Mapping[str, Sequence[str]]]) -> None:
        """Keys worked out already (``AnalysedArticle.statement_keys``), by statement text:
        ``keys_of`` those texts takes them rather than working them out."""
        for known in keys_by_text:
            for text, keys in known.items():
                self._keys.setdefault(text, list(keys))

    def keys_of(self, text: str) -> list[str]:
        """``statement_keys`` of TEXT (each key once): worked out once for the batch."""
        keys = self._keys.get(text)
        if keys is None:
            keys = self._keys[text] = statement_keys(text)
        return keys

    def sharing(self, keys: Iterable[str], form: StatementForm) -> list[Candidate]:
        """The candidates sharing any of KEYS that ``same_form`` might join with FORM (all
        of them when they are few), oldest first (the first match wins)."""
        keys = set(keys)
        self._fetch([key for key in keys - self.common if key not in self.slots_by_key])
        if _keyed_by_one_word(form):
            # Its word key may be all that a repeat shares with it ("No comment"): a
            # common one's rows are read too, once per batch.
            self._read([key for key in keys if key not in self.slots_by_key])
        else:
            keys -= self.common
        slots = set().union(*(self.slots_by_key[key] for key in keys))
        if len(slots) <= FILTERED_FROM:
            # ``may_join`` costs a fixed ~60 us of array set-up; dozens of ``same_form`` cost less.
            return sorted((self.by_slot[slot] for slot in slots), key=attrgetter("id"))
        found = np.fromiter(slots, np.intp, len(slots))
        joinable = found[self.pool.may_join(form, found)]
        return sorted((self.by_slot[slot] for slot in joinable), key=attrgetter("id"))

    def add(self, candidates: Sequence[Candidate]) -> None:
        for candidate, slot in zip(
            candidates, self.pool.add([c.form for c in candidates]), strict=True
        ):
            candidate.slot = slot
            self.by_slot.append(candidate)
            self.by_id[candidate.id] = candidate

    def add_keys(self, candidate: Candidate, keys: Iterable[str]) -> None:
        for key in keys:
            # A key never looked up, or a common one never read, stays unknown: a later
            # look-up finds the row in the table.
            if key in self.slots_by_key:
                self.slots_by_key[key].add(candidate.slot)

    def missing_keys(self, candidate: Candidate, keys: Iterable[str]) -> list[str]:
        """Those of KEYS, all looked up already, that CANDIDATE has no row for (a common
        word key whose rows were never read is not known to be missing: it is left)."""
        return [
            key
            for key in keys
            if key in self.slots_by_key and candidate.slot not in self.slots_by_key[key]
        ]

    def reword(self, candidate: Candidate, text: str, kind: str) -> None:
        """CANDIDATE's stored text is now TEXT of KIND (a longer form of the line)."""
        candidate.text, candidate.kind = text, kind
        candidate.form = statement_form(text, kind)
        self.pool.put(candidate.slot, candidate.form)

    def _fetch(self, keys: list[str]) -> None:
        if not keys:
            return
        # Core, not the ORM session: a batch's keys bring thousands of rows, which the
        # ORM's result layer would wrap a second time.
        connection = self.session.connection()
        words = [key for key in keys if key.startswith("w:")]
        common = rows_matching(connection, _COMMON_KEYS, col(StatementKey.key), words)
        self.common.update(key for (key,) in common)
        self._read([key for key in keys if key not in self.common])

    def _read(self, keys: list[str]) -> None:
        """The rows of KEYS, and the candidates they name that are not known yet."""
        if not keys:
            return
        connection = self.session.connection()
        rows = rows_matching(connection, _KEY_ROWS, col(StatementKey.key), keys)
        for key in keys:
            self.slots_by_key[key] = set()
        unknown = sorted({statement_id for statement_id, _ in rows} - set(self.by_id))
        records = rows_matching(connection, _RECORDS, col(StatementRecord.id), unknown)
        self.add(
            [
                Candidate(id_, text, kind, first, aware(dated), statement_form(text, kind))
                for id_, text, kind, first, dated in records
            ]
        )
        by_id = self.by_id
        for statement_id, key in rows:
            found = by_id.get(statement_id)
            # A key without its statement (no foreign key holds them together: migration
            # 0013) matches nothing, as in a join.
            if found is not None:
                self.slots_by_key[key].add(found.slot)


def _keyed_by_one_word(form: StatementForm) -> bool:
    """FORM's words or quoted words hold a single content word: no pair or run of words
    keys them (``statement_keys``), only that word, common or not."""
    return len(form.whole.content) == 1 or len(form.quoted_run.content) == 1
