"""One article's statements: rules for quotes and "X said that…", the tagger for the rest.

The rules (rules.py) read each sentence and know direct quotes, split quotes and the
phrasings of diplomatic news well. The tagger (tagger.py, learned from PolNeAR) finds the
reported speech the rules miss: other verbs, bodies and unnamed sources, "…, said Name,
title". A tagger statement that overlaps a rule statement only lends it its source mention.
Everything is one pass over the text; nothing compares all statements or all names pairwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from newsmon.models import Speaker, Statement
from newsmon.statements.identity import same_statement, statement_keys
from newsmon.statements.learned import Found, attributions
from newsmon.statements.rules import _build, _statement_in
from newsmon.statements.sentences import _sentences
from newsmon.statements.speakers import _Context, _introductions, speaker_for_source
from newsmon.statements.vocabulary import SpeakerVocabulary

DEFAULT_MAX_CHARS = 200_000
_ADDING = re.compile(r",\s+adding that\s+(?=\S)")
# Feeds print a closing quote as two apostrophes ('') and an opening one as two backticks;
# the same number of characters keeps every offset valid.
_ODD_QUOTES = re.compile(r"''|``")


@dataclass
class _Record:
    """A statement under construction, with what report() shows beside it."""

    statement: Statement
    mentions: list[tuple[int, int] | None] = field(default_factory=list)


@dataclass(frozen=True)
class Extraction:
    """What extract() found, and whether the text was cut to ``max_chars`` first."""

    statements: list[Statement]
    mentions: list[list[tuple[int, int] | None]]  # per statement, per span: source as printed
    truncated: bool


class _Found:
    """Statements so far, looked up by statement_keys so a merge costs the same each time."""

    def __init__(self) -> None:
        self.records: list[_Record] = []
        self.by_key: dict[str, list[int]] = {}

    def add(self, statement: Statement, mention: tuple[int, int] | None) -> None:
        keys = statement_keys(statement.text)
        candidates = sorted({i for key in keys for i in self.by_key.get(key, ())})
        for index in candidates[:16]:
            record = self.records[index]
            if same_statement(record.statement.text, statement.text):
                spans = (*record.statement.spans, *statement.spans)
                record.statement = replace(record.statement, spans=spans)
                record.mentions.append(mention)
                return
        self.records.append(_Record(statement, [mention] * len(statement.spans)))
        for key in keys:
            self.by_key.setdefault(key, []).append(len(self.records) - 1)

    def extend_last(self, statement: Statement) -> None:
        """A quote that goes on in the next sentence ("…," he said. "…") is the same
        statement: its words and span join the last one."""
        record = self.records[-1]
        joined = record.statement.text.rstrip() + " " + statement.text.lstrip()
        spans = (*record.statement.spans, *statement.spans)
        record.statement = replace(record.statement, text=joined, spans=spans)
        record.mentions.append(record.mentions[-1] if record.mentions else None)
        for key in statement_keys(statement.text):
            self.by_key.setdefault(key, []).append(len(self.records) - 1)


def extract(
    text: str, vocabulary: SpeakerVocabulary, *, max_chars: int = DEFAULT_MAX_CHARS
) -> Extraction:
    """Distinct statements in one article, each with every span where it appears."""
    truncated = len(text) > max_chars
    text = _ODD_QUOTES.sub(lambda m: '" ' if m.group(0) == "''" else ' "', text[:max_chars])
    context = _Context(vocabulary.compiled(), [])
    learned = attributions(text)
    found = _Found()
    covered: list[tuple[int, int]] = []
    previous: Speaker | None = None
    previous_end = -1  # where the last sentence that gave a statement ended
    tagger_at = 0  # tagger results are in text order; walk them beside the sentences
    for start, sentence in _sentences(text):
        end = start + len(sentence)
        for speaker in _introductions(sentence, context.vocabulary):
            context.remember(speaker, sentence)
        in_sentence: list[Found] = []
        while tagger_at < len(learned) and learned[tagger_at].start < end:
            in_sentence.append(learned[tagger_at])
            tagger_at += 1
        # "…," X said, adding that Y: two statements by one speaker.
        adding = _ADDING.search(sentence)
        head = sentence[: adding.start()] if adding else sentence
        statement = _statement_in(head, start, context, previous)
        rule_spans: list[tuple[int, int]] = []
        continues = (
            statement is not None
            and not statement.attribution
            and found.records
            and "\n" not in text[previous_end:start]
        )
        if statement is not None and continues:
            found.extend_last(statement)
            rule_spans.extend(statement.spans)
            previous_end = end
        elif statement is not None:
            previous = statement.speaker
            previous_end = end
            mention = _source_of(in_sentence)
            found.add(_with_cue(statement, sentence), mention)
            rule_spans.extend(statement.spans)
            if adding:
                added = _build(statement.speaker, sentence, start, [], adding.end(), sentence)
                if added is not None:
                    found.add(added, mention)
                    rule_spans.extend(added.spans)
        else:
            previous = None
        covered.extend(rule_spans)
        for item in in_sentence:
            if any(_overlaps((item.start, item.end), span) for span in rule_spans):
                continue
            learned_statement = _from_tagger(text, item, context, previous)
            if learned_statement is not None:
                previous = learned_statement.speaker
                found.add(learned_statement, item.source)
    return Extraction(
        statements=[r.statement for r in found.records],
        mentions=[r.mentions for r in found.records],
        truncated=truncated,
    )


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.3 * min(a[1] - a[0], b[1] - b[0])


def _source_of(items: list[Found]) -> tuple[int, int] | None:
    return next((item.source for item in items if item.source), None)


_CUE_WORD = re.compile(
    r"\b(?:according to|said|says|say|told|tells|added|adds|noted|warned|urged|stressed|"
    r"announced|wrote|writes|tweeted|insisted|argued|called|accused|emphasi[sz]ed|stated)\b"
)


def _with_cue(statement: Statement, sentence: str) -> Statement:
    match = _CUE_WORD.search(sentence[:400])
    return replace(statement, cue=match.group(0)) if match else statement


def _from_tagger(
    text: str, item: Found, context: _Context, previous: Speaker | None
) -> Statement | None:
    if item.source is not None:
        speaker = speaker_for_source(text[item.source[0] : item.source[1]], context)
    elif previous is not None:  # "…, adding that …" after a statement of the same speaker
        speaker = previous
    else:
        return None
    cue = text[item.cue[0] : item.cue[1]] if item.cue else ""
    return Statement(
        speaker=speaker,
        text=text[item.start : item.end],
        kind="direct" if item.quoted else "reported",
        spans=((item.start, item.end),),
        attribution=text[max(0, item.start - 200) : item.end + 200].strip()[:600],
        cue=cue,
    )
