"""Where the rules' speaker is named in its sentence (the speaker mention printed beside a
rules statement), and which of that and the tagger's source stands nearer the words."""

from __future__ import annotations

import re

from newsmon.models import Statement
from newsmon.statements.names import SPEAKER_ADVERBS
from newsmon.statements.sentences import _QUOTE
from newsmon.statements.vocabulary import say_pattern
from newsmon.text import occurrences

# Words between a pronoun and its verb: "She further announced", "who had said", "he
# previously said", "She went on to say".
_BETWEEN = (
    r"(?:(?:"
    + "|".join(sorted(SPEAKER_ADVERBS))
    + r"|has|had|have|[a-z]+ly|(?:went|goes) on to)\s+){0,2}"
)
_VERB = r"(?:" + say_pattern() + r"|continued|continues|asked|called|calls)\b"
_PRONOUN_BY_VERB = re.compile(
    # "He said" opens many sentences, and ", who said" follows a name.
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t|who)\s+"
    + _BETWEEN
    + _VERB
    # '"…," said he', but not "said she isn't …": there the pronoun opens what was said.
    + r"|\b(?:said|says|added|continued|wrote|asked)\s+(?:he|she|they)\b(?!\s+[a-z])"
    # "she laughed and admitted", "he backed Obama and said": the first verb's pronoun.
    + r"|\b(?:[Hh]e|[Ss]he|[Tt]hey)\s+[a-z]+(?:ed|s)\b[^,;.!?\"“”]{0,60}?\band\s+(?:also\s+)?"
    + _VERB
)
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t|who)\b")
# What stands between "He says" and "he believes" when the second reports what the first says.
_CHAINED = re.compile(r"\s*(?:that\s+)?")


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


def _own_words(sentence: str, offset: int, statement: Statement) -> list[tuple[int, int]]:
    """The statement's own words in its sentence: its quotes ('"A," he said, "B."' leaves
    out "he said" between them), or its reported clause."""
    span_start, span_end = (s - offset for s in statement.spans[0])
    if statement.kind != "direct":
        return [(span_start, span_end)]
    quotes = [
        (q.start(1), q.end(1))
        for q in _QUOTE.finditer(sentence, max(0, span_start - 1))
        if span_start <= q.start(1) and q.end(1) <= span_end
    ]
    return quotes or [(span_start, span_end)]


def _named_in(sentence: str, offset: int, statement: Statement) -> tuple[int, int] | None:
    """Where the rules' speaker is named in its sentence, outside the quoted words: the last
    word of the name, or a pronoun next to a verb of saying, whichever is nearer the words
    ("Carson criticised the media, though he added that …": "he"). Between the parts of a
    split quote the speaker is named inside the span: nearest of all."""
    span_start, span_end = (s - offset for s in statement.spans[0])
    outside = sentence
    for start, end in _own_words(sentence, offset, statement):
        outside = outside[:start] + " " * (end - start) + outside[end:]
    found: list[tuple[int, int]] = []
    words = statement.speaker.name.split()
    if words and words[-1][:1].isupper():
        # Between a split quote's parts a name may be what an aside is about ('"I don't
        # think the wisdom" -- that Bloomberg is a liberal -- "will last," he says'): only
        # a pronoun by its verb of saying names the speaker there.
        named = occurrences(words[-1], outside)
        found.extend(at for at in named if _gap(at, (span_start, span_end)) >= 0)
    reporting_end = -1
    for match in _PRONOUN_BY_VERB.finditer(outside):
        pronoun = _PRONOUN.search(match.group(0))
        # "He says he believes …": the second pronoun opens what the first one says.
        chained = reporting_end >= 0 and _CHAINED.fullmatch(outside, reporting_end, match.start())
        reporting_end = match.end()
        if pronoun and not chained:
            found.append((match.start() + pronoun.start(), match.start() + pronoun.end()))
    if not found:
        return None
    start, end = min(found, key=lambda at: max(_gap(at, (span_start, span_end)), -1))
    return offset + start, offset + end
