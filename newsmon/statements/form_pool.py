"""Many stored statements' forms in arrays, ruled out against a new one all at once.

The store compares each new statement with the stored ones sharing a blocking key;
``FormPool`` passes on to ``same_form`` only those it could join.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from weakref import WeakKeyDictionary

import numpy as np

from newsmon.statements.identity import _BLOOM_BITS, _MIN_REWRITE_WORDS, StatementForm


class FormPool:
    """Stored statements' forms, each in a slot, told apart from a new form all at once.

    A store compares each new statement with the hundreds of stored ones that share a
    key with it; a broad key ("administration") brings statements with a word or two in
    common and nothing more. ``may_join`` passes only the slots ``same_form`` could join,
    from a few array operations over all of them. Each way of joining has a bound:

    - a rewrite of the same content words needs four in common; a window of the whole or
      of the quoted words, the common content words of ``_window_floor`` (or the same
      quoted words). Two runs have at least as many bloom bits in common as content
      words, less the words that share a bit with another word of the same run: a
      content word whose bit another already set (a crc32 collision) adds no bit.
    - a token-sort rewrite needs lengths within 5% (``same_form``'s own bound), and an
      alignment of the sorted words that leaves at most 5% of both unmatched. The sorted
      words are the normalised text's characters in another order, and an alignment
      matches a character only with an equal one: it matches no more than the two texts
      have in common per ``_CHAR_BUCKETS`` bucket of characters.
    """

    _WORDS = _BLOOM_BITS // 64
    # Columns of ``_scalars``: the normalised length, the floor of common content words
    # for the whole words (``_window_floor``, and _MIN_REWRITE_WORDS for a rewrite) and for
    # the quoted words, whether the quoted words are not all the words, their hash, and
    # for the whole and the quoted words how many content words set no bit of their own.
    (
        _LENGTH,
        _WHOLE_FLOOR,
        _QUOTED_FLOOR,
        _QUOTED_APART,
        _QUOTED_HASH,
        _WHOLE_COLLIDED,
        _QUOTED_COLLIDED,
    ) = range(7)

    def __init__(self, capacity: int = 1024) -> None:
        self.size = 0
        self._scalars = np.zeros((capacity, 7))
        self._blooms = np.zeros((capacity, 2 * self._WORDS), np.uint64)  # whole, quoted
        self._chars = np.zeros((capacity, _CHAR_BUCKETS), np.int32)
        # The forms of the last slots, from ``written`` on, whose rows are not worked out
        # yet: a store sends most look-ups straight to ``same_form`` (``FILTERED_FROM``),
        # so rows are made only once ``may_join`` needs them, in one go for all waiting.
        self._written = 0
        self._waiting: list[StatementForm] = []

    def add(self, forms: Sequence[StatementForm]) -> range:
        """FORMS in new slots, which are returned in FORMS' order."""
        slots = range(self.size, self.size + len(forms))
        self._waiting += forms
        self.size = slots.stop
        return slots

    def put(self, slot: int, form: StatementForm) -> None:
        """FORM in SLOT, in place of what was there (a stored statement's longer form)."""
        if slot >= self._written:
            self._waiting[slot - self._written] = form
        else:
            self._write(range(slot, slot + 1), [form])

    def may_join(self, form: StatementForm, slots: np.ndarray) -> np.ndarray:
        """Which of SLOTS hold forms ``same_form`` might join with FORM (a mask over SLOTS)."""
        self._write_waiting()
        mine, bloom, chars = self._row(form)
        scalars, blooms = self._scalars[slots], self._blooms[slots]
        words = self._WORDS
        common = np.bitwise_count(blooms[:, :words] & bloom[:words]).sum(axis=1)
        floor = np.minimum(scalars[:, self._WHOLE_FLOOR], mine[self._WHOLE_FLOOR])
        floor -= np.minimum(scalars[:, self._WHOLE_COLLIDED], mine[self._WHOLE_COLLIDED])
        joinable = common >= floor
        apart = (scalars[:, self._QUOTED_APART] + mine[self._QUOTED_APART]) > 0
        if apart.any():
            common = np.bitwise_count(blooms[:, words:] & bloom[words:]).sum(axis=1)
            floor = np.minimum(scalars[:, self._QUOTED_FLOOR], mine[self._QUOTED_FLOOR])
            floor -= np.minimum(scalars[:, self._QUOTED_COLLIDED], mine[self._QUOTED_COLLIDED])
            same_quote = scalars[:, self._QUOTED_HASH] == mine[self._QUOTED_HASH]
            joinable |= apart & (same_quote | (common >= floor))
        total = scalars[:, self._LENGTH] + mine[self._LENGTH]
        close = (20 * np.abs(scalars[:, self._LENGTH] - mine[self._LENGTH]) <= total).nonzero()[0]
        if len(close):
            shared = np.minimum(self._chars[slots[close]], chars).sum(axis=1)
            # One character of slack keeps the float arithmetic on the accepting side.
            joinable[close] |= total[close] - 2 * shared <= 0.05 * total[close] + 1
        return joinable

    def _write_waiting(self) -> None:
        if not self._waiting:
            return
        slots = range(self._written, self.size)
        while slots.stop > len(self._scalars):
            self._grow()
        self._write(slots, self._waiting)
        self._written, self._waiting = self.size, []

    def _write(self, slots: range, forms: Sequence[StatementForm]) -> None:
        scalars, blooms, chars = self._rows(forms)
        self._scalars[slots.start : slots.stop] = scalars
        self._blooms[slots.start : slots.stop] = blooms
        self._chars[slots.start : slots.stop] = chars

    @staticmethod
    def _scalars_of(f: StatementForm) -> tuple[float, ...]:
        """F's ``_scalars`` row, but with the collided columns still the content words."""
        return (
            len(f.normalised),
            min(_MIN_REWRITE_WORDS, f.whole.window_floor),
            f.quoted_run.window_floor,
            f.quoted_run is not f.whole,
            zlib.crc32(" ".join(f.quoted).encode()),  # the same for the same words
            len(f.whole.content),
            len(f.quoted_run.content),
        )

    @classmethod
    def _row(cls, form: StatementForm) -> tuple[list[float], np.ndarray, np.ndarray]:
        """``_rows`` of FORM alone, the scalars as Python floats: ``may_join`` works one
        out per statement, where a dozen array operations on one row cost more than the
        row's arithmetic."""
        mine = [float(value) for value in cls._scalars_of(form)]
        whole, quoted = form.whole.bloom, form.quoted_run.bloom
        mine[cls._WHOLE_COLLIDED] -= int.from_bytes(whole).bit_count()
        mine[cls._QUOTED_COLLIDED] -= int.from_bytes(quoted).bit_count()
        codes = np.frombuffer(form.normalised.encode("utf-32-le"), np.uint32) % _CHAR_BUCKETS
        chars = np.bincount(codes, minlength=_CHAR_BUCKETS)
        return mine, np.frombuffer(whole + quoted, np.uint64), chars

    @classmethod
    def _rows(cls, forms: Sequence[StatementForm]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """FORMS' rows: each form's scalars and characters are worked out once and kept
        while the form lives (``statement_form`` keeps the forms it made), so a store
        that reads the same stored statements batch after batch gathers their rows."""
        missing = [f for f in forms if f not in _KEPT_ROWS]
        if missing:
            for form, scalars, chars in zip(missing, *cls._made_rows(missing), strict=True):
                _KEPT_ROWS[form] = (scalars.tobytes(), chars.tobytes())
        rows = [_KEPT_ROWS[f] for f in forms]
        scalars = np.frombuffer(b"".join(row[0] for row in rows)).reshape(len(forms), 7)
        blooms = np.frombuffer(
            b"".join(f.whole.bloom + f.quoted_run.bloom for f in forms), np.uint64
        ).reshape(len(forms), 2 * cls._WORDS)
        chars = np.frombuffer(b"".join(row[1] for row in rows), _CHAR_COUNT)
        return scalars, blooms, chars.reshape(len(forms), _CHAR_BUCKETS)

    @classmethod
    def _made_rows(cls, forms: Sequence[StatementForm]) -> tuple[np.ndarray, np.ndarray]:
        """FORMS' scalars and characters, worked out for them all at once."""
        scalars = np.array([cls._scalars_of(f) for f in forms], dtype=float).reshape(len(forms), 7)
        blooms = np.frombuffer(
            b"".join(f.whole.bloom + f.quoted_run.bloom for f in forms), np.uint64
        ).reshape(len(forms), 2 * cls._WORDS)
        # How many content words set no bit of their own: the words less the bits set. Two
        # runs' common content words are a subset of each run's, and a subset loses no more
        # bits to collisions than the whole run: C words in common leave at least C minus
        # the lesser of the two counts bits in common.
        words = cls._WORDS
        scalars[:, cls._WHOLE_COLLIDED] -= np.bitwise_count(blooms[:, :words]).sum(axis=1)
        scalars[:, cls._QUOTED_COLLIDED] -= np.bitwise_count(blooms[:, words:]).sum(axis=1)
        # Every form's characters, bucketed, counted in one pass.
        text = "".join(f.normalised for f in forms)
        owner = np.repeat(np.arange(len(forms)), [len(f.normalised) for f in forms])
        codes = np.frombuffer(text.encode("utf-32-le"), np.uint32) % _CHAR_BUCKETS
        chars = np.bincount(owner * _CHAR_BUCKETS + codes, minlength=len(forms) * _CHAR_BUCKETS)
        return scalars, chars.astype(_CHAR_COUNT).reshape(len(forms), _CHAR_BUCKETS)

    def _grow(self) -> None:
        for name in ("_scalars", "_blooms", "_chars"):
            old = getattr(self, name)
            new = np.zeros((2 * len(old), *old.shape[1:]), old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)


_CHAR_BUCKETS = 64
_CHAR_COUNT = np.int32  # as ``FormPool._chars`` holds them
# Each form's ``_scalars`` row and character counts, as bytes: thousands of them live as
# long as the forms, and bytes are nothing the garbage collector has to walk.
_KEPT_ROWS: WeakKeyDictionary[StatementForm, tuple[bytes, bytes]] = WeakKeyDictionary()
