"""Whom something was told: "told reporters the bill …" says the words after the listener."""

from __future__ import annotations

import re

# A lower-case word of a noun phrase: no auxiliary ("the bill would pass" is no listener),
# preposition ("a town hall in Salem") or determiner.
_NOUN_WORD = (
    r"(?!(?:would|will|could|should|can|may|might|must|is|was|are|were|has|had|have|in|at|of|"
    r"as|on|for|with|from|to|by|about|outside|after|before|during|that|how|what|who|which|"
    r"when|where|if|and|or|but|the|a|an|his|her|their|our|its)\b)[a-z][\w-]*"
)
# "told reporters the bill …", "told the crowd it was …", "tells them he …": whom it was told,
# a pronoun, a short noun phrase after a determiner, or a bare plural ("told host Sean
# Hannity" names the listener after a title), before the subject of the words told.
# "told her Democratic colleagues the bill …": "her" opens a noun phrase before it is a
# pronoun, and a capitalised word may describe its noun.
_LISTENER = re.compile(
    r"(?:(?:the|a|an|his|her|their|our|its)\s+(?:(?:"
    + _NOUN_WORD
    + r"|[A-Z][\w-]*)\s+){0,2}?"
    + _NOUN_WORD
    + r"|me|him|her|us|them|you|(?:"
    + _NOUN_WORD
    + r"\s+)?"
    + _NOUN_WORD
    + r"s)(?:\s+(?:on \w+day|yesterday|today))?\s+"
    r"(?=(?:the|a|an|he|she|it|they|we|I|there|this|these|those|his|her|their|its|our)\s|[A-Z])"
)


def after_listener(sentence: str, start: int) -> int:
    """Where the words told start when a listener opens ``sentence[start:]`` (right after
    "told"), else ``start``."""
    listener = _LISTENER.match(sentence, start)
    return listener.end() if listener else start
