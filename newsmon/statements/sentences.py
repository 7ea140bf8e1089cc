"""Sentences with their offsets: quotes and abbreviations do not end one."""

from __future__ import annotations

import re
from collections.abc import Iterator

_QUOTE = re.compile(r"[\"“”„«»]([^\"“”„«»]{3,}?)[\"“”„«»]")
_ABBREVIATIONS = re.compile(
    r"\b(?:U\.S|U\.N|U\.K|Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
    r"Sept|Oct|Nov|Dec|Inc|Ltd|Co|vs|etc|e\.g|i\.e)\.$"
)


# A "sentence" longer than this is cut at a space: real sentences are shorter, and a run-on
# text with no full stop must not make any later step slower per character.
MAX_SENTENCE_CHARS = 600
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"“'‘(A-Z0-9—–-]")
_CAPITAL_AFTER = re.compile(r"\s+[A-Z]")


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """Sentences with their start offsets; quotes and abbreviations do not end one.

    One pass over the characters; every check looks at a bounded window.
    """
    for paragraph in re.finditer(r"[^\n]+", text):
        chunk, base = paragraph.group(0), paragraph.start()
        last_visible = len(chunk.rstrip())
        start = 0
        in_quote = False
        # Only quote marks and sentence ends change anything: re finds them, and the
        # characters between them are not visited one by one in Python.
        for mark in _MARKS.finditer(chunk):
            i, char = mark.start(), mark.group()
            while i - start >= MAX_SENTENCE_CHARS:
                cut = _cut(chunk, start)
                yield from _emit(chunk, base, start, cut)
                start, in_quote = cut, False
            closing = char in "”»" or (char == '"' and in_quote)
            if char in "“«":
                in_quote = True
            elif char in "”»":
                in_quote = False
            elif char == '"':
                in_quote = not in_quote
            if closing and chunk[i - 1 : i] == "." and _CAPITAL_AFTER.match(chunk, i + 1):
                # '“Go now.” Then he left.': the quote's full stop ends the sentence.
                yield from _emit(chunk, base, start, i + 1)
                start = i + 1
                continue
            if char not in ".!?" or in_quote:
                continue
            following = chunk[i + 1 : i + 2]
            if following in ('"', "”", "’"):
                continue
            if i + 1 < last_visible and not _NEXT_STARTS_SENTENCE.match(chunk, i + 1):
                continue
            if _ABBREVIATIONS.search(chunk[max(0, i - 6) : i + 1]):
                continue
            yield from _emit(chunk, base, start, i + 1)
            start = i + 1
        while len(chunk) - 1 - start >= MAX_SENTENCE_CHARS:
            cut = _cut(chunk, start)
            yield from _emit(chunk, base, start, cut)
            start = cut
        yield from _emit(chunk, base, start, len(chunk))


_MARKS = re.compile(r"[.!?“«”»\"]")


def _cut(chunk: str, start: int) -> int:
    """Where a sentence of MAX_SENTENCE_CHARS is cut: after its last space in the second
    half, or at the limit."""
    limit = start + MAX_SENTENCE_CHARS
    return chunk.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit) + 1 or limit


def _emit(chunk: str, base: int, start: int, end: int) -> Iterator[tuple[int, str]]:
    sentence = chunk[start:end]
    if sentence.strip():
        yield base + start + (len(sentence) - len(sentence.lstrip())), sentence.strip()
