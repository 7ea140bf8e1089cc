"""Statements: who said what, in which role, for which country or body.

A rule-based extractor over sentences. It finds direct quotes (straight and
curly, partial, split around the attribution) and reported speech ("X said
that…", "according to X", "X told Y that…", "said X, China's …"), attributes
each to a speaker with role, organisation and country, resolves "he", "the
expert", "the ministry" or a bare surname to an earlier mention, and merges a
statement restated later in the same article into one statement.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsmon.models import Speaker, Statement
from newsmon.statements.identity import normalise_statement, same_statement, statement_keys
from newsmon.statements.rules import _build, _statement_in
from newsmon.statements.sentences import _sentences
from newsmon.statements.speakers import _Context, _introductions
from newsmon.statements.vocabulary import SpeakerVocabulary

__all__ = [
    "SpeakerVocabulary",
    "extract_statements",
    "normalise_statement",
    "same_statement",
    "statement_keys",
]


def extract_statements(text: str, vocabulary: SpeakerVocabulary) -> list[Statement]:
    """Distinct statements in one article, each with every span where it appears."""
    context = _Context(vocabulary.compiled(), [])
    found: list[Statement] = []
    previous: Speaker | None = None
    for start, sentence in _sentences(text):
        for speaker in _introductions(sentence, context.vocabulary):
            context.remember(speaker)
        # "…," X said, adding that Y: two statements by one speaker.
        adding = _ADDING.search(sentence)
        head = sentence[: adding.start()] if adding else sentence
        statement = _statement_in(head, start, context, previous)
        if statement is None:
            previous = None
            continue
        previous = statement.speaker
        _merge(found, statement)
        if adding:
            added = _build(statement.speaker, sentence, start, [], adding.end(), sentence)
            if added is not None:
                _merge(found, added)
    return found


_ADDING = re.compile(r",\s+adding that\s+(?=\S)")


def _merge(found: list[Statement], statement: Statement) -> None:
    for index, earlier in enumerate(found):
        if same_statement(earlier.text, statement.text):
            found[index] = replace(earlier, spans=(*earlier.spans, *statement.spans))
            return
    found.append(statement)
