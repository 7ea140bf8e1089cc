"""Attributions inside attributions: which cue a Content piece belongs to when one
attribution is what another reports.

"A poll found voters favored the plan": the tagger reads two attributions, "voters favored"
and "A poll found", and pairing each Content piece with its nearest cue gives the words to
"voters". What was reported is the whole inner attribution, so its pieces belong to the
outer cue, and its source is part of what was said.

The other way round, the words of a cue that says nothing ("will interview", "would
bolster") may run over an attribution the tagger did not see ("… Dave Gorab said it is …"):
what follows that verb of saying is its subject's (inner_attribution).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from newsmon.statements.completion import subject_before
from newsmon.statements.vocabulary import reporting_verbs, saying_words, word_set

if TYPE_CHECKING:
    from newsmon.statements.learned import Segment
    from newsmon.statements.tagger import Token

# Between a verb of saying and the source of the attribution it reports: "found that
# voters favored …".
_COMPLEMENTIZERS = frozenset(["that"])


class Nested(NamedTuple):
    outer: Segment  # the cue whose Content the inner attribution is
    source: Segment  # the inner attribution's source, where the outer Content starts


def nested_cues(
    sequence: list[Token], segments: list[Segment], sentences: list[tuple[int, int]]
) -> dict[int, Nested]:
    """Per inner cue (by its first token), the cue that reports it: a cue right after its
    own Source and followed, in its sentence and with no Content of its own in between, by
    a Source and then another cue. A cue with no Source before it ('"…," said Ann Lee, who
    urged …') has its Source after it: that one is not the start of an inner attribution."""
    found: dict[int, Nested] = {}
    for position, segment in enumerate(segments[:-2]):
        if segment.role != "CUE" or position == 0:
            continue
        own = segments[position - 1]
        if own.role != "SRC" or own.last + 1 != segment.first:
            continue
        source, inner = segments[position + 1], segments[position + 2]
        if source.role != "SRC" or inner.role != "CUE":
            continue
        # "the deal reached last week knocked out …": a time is no one who speaks.
        if sequence[source.first].text.lower() in word_set("not_subjects"):
            continue
        between = sequence[segment.last + 1 : source.first]
        if any(token.text.lower() not in _COMPLEMENTIZERS for token in between):
            continue
        if sequence[source.last + 1 : inner.first]:
            continue
        if not any(begin <= segment.first and inner.last < end for begin, end in sentences):
            continue
        # "X said a poll found voters favored …": the outermost cue reports them all.
        found[inner.first] = found.get(segment.first, Nested(segment, source))
    _within_content(sequence, segments, sentences, found)
    _reported_after(sequence, segments, sentences, found)
    return found


def _reported_after(
    sequence: list[Token],
    segments: list[Segment],
    sentences: list[tuple[int, int]],
    found: dict[int, Nested],
) -> None:
    """Add the cue of an attribution that a reporting clause closing its sentence reports:
    "Voters oppose the plan, a new poll finds." is what the poll found."""
    for position in range(4, len(segments)):
        inner_source, inner, content, source, outer = segments[position - 4 : position + 1]
        roles = (inner_source.role, inner.role, content.role, source.role, outer.role)
        if roles != ("SRC", "CUE", "CON", "SRC", "CUE") or inner.first in found:
            continue
        if inner_source.last + 1 != inner.first or source.last + 1 != outer.first:
            continue
        # The tagger may take the comma into the source: "…, a new poll finds."
        named = next(
            (i for i in range(source.first, source.last + 1) if sequence[i].text[:1].isalnum()),
            source.last + 1,
        )
        if [t.text for t in sequence[content.last + 1 : named]] != [","]:
            continue
        sentence = next((s for s in sentences if s[0] <= inner_source.first < s[1]), None)
        if sentence is None or not outer.last < sentence[1]:
            continue
        # The reporting clause closes its sentence, or an apposition follows it.
        after = sequence[outer.last + 1 : sentence[1]]
        if after and after[0].text != "," and any(t.text[:1].isalnum() for t in after):
            continue
        found[inner.first] = Nested(outer, inner_source)


_QUOTE_MARKS = frozenset(['"', "“", "”", "''", "``", "«", "»"])


def _within_content(
    sequence: list[Token],
    segments: list[Segment],
    sentences: list[tuple[int, int]],
    found: dict[int, Nested],
) -> None:
    """Add the cues of a clause inside another cue's unquoted Content: "the group said the
    ruling contradicted an affidavit that she said …": "she said" is part of what the
    group said, so the words after it are the group's as well."""
    for position, inner in enumerate(segments):
        if inner.role != "CUE" or position < 3 or inner.first in found:
            continue
        source = segments[position - 1]
        if source.role != "SRC" or source.last + 1 != inner.first or source.first == 0:
            continue
        if sequence[source.first - 1].text.lower() not in _COMPLEMENTIZERS:
            continue
        sentence = next((s for s in sentences if s[0] <= source.first < s[1]), None)
        if sentence is None:
            continue
        content = segments[position - 2]
        outer = segments[position - 3]
        if content.role != "CON" or outer.role != "CUE" or outer.first < sentence[0]:
            continue
        if any(t.text in _QUOTE_MARKS for t in sequence[outer.first : inner.first]):
            continue
        found[inner.first] = found.get(outer.first, Nested(outer, source))


class Inner(NamedTuple):
    """A reported attribution the tagger did not see inside another one's words."""

    source: tuple[int, int]  # token range of its subject
    cue: int  # its verb of saying
    content: int | None  # where what it says opens; None: it reports the words before it


# "X said (that) …", "X told reporters that …": between the verb and the clause it opens.
_OPENERS = frozenset(["that", ":", ",", '"', "“"])
_SENTENCE_ENDS = frozenset([".", "!", "?"])
# "…, The Washington Post reported in 1991.": at most this many words after a reporting
# clause that closes the words of a cue that says nothing.
MAX_AFTER_REPORTING = 3
# How far ahead a question mark may close the sentence of a verb of saying, in tokens.
MAX_QUESTION = 60
_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "their", "its", "our", "some"])


