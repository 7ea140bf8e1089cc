"""Statements' normal words: what identity and its keys compare, folded once and cached.

Unicode, quote marks, case, whitespace and [bracketed insertions] are folded; a quote's
words are read from inside its quotation marks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsmon.text import fold_quotes

# Only the space right before an insertion goes with it: "(?<!\s)" keeps a long run of
# spaces from being tried at each of its positions (quadratic on hostile text).
_BRACKETED = re.compile(r"(?<!\s)\s*(?:\([^()]{0,80}\)|\[[^\[\]]{0,80}\])")


# The store asks for a statement's normal form about five times per statement recorded; the
# forms of longer texts (rare) are not cached, so its 4,096 entries hold at most ~16 MB.
_CACHED_CHARS = 2_000


@lru_cache(maxsize=4096)
def _normalise(text: str) -> str:
    text = _BRACKETED.sub(" ", fold_quotes(unicodedata.normalize("NFKC", text)))
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    return " ".join(text.split())


# Lowercase ASCII words, digits and underscores between single spaces: what every step of
# ``_normalise`` leaves as it is. Keys and forms are made of normal forms, whose normal form
# is then asked for again: matching this costs less than folding them once more.
_NORMAL_ALREADY = re.compile(r"[a-z0-9_]+(?: [a-z0-9_]+)*")


def normalise_statement(text: str) -> str:
    """Words only: Unicode, quotes, case, whitespace and [bracketed insertions] folded."""
    if _NORMAL_ALREADY.fullmatch(text):
        return text
    return _normalise.__wrapped__(text) if len(text) > _CACHED_CHARS else _normalise(text)


# Quotation marks as printed: an opening curly or angle mark starts a quoted stretch, a
# closing one ends it; a straight mark says neither.
_MARK = re.compile(r'["\u201c\u201d\u201e\u201f\u00ab\u00bb]')
_OPENING = "\u201c\u201e\u201f\u00ab"
_CLOSING = "\u201d\u00bb"
_MIN_QUOTED_WORDS = 4  # fewer quoted words are a scare quote inside reported speech


def quoted_words(text: str) -> str:
    """The normalised words inside the quotation marks of ``text``, or all its words.

    Extracted statements often begin inside a quote and carry the attribution printed
    between two quoted stretches ("…," he continued. "…"): the stretches
    are read from the first mark's direction, or for straight marks from the reading that
    puts more words inside, so "he continued" never identifies a statement.
    """
    quoted = quoted_stretches(text)
    return normalise_statement(text) if quoted is None else quoted


def quoted_stretches(text: str) -> str | None:
    """``quoted_words`` when ``text`` holds a quoted stretch of enough words, else None."""
    text = unicodedata.normalize("NFKC", text)
    first = _MARK.search(text)
    if first is None:
        return None
    segments = _MARK.split(text)
    if first.group() in _CLOSING:
        inside = 0
    elif first.group() in _OPENING:
        inside = 1
    else:
        counts = [len(normalise_statement(s).split()) for s in segments]
        inside = 0 if sum(counts[0::2]) > sum(counts[1::2]) else 1
    quoted = normalise_statement(" ".join(segments[inside::2]))
    return quoted if len(quoted.split()) >= _MIN_QUOTED_WORDS else None
