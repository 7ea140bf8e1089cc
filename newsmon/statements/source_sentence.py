"""Which sentence reported words belong to, when the tagger runs them over two sentences.

The tagger may read the words of one sentence and those of the next as one Content piece
whose Source and cue stand in the second ("The department disclosed that it asked the FBI
for the emails. Later, the FBI said it would cooperate."). Reported words are their
source's from the sentence that names it; the words before it go to the subject of their
own sentence when a short verb phrase joins them ("The department | disclosed | that …"),
and are dropped otherwise (issue #15: on the train holdout these statements were matched
to the earlier sentence's attribution under the later sentence's speaker).
"""

from __future__ import annotations

from typing import NamedTuple

from newsmon.statements.subjects import sentence_subject
from newsmon.statements.tagger import Token

# "has consistently advocated": how far a subject's verb may stand from it, and how many
# words a cue between a subject and its words may have.
MAX_CUE_WORDS = 4
# Auxiliaries before the verb a cue runs to ("has consistently advocated").
_AUXILIARIES = frozenset(["has", "was", "is", "does"])

Sentences = list[tuple[int, int]]  # token ranges, end excluded


def source_sentence_start(first: int, source_first: int, sentences: Sentences) -> int:
    """Where words that start at token ``first`` and name their source at token
    ``source_first`` start: at the sentence that names the source, if that is later."""
    opening = next((begin for begin, end in sentences if begin <= source_first < end), first)
    return max(first, opening)


def quote_start(sequence: list[Token], first: int, cue_first: int, sentences: Sentences) -> int:
    """Where words that start at token ``first``, before their cue at ``cue_first``, start:
    at the cue's sentence when it opens with a quote mark. The tagger may join a sentence
    of narration to the quote after it ('The firm cut prices on Monday. "This is overdue,"
    he said.'); a quote that opens its sentence does not go on from words before it."""
    begin = next((b for b, end in sentences if b <= cue_first < end), first)
    return begin + 1 if first < begin and sequence[begin].text in _OPENING_QUOTES else first


_OPENING_QUOTES = frozenset(['"', "“"])


class Earlier(NamedTuple):
    """Words before the source's sentence, with their own subject and cue (token ranges)."""

    subject: tuple[int, int]
    cue: tuple[int, int]
    first: int
    last: int


def said_before(
    sequence: list[Token], first: int, opening: int, sentences: Sentences
) -> Earlier | None:
    """The words ``first`` up to the sentence at ``opening`` as said by the subject of their
    own sentence: "China has advocated talks and criticized the sanctions. It also blamed
    NATO …": the talks and the sanctions are China's, "has advocated" the cue. None when
    that sentence has no subject, or no short verb phrase joins it to the words."""
    begin = next((b for b, e in sentences if b <= first < e), first)
    subject = sentence_subject(sequence, begin, opening)
    if subject is None:
        return None
    cue_first = subject[1] + 1
    if subject[1] < first:  # "X has advocated | talks …": the words between are the cue
        cue_last = first - 1
    else:  # "| X has advocated talks …": the cue runs to the subject's verb
        verbs = [
            k
            for k in range(cue_first, min(cue_first + MAX_CUE_WORDS, opening))
            if sequence[k].text.endswith(("ed", "s")) and sequence[k].text not in _AUXILIARIES
        ]
        if subject[0] != first or not verbs:
            return None
        cue_last = verbs[0]
        first = cue_last + 1
    last = opening - 1
    while last > first and not sequence[last].text[:1].isalnum():
        last -= 1
    cue_words = [t.text for t in sequence[cue_first : cue_last + 1]]
    # A short verb phrase, not a clause that runs on ("have not been disclosed, but …").
    if not cue_words or len(cue_words) > MAX_CUE_WORDS or not all(map(str.isalpha, cue_words)):
        return None
    return Earlier(subject, (cue_first, cue_last), first, last)
