"""The subject of a sentence, for tagger Content whose cue has no Source of its own.

"Carly Fiorina threw her support behind Ted Cruz on Wednesday, saying it is time …": the
tagger marks "saying" and its clause but no Source; who says it is the sentence's subject,
the name (or pronoun, or "the" phrase) it opens with. Read only when the tagger found none.
"""

from __future__ import annotations

import re

from newsmon.statements.vocabulary import word_set

# How far back from the cue a sentence may start, in characters.
MAX_BEFORE = 300
_SENTENCE_START = re.compile(
    r"(?:^|\n|(?<!\b[A-Z])(?<!\bMr|\bMs|\bDr|\bSt|\bJr|\bLt)(?<!\bMrs|\bSen|\bRep|\bGov|\bGen|\bCol)"
    r"[.!?][\"”’]?\s+)(?=[\"“]?[A-Z])"
)
# An opening connective is not the subject ("But Clinton said …").
_CONNECTIVE = r"(?:(?:But|And|So|Yet|Still|Meanwhile|However|Instead|Later|Earlier|Then)\b,?\s+)?"
_NAME_WORD = r"(?:[A-Z][\w'’.-]*)"
_SUBJECT = re.compile(
    r"[\"“]?" + _CONNECTIVE + r"(?P<subject>"
    r"(?:He|She|They|We|I)\b"
    r"|(?:[Tt]he|An?|an?)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+(?=\s+(?:has|have|had|was|were|is|are|also|"
    r"later|then|again|on|in|at|who|,|[a-z]+ed\b|[a-z]+s\b))"
    r"|" + _NAME_WORD + r"(?:\s+(?:of\s+|de\s+|the\s+)?" + _NAME_WORD + r"){0,4}"
    r")"
)
# What follows a subject: a verb or an apposition, not a preposition or an article.
_FOLLOWED = re.compile(
    r",|\s+(?!(?:of|to|in|on|at|for|from|by|with|after|before|the|a|an|this|that)\b)[a-z]"
)
# A dateline ("CLEVELAND —") or a shouted word opens no sentence with its subject.
MAX_CAPITALS = 4


def sentence_subject(text: str, cue_start: int) -> tuple[int, int] | None:
    """Where the subject of the sentence holding ``cue_start`` is named, or None."""
    window_start = max(0, cue_start - MAX_BEFORE)
    window = text[window_start:cue_start]
    starts = [m.end() for m in _SENTENCE_START.finditer(window)]
    if not starts:
        return None
    begin = starts[-1]
    match = _SUBJECT.match(window, begin)
    if match is None or not _FOLLOWED.match(window, match.end("subject")):
        return None
    words = match.group("subject").split()
    first = words[0]
    if first.lower().rstrip(",") in word_set("not_subjects") or "'" in first or "’" in first:
        return None
    if first.isupper() and len(first) > MAX_CAPITALS:
        return None
    if len(words) == 1 and first.endswith("ing"):  # "Looking ahead, …"
        return None
    return window_start + match.start("subject"), window_start + match.end("subject")
