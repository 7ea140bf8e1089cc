"""Statements: who said what, in which role, for which country or body.

Rules find direct quotes (straight and curly, partial, split around the attribution) and
the "X said that…" of diplomatic news; a CRF tagger trained on PolNeAR finds the reported
speech they miss. Each statement gets a speaker (person, organisation or unnamed source)
with role, organisation, country and officialness; "he", "the expert", "the ministry" or a
bare surname resolve to an earlier mention; a statement restated later in the same article
is one statement with several spans.
"""

from __future__ import annotations

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
                    "mention_start": mention[0] if mention else None,
                    "mention_end": mention[1] if mention else None,
                    "truncated": extraction.truncated,
                }
            )
    rows.sort(key=lambda row: (row["start"], row["end"]))
    return rows
