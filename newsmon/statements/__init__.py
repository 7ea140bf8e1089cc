"""Statements: who said what, in which role, for which country or body.

Rules find direct quotes (straight and curly, partial, split around the attribution) and
the "X said that…" of diplomatic news; a CRF tagger trained on PolNeAR finds the reported
speech they miss. Each statement gets a speaker (person, organisation or unnamed source)
with role, organisation, country and officialness; "he", "the expert", "the ministry" or a
bare surname resolve to an earlier mention; a statement restated later in the same article
is one statement with several spans.
"""

from __future__ import annotations

import re
from typing import Any

from newsmon.models import Statement
from newsmon.statements.extraction import DEFAULT_MAX_CHARS, Extraction, extract
from newsmon.statements.identity import (
    contains_statement,
    longer_form,
    normalise_statement,
    same_statement,
    statement_keys,
)
from newsmon.statements.vocabulary import SpeakerVocabulary

__all__ = [
    "DEFAULT_MAX_CHARS",
    "Extraction",
    "SpeakerVocabulary",
    "contains_statement",
    "extract",
    "extract_statements",
    "longer_form",
    "normalise_statement",
    "report",
    "same_statement",
    "statement_keys",
]


def extract_statements(
    text: str, vocabulary: SpeakerVocabulary, max_chars: int = DEFAULT_MAX_CHARS
) -> list[Statement]:
    """Distinct statements in the first ``max_chars`` characters of one article."""
    return extract(text, vocabulary, max_chars=max_chars).statements


def report(
    text: str, vocabulary: SpeakerVocabulary, max_chars: int = DEFAULT_MAX_CHARS
) -> list[dict[str, Any]]:
    """One row per statement span, in text order: what `newsmon statements FILE` prints."""
    extraction = extract(text, vocabulary, max_chars=max_chars)
    rows = []
    for number, (statement, mentions) in enumerate(
        zip(extraction.statements, extraction.mentions, strict=True)
    ):
        speaker = statement.speaker
        for (start, end), mention in zip(statement.spans, mentions, strict=False):
            named = _whole_name(text, mention) if mention else None
            rows.append(
                {
                    "statement": number,
                    "text": text[start:end],
                    "speaker": speaker.name,
                    "kind": speaker.kind,
                    "role": speaker.role,
                    "organisation": speaker.organisation,
                    "country": speaker.country,
                    "official": speaker.official,
                    "cue": statement.cue,
                    "start": start,
                    "end": end,
                    # The speaker as written where this span is attributed ("he", "Mr
                    # Shapps", "the ministry"), beside the resolved ``speaker`` above.
                    "speaker_mention": text[named[0] : named[1]] if named else None,
                    "speaker_start": named[0] if named else None,
                    "speaker_end": named[1] if named else None,
                    "truncated": extraction.truncated,
                }
            )
    rows.sort(key=lambda row: (row["start"], row["end"]))
    return rows


# Capitalised words (and a title's dot) right before a mention's last word: "Mao Ning".
# A word with a dot is a title or an initial ("Mr.", "J."), not the end of a sentence.
_NAME_BEFORE = re.compile(r"(?:(?:[A-Z][\w'’\-]*|[A-Z][a-z]{0,3}\.)\s+){1,3}$")
_PRONOUN_MENTIONS = frozenset(["he", "she", "they", "it", "we", "i", "who"])


def _whole_name(text: str, mention: tuple[int, int]) -> tuple[int, int]:
    """A mention widened to the name it ends: the rules mark only a name's last word."""
    start, end = mention
    if text[start:end].lower() in _PRONOUN_MENTIONS:
        return mention
    before = _NAME_BEFORE.search(text, max(0, start - 60), start)
    return (before.start() if before else start, end)
