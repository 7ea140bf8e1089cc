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
from newsmon.statements.agreement import disagree, tagged_for, tagger_reads_better
from newsmon.statements.cues import (
    is_speech,
    names_a_topic,
    says_a_clause,
    second_act,
    with_cue,
)
from newsmon.statements.earlier import earliest_sharing
from newsmon.statements.identity import (
    StatementForm,
    same_form,
    statement_form,
    statement_keys,
)
from newsmon.statements.introductions import _introductions, people_in
from newsmon.statements.learned import Found, attributions
from newsmon.statements.mentions import _named_in, _nearer
from newsmon.statements.overlap import before_rules_words
from newsmon.statements.phrase_speaker import speaker_for_source
from newsmon.statements.rules import _build, _statement_in
from newsmon.statements.sentences import _QUOTE, sentences
from newsmon.statements.speakers import _Context, _opens
from newsmon.statements.subjects import cue_subject
from newsmon.statements.vocabulary import SpeakerVocabulary

DEFAULT_MAX_CHARS = 200_000
# Reported (unquoted) words from the tagger need at least this many words, and the tagger's
# mean probability that they are content at least SpeakerVocabulary.reported_confidence.
MIN_REPORTED_WORDS = 3
# A clause after a verb of saying, with a source, is reported speech on less of the tagger's
# confidence (train holdout: +9 found from +10 statements; sets A and B unchanged).
CUED_DISCOUNT = 0.15
# Feeds print a closing quote as two apostrophes ('') and an opening one as two backticks;
# the same number of characters keeps every offset valid.
_ODD_QUOTES = re.compile(r"''|``")
# The rules read a full stop as the end of a phrase; the dot of "Sen. Cruz", "Mr. Obama" or
# "J. Michael Pearson" is not one. It is masked (same length) while the rules read, and put
# back in what they return. The dot comes first and the look-behinds after it, so re skips
# from dot to dot instead of trying every look-behind at every character.
_ABBREVIATION_DOT = re.compile(
    r"\.(?:(?<=\b(?:Mr|Ms|Dr|Jr|Sr|St|Lt)\.)"
    r"|(?<=\b(?:Mrs|Sen|Rep|Gov|Gen|Col|Del|Adm|Rev|Sgt)\.)"
    r"|(?<=\b(?:Sens|Reps|Prof|Capt)\.)|(?<=\b[A-Z]\.)(?=\s?[A-Z]))"
)
MASKED_DOT = "\u2024"


