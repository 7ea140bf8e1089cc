"""Where the rules' speaker is named in its sentence (the speaker mention printed beside a
rules statement), and which of that and the tagger's source stands nearer the words."""

from __future__ import annotations

import re

from newsmon.models import Statement
from newsmon.statements.vocabulary import say_pattern
from newsmon.text import occurrences

# "He said" opens many sentences, and ", who said" follows a name.
_PRONOUN_BY_VERB = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t|who)\s+(?:also\s+)?(?:"
    + say_pattern()
    + r"|continued|continues|asked|called|calls)\b"
    r"|\b(?:said|says|added|continued|wrote|asked)\s+(?:he|she|they)\b"
)
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t|who)\b")


def _nearer(
    tagged: tuple[int, int] | None, named: tuple[int, int] | None, span: tuple[int, int]
) -> tuple[int, int] | None:
    """Of the tagger's source and the rules' mention, the one nearer the words: in "Carson
    criticised the media, though he added that …" the tagger may point at "Carson", but
    "he added" attributes the words."""
    if tagged is None or (named is not None and _gap(named, span) < _gap(tagged, span)):
        return named
    return tagged


def _gap(at: tuple[int, int], span: tuple[int, int]) -> int:
    return max(at[0] - span[1], span[0] - at[1])


def _named_in(sentence: str, offset: int, statement: Statement) -> tuple[int, int] | None:
    """Where the rules' speaker is named in its sentence, outside the quoted words: the last
    word of the name, or a pronoun next to a verb of saying, whichever is nearer the words
    ("Carson criticised the media, though he added that …": "he")."""
    span_start, span_end = (s - offset for s in statement.spans[0])
    outside = sentence[:span_start] + " " * (span_end - span_start) + sentence[span_end:]
    found: list[tuple[int, int]] = []
    words = statement.speaker.name.split()
    if words and words[-1][:1].isupper():
        found.extend(occurrences(words[-1], outside))
    for match in _PRONOUN_BY_VERB.finditer(outside):
        pronoun = _PRONOUN.search(match.group(0))
        if pronoun:
            found.append((match.start() + pronoun.start(), match.start() + pronoun.end()))
    if not found:
        return None
    start, end = min(found, key=lambda at: _gap(at, (span_start, span_end)))
    return offset + start, offset + end
