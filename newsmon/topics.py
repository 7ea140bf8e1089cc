"""Topic classification by rules people can read and edit in sources.yaml.

A topic's rule, in the spirit of the boolean category rules large news monitors use:

    ceasefire:
      label: Ceasefire
      any: [ceasefire, cease-fire, truce, "halt* to the fighting"]   # each match scores 1
      strong: [ceasefire agreement]                                 # each match scores 2
      all: [[Russia, Ukraine, Kyiv, Moscow]]    # every group must match at least once
      near: [{terms: [halt, fighting], within: 5}]   # both terms within 5 words: scores 2
      exclude: [ceasefire in Gaza]              # any match vetoes the topic
      threshold: 2                              # score needed for the label

Phrases match whole words, case-insensitively; a trailing ``*`` matches any
ending ("negotiat*"). Every label carries its evidence: which term matched where.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsmon.models import (
    TOPICS_FROM_ARTICLE,
    TOPICS_FROM_STATEMENT,
    Evidence,
    StatementTopics,
    TopicLabel,
)
from newsmon.statements.sentences import sentences
from newsmon.statements.vocabulary import OTHER_CASES, any_case

EXCERPT_CHARS = 40
MAX_EVIDENCE = 8


class Proximity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: tuple[str, str]
    within: int = Field(8, ge=1, le=50, description="words between the two terms, at most")


class TopicRule(BaseModel):
    """One topic's rule as written in sources.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = ""
    any: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    all: tuple[tuple[str, ...], ...] = ()
    near: tuple[Proximity, ...] = ()
    exclude: tuple[str, ...] = ()
    threshold: float = Field(1.0, gt=0)

    @field_validator("any", "strong", "exclude")
    @classmethod
    def _phrases(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        for phrase in phrases:
            _check_phrase(phrase)
        return phrases

    @field_validator("all")
    @classmethod
    def _groups(cls, groups: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        for group in groups:
            if not group:
                raise ValueError("an `all` group is empty; list at least one phrase in it")
            for phrase in group:
                _check_phrase(phrase)
        return groups

    @model_validator(mode="after")
    def _can_score(self) -> TopicRule:
        if not (self.any or self.strong or self.near):
            raise ValueError("the rule has nothing to score: give `any`, `strong` or `near`")
        return self


def _check_phrase(phrase: str) -> None:
    if not phrase.strip():
        raise ValueError("empty phrase")
    if "*" in phrase.rstrip("*"):
        raise ValueError(f"{phrase!r}: `*` may only end a phrase (as in negotiat*)")


def _pattern(phrase: str) -> re.Pattern[str]:
    words = phrase.strip().split()
    # Each letter as the class of what it matches case-insensitively (``any_case``), not
    # re.IGNORECASE: re skips ahead to where a pattern's opening class occurs, while an
    # ignore-case letter is compared with the lower case of every character of the text
    # (analyse 92.4M -> 87.9M instructions a page; the same spans on all corpus pages).
    parts = [
        "".join(map(any_case, w.rstrip("*"))) + (r"\w*" if w.endswith("*") else "") for w in words
    ]
    first = words[0].rstrip("*")
    if first:
        # "(?<!\w)ceasefire" and "c(?<!\w.)easefire" match the same spans, but a pattern that
        # opens with a character lets re skip ahead to where that character occurs instead
        # of trying the look-behind at every position: 3x faster over an article.
        head = any_case(first[0])
        parts[0] = head + r"(?<!\w.)" + parts[0][len(head) :]
        return re.compile(r"[\s\-]+".join(parts) + r"(?!\w)")
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(parts) + r"(?!\w)")


@dataclass(frozen=True)
class _Compiled:
    scored: tuple[tuple[str, re.Pattern[str], float], ...]
    required: tuple[tuple[re.Pattern[str], ...], ...]
    near: tuple[tuple[str, re.Pattern[str], re.Pattern[str], int], ...]
    exclude: tuple[re.Pattern[str], ...]
    threshold: float
    # Each pattern's words in lower case, those of ASCII: every match holds them all.
    words: Mapping[re.Pattern[str], tuple[str, ...]]

    def may_match(self, pattern: re.Pattern[str], folded: str | None) -> bool:
        """False when the pattern cannot match the text ``_folded`` gave FOLDED for: one of
        its words is missing. str's search for a word takes a fraction of re's scan."""
        return folded is None or all(word in folded for word in self.words[pattern])


def _compile(rule: TopicRule) -> _Compiled:
    words: dict[re.Pattern[str], tuple[str, ...]] = {}

    def compiled(phrase: str) -> re.Pattern[str]:
        pattern = _pattern(phrase)
        lowered = (word.rstrip("*").lower() for word in phrase.split())
        words[pattern] = tuple(word for word in lowered if word and word.isascii())
        return pattern

    scored = tuple(
        [(p, compiled(p), 1.0) for p in rule.any] + [(p, compiled(p), 2.0) for p in rule.strong]
    )
    return _Compiled(
        scored=scored,
        required=tuple(tuple(compiled(p) for p in group) for group in rule.all),
        near=tuple(
            (f"{a} ~{n.within} {b}", compiled(a), compiled(b), n.within)
            for n in rule.near
            for a, b in [n.terms]
        ),
        exclude=tuple(compiled(p) for p in rule.exclude),
        threshold=rule.threshold,
        words=words,
    )


def _folded(text: str) -> str | None:
    """TEXT in lower case, which holds a pattern's ASCII words in lower case wherever the
    pattern matches TEXT; None when TEXT holds a character that re equates with an ASCII
    letter and lower() does not fold to it (the dotted and dotless i, the long s, ...)."""
    return None if any(char in text for char in OTHER_CASES) else text.lower()


class Taxonomy:
    """Compiled rules for every topic; ``classify`` is pure and thread-safe."""

    def __init__(self, rules: Mapping[str, TopicRule]) -> None:
        self.rules = dict(rules)
        self._compiled = {topic: _compile(rule) for topic, rule in self.rules.items()}

    def classify(self, title: str, text: str) -> list[TopicLabel]:
        document = f"{title}\n{text}" if title else text
        labels = []
        # Most topics require the same places (Russia*, Moscow, Kremlin ...): search the
        # document for each required phrase once, not once a topic.
        found: dict[re.Pattern[str], bool] = {}
        folded = _folded(document)
        for topic, rule in self._compiled.items():
            label = _apply(topic, rule, document, folded, found)
            if label is not None:
                labels.append(label)
        return sorted(labels, key=lambda label: -label.score)

    def label_statements(
        self,
        text: str,
        spans_of: Sequence[Sequence[tuple[int, int]]],
        article_labels: Sequence[TopicLabel],
    ) -> list[StatementTopics]:
        """Each statement's topics: those of the article whose terms occur in its sentences.

        ``spans_of`` holds each statement's (start, end) ranges in TEXT. Its window is every
        sentence one of its spans overlaps, which holds the quote and its attribution. Only
        the article's topics are candidates: the whole text already passed each rule's
        context groups and exclusions, which one sentence rarely can; inside the window
        one matching term is enough. A statement whose window names none of them falls
        back to the article's topics, marked as such.
        """
        sentences_of = SentenceIndex(text if any(spans_of) else "")
        return [
            self._label_statement(text, sentences_of.windows(spans), article_labels)
            for spans in spans_of
        ]

    def _label_statement(
        self, text: str, windows: list[tuple[int, int]], article_labels: Sequence[TopicLabel]
    ) -> StatementTopics:
        labels = []
        folded = [(lo, hi, _folded(text[lo:hi])) for lo, hi in windows] if article_labels else []
        for article_label in article_labels:
            rule = self._compiled.get(article_label.topic)
            if rule is None:
                continue
            score, evidence = _score(rule, text, folded)
            if score > 0:
                labels.append(TopicLabel(article_label.topic, score, evidence))
        if labels:
            ranked = sorted(labels, key=lambda label: -label.score)
            return StatementTopics(tuple(ranked), TOPICS_FROM_STATEMENT)
        return StatementTopics(tuple(article_labels), TOPICS_FROM_ARTICLE)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every sentence of TEXT, in order."""
    return [(start, start + len(sentence)) for start, sentence in sentences(text)]


class SentenceIndex:
    """The sentences of one text, found by the spans that overlap them in O(log n) each:
    testing every sentence for every statement cost a hostile page's 589 statements and
    843 sentences 0.2 s (issue #22)."""

    def __init__(self, text: str) -> None:
        self.bounds = sentence_bounds(text)  # in text order, one after another
        self._starts = [start for start, _ in self.bounds]
        self._ends = [end for _, end in self.bounds]

    def windows(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """The sentences that one of SPANS overlaps, in text order."""
        chosen: set[int] = set()
        for lo, hi in spans:
            chosen.update(range(bisect_right(self._ends, lo), bisect_left(self._starts, hi)))
        return [self.bounds[index] for index in sorted(chosen)]


def _apply(
    topic: str,
    rule: _Compiled,
    document: str,
    folded: str | None,
    found: dict[re.Pattern[str], bool],
) -> TopicLabel | None:
    """The topic's label for DOCUMENT (FOLDED: its ``_folded``), if its rule holds; FOUND
    remembers, for the document, whether each required phrase was found (compiled patterns
    compare equal by their source and flags, so a phrase repeated across topics is one key)."""
    if any(rule.may_match(p, folded) and p.search(document) for p in rule.exclude):
        return None
    for group in rule.required:
        if not any(_found(rule, pattern, document, folded, found) for pattern in group):
            return None
    score, evidence = _score(rule, document, [(0, len(document), folded)])
    if score < rule.threshold:
        return None
    return TopicLabel(topic=topic, score=score, evidence=evidence)


def _found(
    rule: _Compiled,
    pattern: re.Pattern[str],
    document: str,
    folded: str | None,
    found: dict[re.Pattern[str], bool],
) -> bool:
    if pattern not in found:
        found[pattern] = rule.may_match(pattern, folded) and bool(pattern.search(document))
    return found[pattern]


def _score(
    rule: _Compiled, document: str, windows: Sequence[tuple[int, int, str | None]]
) -> tuple[float, tuple[Evidence, ...]]:
    """The rule's scored terms found inside WINDOWS of DOCUMENT, and their evidence; each
    window comes with its text's ``_folded``."""
    score = 0.0
    evidence: list[Evidence] = []
    for lo, hi, folded in windows:
        part = document[lo:hi]
        for term, pattern, weight in rule.scored:
            if not rule.may_match(pattern, folded):
                continue
            for match in pattern.finditer(part):
                score += weight
                evidence.append(_evidence(term, lo + match.start(), lo + match.end(), document))
        for term, first, second, within in rule.near:
            if not (rule.may_match(first, folded) and rule.may_match(second, folded)):
                continue
            for start, end in _near(part, first, second, within):
                score += 2.0
                evidence.append(_evidence(term, lo + start, lo + end, document))
    return score, _distinct(evidence, MAX_EVIDENCE)


def _distinct(evidence: list[Evidence], limit: int) -> tuple[Evidence, ...]:
    """The first LIMIT of the evidence in text order, leaving out a match inside one already
    kept ("ceasefire" in "ceasefire agreement") and a second match that would show the same
    excerpt. Past LIMIT nothing more is compared: each match was compared with every one
    kept, which a hostile page's thousands of matches made 0.5 s (issue #22)."""
    kept: list[Evidence] = []
    excerpts: set[str] = set()
    for found in sorted(evidence, key=lambda e: (e.start, -e.end)):
        if len(kept) == limit:
            break
        inside = any(k.start <= found.start and found.end <= k.end for k in kept)
        if inside or found.excerpt in excerpts:
            continue
        kept.append(found)
        excerpts.add(found.excerpt)
    return tuple(kept)


def _near(
    document: str, first: re.Pattern[str], second: re.Pattern[str], within: int
) -> list[tuple[int, int]]:
    """Each match of ``first`` with a match of ``second`` at most ``within`` words away.

    Word counts come from bisecting the word boundaries, not from splitting the
    text between each pair, so a page full of both terms costs O(n log n), not O(n²).
    For each ``first`` match the earliest qualifying ``second`` match is taken.
    """
    words = _word_index(document)
    seconds = [(m.start(), m.end()) for m in second.finditer(document)]
    starts = [start for start, _ in seconds]
    ends = [end for _, end in seconds]
    spans = []
    for a in first.finditer(document):
        a_start, a_end = a.span()
        # Seconds that end before ``a`` starts: the word gap only shrinks as they get
        # closer, so the earliest close enough one is found by binary search.
        before = bisect_right(ends, a_start, hi=bisect_left(starts, a_start))
        lo, hi = 0, before
        while lo < hi:
            mid = (lo + hi) // 2
            if words.count(ends[mid], a_start) <= within:
                hi = mid
            else:
                lo = mid + 1
        if lo < before:
            spans.append((starts[lo], a_end))
            continue
        # Otherwise the nearest second that starts after ``a`` ends, if close enough.
        after = bisect_left(starts, a_end)
        if after < len(starts) and words.count(a_end, starts[after]) <= within:
            spans.append((a_start, ends[after]))
    return spans


_NON_SPACE = re.compile(r"\S+")


class _WordIndex:
    """Counts the whitespace-separated words in any slice of one text in O(log n)."""

    def __init__(self, text: str) -> None:
        runs = [m.span() for m in _NON_SPACE.finditer(text)]
        self._starts = [start for start, _ in runs]
        self._ends = [end for _, end in runs]

    def count(self, lo: int, hi: int) -> int:
        """``len(text[lo:hi].split())`` for ``lo <= hi``: the words that overlap the slice."""
        return bisect_left(self._starts, hi) - bisect_right(self._ends, lo)


# Every ``near`` rule of every topic reads the same document: its words are indexed once,
# not once a rule (five times, 0.15 s of CPU for a hostile page's 80,000 words).
_word_index = lru_cache(maxsize=1)(_WordIndex)


def _evidence(term: str, start: int, end: int, document: str) -> Evidence:
    """The match with about EXCERPT_CHARS either side, cut between words, never inside one;
    an ellipsis marks a side that was cut."""
    left = max(0, start - EXCERPT_CHARS)
    if left > 0 and not document[left - 1].isspace():
        cut_word = _NON_SPACE.match(document, left)  # drop what is left of it
        left = min(cut_word.end(), start) if cut_word else left
    right = min(len(document), end + EXCERPT_CHARS)
    if right < len(document) and not document[right].isspace():
        cut = document.rfind(" ", end, right)
        right = cut if cut >= end else right
    excerpt = " ".join(document[left:right].split())
    if left > 0:
        excerpt = "… " + excerpt
    if right < len(document):
        excerpt += " …"
    return Evidence(term=term, start=start, end=end, excerpt=excerpt)
