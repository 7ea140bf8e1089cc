"""Whether a Source the tagger marked names someone (learned.py): a function word alone, a
verb phrase the tagger ran into past a subject it left out, or an opening subordinator names
no one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsmon.statements.completion import opens_subordinate
from newsmon.statements.source_clause import speaker_function_words
from newsmon.statements.tagger import Token

if TYPE_CHECKING:
    from newsmon.statements.learned import Segment


def names_someone(sequence: list[Token], segment: Segment) -> bool:
    """Whether a Source segment has a word that can name a speaker: "to", "but" or "and"
    alone (a function word the tagger marked) cannot; "he" can."""
    function_words = speaker_function_words()
    # "After" alone names no one, nor a phrase opening "of Coca-Cola and", "with officials".
    first = sequence[segment.first].text
    if opens_subordinate(first.lower()) and (segment.first == segment.last or first.islower()):
        return False
    if _verb_phrase(sequence, segment):
        return False
    return any(
        token.text[:1].isalnum() and token.text.lower() not in function_words
        for token in sequence[segment.first : segment.last + 1]
    )


# Words that may stand before a participle without being its subject: "all but begging".
_LEADING_LINKS = frozenset(["all", "but", "and", "while", "also", "even"])
# What a verb takes right after it, where a noun phrase's modifier takes its noun.
_VERB_OBJECTS = frozenset([
    "to", "the", "a", "an", "on", "in", "into", "by", "with", "at", "for", "from", "his", "her",
    "their",
])  # fmt: skip


def _verb_phrase(sequence: list[Token], segment: Segment) -> bool:
    """Whether a Source segment opens with a verb and its object ("tacked to the left on
    environmental issues", "all but begging a woman who"): the tagger ran past a subject
    it left out, and the words name no one."""
    at = segment.first
    while at < segment.last and sequence[at].text.lower() in _LEADING_LINKS:
        at += 1
    if at >= segment.last:
        return False
    word = sequence[at].text
    # "Walking into the office": a participle opening the sentence is no name either.
    verb = len(word) > 4 and (word.endswith("ing") or (word[:1].islower() and word.endswith("ed")))
    return verb and sequence[at + 1].text.lower() in _VERB_OBJECTS
