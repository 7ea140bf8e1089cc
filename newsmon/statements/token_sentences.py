"""Where the sentences of a tagged token sequence begin and end (completion's rules, and
learned.py's sources, read one sentence at a time)."""

from __future__ import annotations

from newsmon.statements.tagger import Token

_SENTENCE_END = frozenset(".!?")
# Tokens of "Mr. Smith" or "U.S." whose full stop ends no sentence.
_ABBREVIATIONS = frozenset(["mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "jr", "st", "lt"])


def _sentences(sequence: list[Token]) -> list[tuple[int, int]]:
    """[first, end) token ranges of the sequence's sentences."""
    found = []
    begin = 0
    straight = 0  # straight quote marks so far: after an odd number the next one closes
    for i in range(len(sequence) - 1):
        straight += sequence[i].text == '"'
        # '… deportation regime.” He echoed it, saying …': a closing quote after the full
        # stop ends the sentence with it, and "He" opens the next one (and is its subject).
        stop = i + 1
        open_straight = straight % 2 == 1  # one straight mark may close; the next opens
        while stop < len(sequence) - 1 and (
            sequence[stop].text == "”" or (sequence[stop].text == '"' and open_straight)
        ):
            open_straight = open_straight and sequence[stop].text != '"'
            stop += 1
        following = sequence[stop].text
        if (
            sequence[i].text in _SENTENCE_END
            and (following[:1].isupper() or following in ('"', "“"))
            and i > 0
            and len(sequence[i - 1].text) > 1
            and sequence[i - 1].text.lower() not in _ABBREVIATIONS
        ):
            found.append((begin, stop))
            begin = stop
    if begin < len(sequence):
        found.append((begin, len(sequence)))
    return found