def inner_attribution(
    sequence: list[Token], labels: list[str], first: int, last: int, cue: Segment
) -> Inner | None:
    """A verb of saying with a subject inside the words ``first`` to ``last`` of a cue that
    says nothing ("will interview", "would bolster"): in "The show will interview guests.
    Its host Dave Gorab said it is the news show of record." what follows "said" is Gorab's,
    not the show's. Or, after any cue, a reporting clause that closes the words: "She
    pledged to act, the Orlando Sentinel reported." is what the Sentinel reported."""
    saying, verbs = _saying_words()
    says = any(token.text.lower() in saying for token in sequence[cue.first : cue.last + 1])
    # The tagger may have marked the subject as Content, or as a Source it found no cue for:
    # read the words as untagged.
    unlabelled = ["O"] * len(labels)
    # After a verb of saying, only a reporting clause at the end is another attribution.
    for at in range(max(first + 1, last - MAX_AFTER_REPORTING) if says else first + 1, last + 1):
        # Lower case only: "If I Would Have Told Hillary …" is a headline's capitals.
        if sequence[at].text not in verbs:
            continue
        subject = subject_before(sequence, unlabelled, at)
        if subject is None or subject[0] <= first:
            continue
        if all(t.text.lower() in _DETERMINERS for t in sequence[subject[0] : subject[1] + 1]):
            continue  # "As an added benefit": no one adds
        if _asks(sequence, at):
            continue  # "What does this say about …?" is no attribution
        # "…, the Orlando Sentinel reported.": a reporting clause closing the sentence of the
        # words ("Later in the day, the FBI said" opens a sentence of its own).
        closing = at + MAX_AFTER_REPORTING >= last and _after_comma(sequence, subject[0])
        if closing and not any(t.text in _SENTENCE_ENDS for t in sequence[first : subject[0]]):
            return Inner(subject, at, None)
        if at >= last - 1 or says:
            continue
        opens = at + 1
        while opens < last and sequence[opens].text.lower() in _OPENERS:
            opens += 1
        return Inner(subject, at, opens)
    return None


def _after_comma(sequence: list[Token], at: int) -> bool:
    """Whether the token ``at`` follows a comma, perhaps with a closing quote between."""
    before = [t.text for t in sequence[max(0, at - 2) : at]]
    return bool(before) and (
        before[-1] == "," or before[-2:] == [",", "”"] or before[-2:] == [",", '"']
    )


def _asks(sequence: list[Token], at: int) -> bool:
    """Whether the sentence around the token ``at`` is a question (looking no further than
    MAX_QUESTION tokens ahead, so a text with no sentence end costs no more per verb)."""
    ahead = sequence[at : at + MAX_QUESTION]
    end = next((t.text for t in ahead if t.text in _SENTENCE_ENDS), "")
    return end == "?"


@cache
def _saying_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words that make a cue one of saying (any cue vocabulary), and the verbs that open an
    attribution inside another one's words (vocabulary.reporting_verbs)."""
    return saying_words(), reporting_verbs()
