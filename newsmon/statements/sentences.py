"""Sentences with their offsets: quotes and abbreviations do not end one."""

from __future__ import annotations

import re
from collections.abc import Iterator

_QUOTE = re.compile(r"[\"“”„«»]([^\"“”„«»]{3,}?)[\"“”„«»]")
_ABBREVIATIONS = re.compile(
    r"\b(?:U\.S|U\.N|U\.K|Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
    r"Sept|Oct|Nov|Dec|Inc|Ltd|Co|vs|etc|e\.g|i\.e)\.$"
)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """Sentences with their start offsets; quotes and abbreviations do not end one."""
    for paragraph in re.finditer(r"[^\n]+", text):
        chunk, base = paragraph.group(0), paragraph.start()
        start = 0
        in_quote = False
        for i, char in enumerate(chunk):
            if char in "“«":
                in_quote = True
            elif char in "”»":
                in_quote = False
            elif char == '"':
                in_quote = not in_quote
            if char not in ".!?" or in_quote:
                continue
            rest = chunk[i + 1 :]
            if rest[:1] in ('"', "”", "’"):
                continue
            if not re.match(r"\s+[\"“'‘(A-Z0-9—–-]", rest) and rest.strip():
                continue
            if _ABBREVIATIONS.search(chunk[max(0, i - 6) : i + 1]):
                continue
            sentence = chunk[start : i + 1]
            if sentence.strip():
                yield base + start + (len(sentence) - len(sentence.lstrip())), sentence.strip()
            start = i + 1
        tail = chunk[start:]
        if tail.strip():
            yield base + start + (len(tail) - len(tail.lstrip())), tail.strip()
