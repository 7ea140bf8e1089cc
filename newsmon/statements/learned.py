"""Attributions from the tagger's labels: each Content piece with its Cue and Source.

The tagger labels tokens; this module groups them. A Content piece belongs to the nearest
Cue in its sequence (or to the cue that reports that one, nesting.py), and a Cue to the
nearest Source. A piece with no Cue in its sequence is dropped: without a verb of saying
there is no evidence that anyone said it.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsmon.statements.completion import (
    Recovered,
    clause_end,
    clause_start,
    headline,
    name_after_comma,
    name_before,
    recovered,
    subject_before,
    subject_before_relative,
    transcript_line,
)
from newsmon.statements.names import SAY_VERBS
from newsmon.statements.nesting import Inner, inner_attribution, nested_cues
from newsmon.statements.source_clause import sentence_pieces, subject_before_cue
from newsmon.statements.source_sentence import (
    Earlier,
    quote_start,
    said_before,
    source_sentence_start,
)
from newsmon.statements.source_words import names_someone
from newsmon.statements.subjects import (
    contracted_subject,
    hangs_on_comma,
    joined_subject,
    sentence_subject,
)
from newsmon.statements.subordinate import subordinate_end
from newsmon.statements.tagger import Tagged, Token, tag
from newsmon.statements.token_sentences import _sentences

# A statement needs some substance: "it" or "no" as a Content piece is not one.
MIN_CONTENT_WORDS = 3
_TRIM = frozenset("\"“”«»„'‘’`,.;: —–-")


@dataclass(frozen=True)
class Segment:
    role: str  # "SRC", "CUE" or "CON"
    first: int  # token index in the sequence
    last: int  # inclusive


@dataclass(frozen=True)
class Found:
    """One Content piece with its cue and source as printed (character offsets)."""

    start: int
    end: int
    quoted: bool
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    sequence_index: int
    confidence: float  # the tagger's mean probability that these tokens are Content


def _segments(labels: list[str]) -> list[Segment]:
    segments: list[Segment] = []
    if labels.count("O") == len(labels):  # most sequences: counted in C, no loop
        return segments
    role, first = "", 0
    for index, label in enumerate([*labels, "O"]):
        if label == "O":
            if role:
                segments.append(Segment(role, first, index - 1))
                role = ""
        elif label[0] == "B" or label[2:] != role:
            if role:
                segments.append(Segment(role, first, index - 1))
            role, first = label[2:], index
    return segments


def _nearest(segment: Segment, candidates: list[Segment]) -> Segment | None:
    best: tuple[int, Segment] | None = None
    for candidate in candidates:
        if candidate.last < segment.first:
            distance = segment.first - candidate.last
        elif candidate.first > segment.last:
            distance = candidate.first - segment.last
        else:
            distance = 0
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return best[1] if best else None


def _pieces(sequence: list[Token], source: Segment, spans: list[tuple[int, int]]) -> list[Segment]:
    """A Source segment cut at sentence ends and colons (source_clause.sentence_pieces)."""
    return [Segment("SRC", *p) for p in sentence_pieces(sequence, source.first, source.last, spans)]


def _trimmed(sequence: list[Token], first: int, last: int) -> tuple[int, int, bool]:
    """Token range without leading/trailing quote marks and punctuation; whether quoted."""
    quoted = sequence[first].text in ('"', "“", "«", "''", "``") or (
        first > 0 and sequence[first - 1].text in ('"', "“", "«", "''", "``")
    )
    while first <= last and all(c in _TRIM for c in sequence[first].text):
        first += 1
    while last >= first and all(c in _TRIM for c in sequence[last].text):
        last -= 1
    return first, last, quoted


def attributions(text: str) -> list[Found]:
    """Every Content the tagger finds, in text order, with its cue and source."""
    found: list[Found] = []
    for index, tagged in enumerate(tag(text)):
        found.extend(found_in(tagged, index))
    found.sort(key=lambda item: item.start)
    return found


def found_in(tagged: Tagged, index: int) -> list[Found]:
    """The Contents of one tagged sequence with their cues and sources.

    The pieces of one Content share a cue ("We will," she said, "win."): they are grouped by
    their nearest cue into one statement that runs from the first piece to the last. A cue
    of an attribution that another one reports (nesting.py) gives its pieces to that one;
    a verb of saying with a subject inside the words of a cue that says nothing takes the
    words after it (nesting.inner_attribution).
    """
    sequence = tagged.tokens
    segments = _segments(tagged.labels)
    line = transcript_line(sequence)
    if line is not None:
        return _as_found(sequence, [line], index)
    # One reading of the sequence's sentences, for completion's rules and for the sources.
    spans = _sentences(sequence)
    found = _as_found(sequence, recovered(sequence, tagged.labels, spans), index)
    cues = [s for s in segments if s.role == "CUE"]
    if not cues:
        return found
    nested = nested_cues(sequence, segments, spans)
    groups: dict[Segment, list[Segment]] = {}
    for segment in segments:
        if segment.role == "CON":
            cue = _nearest(segment, cues)
            if cue is not None:
                cue = nested[cue.first].outer if cue.first in nested else cue
                groups.setdefault(cue, []).append(segment)
    inner_sources = {n.source for n in nested.values()}
    # A Source run over a sentence end or a colon: each part may name a speaker.
    sources = [
        s
        for whole in segments
        if whole.role == "SRC" and whole not in inner_sources
        for s in _pieces(sequence, whole, spans)
        if names_someone(sequence, s)
    ]
    for cue, pieces in groups.items():
        # A reported attribution's source opens what the outer cue's source said.
        begin = min([pieces[0].first, *(n.source.first for n in nested.values() if n.outer == cue)])
        first, last, quoted = _trimmed(sequence, begin, pieces[-1].last)
        if not quoted and cue.last < first:
            last = clause_end(sequence, tagged.labels, last)
        elif not quoted and cue.first > last:
            first = clause_start(
                sequence, tagged.labels, quote_start(sequence, first, cue.first, spans)
            )
        if not quoted and cue.last < last:
            last = subordinate_end(sequence, cue.first, cue.last, last)
        if _words(sequence, first, last) < MIN_CONTENT_WORDS:
            continue
        probabilities = [
            p for piece in pieces for p in tagged.content_probability[piece.first : piece.last + 1]
        ]
        source = _source_of(cue, sources, tagged, spans, cues)
        inner = None if quoted else inner_attribution(sequence, tagged.labels, first, last, cue)
        if inner is not None and inner.content is None:
            # The words are what a reporting clause after them reports: its source speaks.
            cue, source = Segment("CUE", inner.cue, inner.cue), Segment("SRC", *inner.source)
            first, last, _ = _trimmed(sequence, first, inner.source[0] - 1)
            if _words(sequence, first, last) < MIN_CONTENT_WORDS:
                continue
        elif inner is not None and inner.content is not None:
            confidence = sum(probabilities) / len(probabilities)
            found.append(_inner_found(sequence, inner, (inner.content, last), index, confidence))
            last = inner.source[0] - 1
            while last > first and not sequence[last].text[:1].isalnum():
                last -= 1
            if _words(sequence, first, last) < MIN_CONTENT_WORDS:
                continue
        if source is not None and not quoted and first < source.first <= last:
            opening = source_sentence_start(first, source.first, spans)
            if opening > first:
                earlier = said_before(sequence, first, opening, spans)
                confidence = sum(probabilities) / len(probabilities)
                found.extend(_found_before(sequence, earlier, index, confidence))
                # The words of the source's own sentence start after its cue.
                first = cue.last + 1 if opening <= cue.first and cue.last < last else opening
            if _words(sequence, first, last) < MIN_CONTENT_WORDS:
                continue
        if source is not None:
            named = subject_before_cue(sequence, source.first, source.last, cue.first)
            named = named or name_after_comma(sequence, source.first, source.last)
            source = Segment("SRC", *named) if named else source
        source_span = _source_span(sequence, source)
        if cue.first > 0:
            source_span = contracted_subject(sequence[cue.first - 1]) or source_span
        found.append(
            Found(
                start=sequence[first].start,
                end=sequence[last].end,
                quoted=quoted,
                cue=(sequence[cue.first].start, sequence[cue.last].end),
                source=source_span,
                sequence_index=index,
                confidence=sum(probabilities) / len(probabilities),
            )
        )
    return found


def _found_before(
    sequence: list[Token], earlier: Earlier | None, index: int, confidence: float
) -> list[Found]:
    """What source_sentence.said_before found, as a statement of its own, or nothing."""
    if earlier is None or _words(sequence, earlier.first, earlier.last) < MIN_CONTENT_WORDS:
        return []
    return [
        Found(
            start=sequence[earlier.first].start,
            end=sequence[earlier.last].end,
            quoted=False,
            cue=(sequence[earlier.cue[0]].start, sequence[earlier.cue[1]].end),
            source=_source_span(sequence, Segment("SRC", *earlier.subject)),
            sequence_index=index,
            confidence=confidence,
        )
    ]


def _source_span(sequence: list[Token], source: Segment | None) -> tuple[int, int] | None:
    """Where the source is printed: a subject "she's" (sentence_subject) is "she"."""
    if source is None:
        return None
    if source.first == source.last and (pronoun := contracted_subject(sequence[source.first])):
        return pronoun
    return sequence[source.first].start, sequence[source.last].end


def _words(sequence: list[Token], first: int, last: int) -> int:
    """How many words (tokens that open with a letter or digit) tokens FIRST to LAST hold."""
    return sum(1 for token in sequence[first : last + 1] if token.text[:1].isalnum())


def _inner_found(
    sequence: list[Token],
    inner: Inner,
    content: tuple[int, int],
    index: int,
    confidence: float,
) -> Found:
    """What the attribution inside another one's words says (the tokens ``content``), with
    its own cue and source."""
    return Found(
        start=sequence[content[0]].start,
        end=sequence[content[1]].end,
        quoted=False,
        cue=(sequence[inner.cue].start, sequence[inner.cue].end),
        source=(sequence[inner.source[0]].start, sequence[inner.source[1]].end),
        sequence_index=index,
        confidence=confidence,
    )


def _source_of(
    cue: Segment,
    sources: list[Segment],
    tagged: Tagged,
    sentences: list[tuple[int, int]],
    cues: list[Segment] | None = None,
) -> Segment | None:
    """The cue's source: the subject of its sentence when the cue is a participle after a
    comma; else the nearest one in its own sentence, else the subject right before it, else
    the nearest one in the sequence. "Then he cut into Bush, calling him a 'stiff'. 'Vote
    tomorrow,' Trump said.": "calling" is his, not Trump's after it."""
    sequence, labels = tagged.tokens, tagged.labels
    sentence = next((s for s in sentences if s[0] <= cue.first < s[1]), None)
    subject = joined_subject(sequence, sentence[0], cue.first) if sentence else None
    if subject is not None:
        return Segment("SRC", *subject)
    if sentence is not None and hangs_on_comma(sequence, cue.first, through_quote=True):
        # "Mr. Paulson, who …, told investors that …,'' adding that …": the participle is
        # said by whoever said the sentence's verb of saying before it.
        main = next(
            (
                c
                for c in cues or []
                if sentence[0] <= c.first
                and c.last < cue.first
                and sequence[c.first].text.lower() in SAY_VERBS
            ),
            None,
        )
        if main is not None:
            return _source_of(main, sources, tagged, sentences)
    relative = subject_before_relative(sequence, cue.first)
    if relative is not None:
        return Segment("SRC", *relative)
    if sentence is not None:
        within = [s for s in sources if sentence[0] <= s.first and s.last < sentence[1]]
        if within:
            return _named_before_cue(sequence, _nearest(cue, within), cue)
    if not headline(sequence):
        subject = subject_before(sequence, labels, cue.first)
        if subject is None and sentence is not None:
            # "In July, Sammy Aaron, vice chairman of G-III, told Forbes that …": the
            # sentence's own subject before a source tagged in another sentence.
            subject = sentence_subject(sequence, sentence[0], cue.first)
            if subject and any(label != "O" for label in labels[subject[0] : subject[1] + 1]):
                subject = None  # the tagger read it as part of what was said
        if subject:
            return Segment("SRC", *subject)
    return _named_before_cue(sequence, _nearest(cue, sources), cue)


def _named_before_cue(
    sequence: list[Token], source: Segment | None, cue: Segment
) -> Segment | None:
    """The tagger's source, or a name between it and the cue that speaks instead."""
    if source is None or source.last >= cue.first:
        return source
    name = name_before(sequence, source.last, cue.first)
    return Segment("SRC", *name) if name else source


def _as_found(sequence: list[Token], items: list[Recovered], index: int) -> list[Found]:
    """Contents that the rules of completion.py read where the tagger found none; as sure
    as the rules' own precision, so they need no tagger probability."""
    found = []
    for item in items:
        first, last, _ = _trimmed(sequence, *item.content)
        if first > last:
            continue
        found.append(
            Found(
                start=sequence[first].start,
                end=sequence[last].end,
                quoted=False,
                cue=(sequence[item.cue[0]].start, sequence[item.cue[1]].end),
                source=(sequence[item.source[0]].start, sequence[item.source[1]].end)
                if item.source
                else None,
                sequence_index=index,
                confidence=1.0,
            )
        )
    return found