@dataclass
class _Record:
    """A statement under construction, with what report() shows beside it."""

    statement: Statement
    mentions: list[tuple[int, int] | None] = field(default_factory=list)
    # Of the statement's text, worked out when it is first compared with a later one
    # and again only after the text grows.
    compared_form: StatementForm | None = None

    def form(self) -> StatementForm:
        if self.compared_form is None:
            self.compared_form = statement_form(self.statement.text, self.statement.kind)
        return self.compared_form


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
        # Where the latest statement's speaker is named: a quote that carries on the same
        # speaker in a sentence of its own is attributed there too ("…," he told reporters.
        # "This is irresponsible.").
        self.last_mention: tuple[int, int] | None = None

    def add(
        self, statement: Statement, mention: tuple[int, int] | None, carries_on: bool = True
    ) -> None:
        self.last_mention = mention if carries_on else self.last_mention
        keys = statement_keys(statement.text)
        # The kinds decide what may join: a paraphrase shares words with a quote, not a line.
        form = statement_form(statement.text, statement.kind)
        for index in earliest_sharing(self.by_key, keys):
            record = self.records[index]
            if same_form(record.form(), form):
                spans = (*record.statement.spans, *statement.spans)
                record.statement = replace(record.statement, spans=spans)
                record.mentions.append(mention)
                return
        self.records.append(_Record(statement, [mention] * len(statement.spans), form))
        for key in keys:
            self.by_key.setdefault(key, []).append(len(self.records) - 1)

    def extend_last(self, statement: Statement) -> None:
        """A quote that goes on in the next sentence ("…," he said. "…") is the same
        statement: its words and span join the last one."""
        record = self.records[-1]
        joined = record.statement.text.rstrip() + " " + statement.text.lstrip()
        spans = (*record.statement.spans, *statement.spans)
        record.statement = replace(record.statement, text=joined, spans=spans)
        record.compared_form = None
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
    pending: list[Found] = []
    masked = _ABBREVIATION_DOT.sub(MASKED_DOT, text)
    for start, masked_sentence in sentences(masked):
        sentence = text[start : start + len(masked_sentence)]
        end = start + len(sentence)
        for speaker in _introductions(masked_sentence, context.vocabulary):
            introduced = _unmasked_speaker(speaker)
            context.remember(introduced, sentence, source=_opens(sentence, introduced.name))
        for person in people_in(sentence):
            if context.resolve(person.name) is None:
                context.remember(person, person.name, source=_opens(sentence, person.name))
        context.opened_by(sentence)
        in_sentence: list[Found] = []
        while tagger_at < len(learned) and learned[tagger_at].start < end:
            in_sentence.append(learned[tagger_at])
            tagger_at += 1
        # "…," X said, adding that Y; X said … and urged Z to …: two statements, one speaker.
        adding = second_act(sentence)
        head = masked_sentence[: adding.start()] if adding else masked_sentence
        statement = _unmasked(_statement_in(head, start, context, previous))
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
            tagged = tagged_for(in_sentence, statement.spans[0])
            mention = tagged.source if tagged else None
            if tagged and mention is not None and disagree(statement.speaker, text, mention):
                if tagger_reads_better(text, sentence, statement, tagged, context):
                    # "Around 47 percent said …" made "Around" a speaker: the tagger's
                    # source is the better reading.
                    source = text[mention[0] : mention[1]]
                    before = text[max(0, mention[0] - 160) : mention[0]]
                    statement = replace(
                        statement, speaker=speaker_for_source(source, context, before)
                    )
                else:
                    mention = None  # the tagger saw another source: no evidence of the rules'
            mention = _nearer(mention, _named_in(sentence, start, statement), statement.spans[0])
            if mention is None and not statement.attribution:
                mention = found.last_mention  # the previous speaker's words carry on
            lines = _quoted_lines(statement, masked_sentence, start)
            if lines:
                # Two quoted lines in one sentence are two statements of one speaker.
                for line in lines[:-1]:
                    found.add(with_cue(line, sentence), mention)
                    rule_spans.extend(line.spans)
                statement = lines[-1]
            previous = statement.speaker
            previous_end = end
            found.add(with_cue(statement, sentence), mention)
            rule_spans.extend(statement.spans)
            if adding:
                added = _unmasked(
                    _build(statement.speaker, masked_sentence, start, [], adding.end(), sentence)
                )
                if added is not None:
                    found.add(added, mention)
                    rule_spans.extend(added.spans)
        else:
            previous = None
        covered.extend(rule_spans)
        # A tagger content is judged once the rules have read every sentence it touches.
        pending.extend(in_sentence)
        ready = [item for item in pending if item.end <= end]
        pending = [item for item in pending if item.end > end]
        for item in ready:
            # A question is asked, not stated ("Western media reported that …; is that so?").
            if sentence.rstrip(' "”’').endswith("?") and not item.quoted:
                continue
            # '…, calling him "a gambler," Dana said.' then '"But …!"': the next quote goes
            # on with Dana, not with words the tagger gave another source in her sentence.
            carries_on = item.quoted or statement is None or statement.kind != "direct"
            said_by = _add_learned(text, item, context, previous, found, covered, carries_on)
            previous = said_by if said_by and carries_on else previous
        context.opened_by(sentence)  # the subject is the latest person when the sentence ends
    for item in pending:
        _add_learned(text, item, context, previous, found, covered)
    return Extraction(
        statements=[r.statement for r in found.records],
        mentions=[r.mentions for r in found.records],
        truncated=truncated,
    )


def _quoted_lines(statement: Statement, sentence: str, offset: int) -> list[Statement]:
    """The separate quoted lines of a direct statement ("A." "B," he said), or []."""
    if statement.kind != "direct":
        return []
    quotes = list(_QUOTE.finditer(sentence))
    if len(quotes) < 2 or any(len(q.group(1).split()) < 4 for q in quotes):
        return []
    # "A," he said, "and B." is one line cut by its attribution, not two.
    if not all(q.group(1).rstrip()[-1:] in ".!?" for q in quotes[:-1]):
        return []
    return [
        replace(
            statement,
            text=q.group(1).strip().replace(MASKED_DOT, "."),
            spans=((offset + q.start(1), offset + q.end(1)),),
        )
        for q in quotes
    ]


def _add_learned(
    text: str,
    item: Found,
    context: _Context,
    previous: Speaker | None,
    found: _Found,
    covered: list[tuple[int, int]],
    carries_on: bool = True,
) -> Speaker | None:
    """Add a tagger statement unless the rules already hold it; its speaker, if added."""
    trimmed = before_rules_words(text, item, covered)
    if trimmed is None:
        return None
    item = trimmed
    made = _from_tagger(text, item, context, previous)
    if made is None:
        return None
    statement, mention = made
    if mention is None:
        # Without a source of its own the statement is the previous speaker's (_from_tagger).
        mention = found.last_mention
    found.add(statement, mention, carries_on)
    return statement.speaker


def _unmasked_speaker(speaker: Speaker) -> Speaker:
    return replace(
        speaker,
        name=speaker.name.replace(MASKED_DOT, "."),
        organisation=speaker.organisation and speaker.organisation.replace(MASKED_DOT, "."),
    )


def _unmasked(statement: Statement | None) -> Statement | None:
    if statement is None:
        return None
    return replace(
        statement,
        text=statement.text.replace(MASKED_DOT, "."),
        attribution=statement.attribution.replace(MASKED_DOT, "."),
        speaker=_unmasked_speaker(statement.speaker),
    )


_NOT_SPEAKERS = frozenset(["you", "q", "which", "that", "this", "these", "those", "there"])
# "asked to comment on X", "declined to comment": the topic, not what was said.
_ASKED = re.compile(r"(?:about|whether|asked)\b", re.I)
_NO_COMMENT = re.compile(r"^to (?:comment|respond|elaborate|discuss|answer)\b", re.I)


def _from_tagger(
    text: str, item: Found, context: _Context, previous: Speaker | None
) -> tuple[Statement, tuple[int, int] | None] | None:
    """A tagger statement and where its speaker is named: the tagged source, else the
    sentence's subject (cue_subject); None there when the previous speaker carries on."""
    cue = text[item.cue[0] : item.cue[1]] if item.cue else ""
    if not is_speech(cue):
        return None
    # "welcomed the resumption of talks", "declined to comment on X": a noun phrase is what
    # a statement was about, not what was said; a clause or a quote is what was said.
    content = text[item.start : item.end]
    words = content.replace("’", "'").lower().split()
    # A question is asked, not stated ("Will China continue …?" in an interview; "was asked
    # about the next meeting", "Asked whether China would attend").
    asked = _ASKED.match(content)
    if ("?" in content or _NO_COMMENT.match(content) or asked) and not item.quoted:
        return None
    if not item.quoted and names_a_topic(cue):
        return None
    minimum = context.vocabulary.reported_confidence
    if item.source is not None and says_a_clause(words, cue):
        minimum -= CUED_DISCOUNT
    if not item.quoted and (len(words) < MIN_REPORTED_WORDS or item.confidence < minimum):
        return None
    if item.source is not None:
        source = text[item.source[0] : item.source[1]]
        # "you" and a transcript's "Q:" are the reader or an interviewer; "which" a thing.
        if source.strip().lower() in _NOT_SPEAKERS:
            return None
        before = text[max(0, item.source[0] - 160) : item.source[0]]  # for "…, who said"
        speaker = speaker_for_source(source, context, before)
        mention: tuple[int, int] | None = item.source
    elif previous is not None:  # "…, adding that …" after a statement of the same speaker
        speaker, mention = previous, None
    elif item.cue is not None and (mention := cue_subject(text, item.end, item.cue)):
        # "X threw her support behind Y, saying …": the sentence's subject says it.
        before = text[max(0, mention[0] - 160) : mention[0]]
        speaker = speaker_for_source(text[mention[0] : mention[1]], context, before)
    else:
        return None
    statement = Statement(
        speaker=speaker,
        text=text[item.start : item.end],
        kind="direct" if item.quoted else "reported",
        spans=((item.start, item.end),),
        attribution=text[max(0, item.start - 200) : item.end + 200].strip()[:600],
        cue=cue,
    )
    return statement, mention
