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
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsmon.models import Evidence, TopicLabel

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
    parts = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words]
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(parts) + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _Compiled:
    scored: tuple[tuple[str, re.Pattern[str], float], ...]
    required: tuple[tuple[re.Pattern[str], ...], ...]
    near: tuple[tuple[str, re.Pattern[str], re.Pattern[str], int], ...]
    exclude: tuple[re.Pattern[str], ...]
    threshold: float


def _compile(rule: TopicRule) -> _Compiled:
    scored = tuple(
        [(p, _pattern(p), 1.0) for p in rule.any] + [(p, _pattern(p), 2.0) for p in rule.strong]
    )
    return _Compiled(
        scored=scored,
        required=tuple(tuple(_pattern(p) for p in group) for group in rule.all),
        near=tuple(
            (f"{a} ~{n.within} {b}", _pattern(a), _pattern(b), n.within)
            for n in rule.near
            for a, b in [n.terms]
        ),
        exclude=tuple(_pattern(p) for p in rule.exclude),
        threshold=rule.threshold,
    )


class Taxonomy:
    """Compiled rules for every topic; ``classify`` is pure and thread-safe."""

    def __init__(self, rules: Mapping[str, TopicRule]) -> None:
        self.rules = dict(rules)
        self._compiled = {topic: _compile(rule) for topic, rule in self.rules.items()}

    def classify(self, title: str, text: str) -> list[TopicLabel]:
        document = f"{title}\n{text}" if title else text
        labels = []
        for topic, rule in self._compiled.items():
            label = _apply(topic, rule, document)
            if label is not None:
                labels.append(label)
        return sorted(labels, key=lambda label: -label.score)


def _apply(topic: str, rule: _Compiled, document: str) -> TopicLabel | None:
    if any(pattern.search(document) for pattern in rule.exclude):
        return None
    if not all(any(p.search(document) for p in group) for group in rule.required):
        return None
    score = 0.0
    evidence: list[Evidence] = []
    for term, pattern, weight in rule.scored:
        for match in pattern.finditer(document):
            score += weight
            evidence.append(_evidence(term, match.start(), match.end(), document))
    for term, first, second, within in rule.near:
        for start, end in _near(document, first, second, within):
            score += 2.0
            evidence.append(_evidence(term, start, end, document))
    if score < rule.threshold:
        return None
    evidence.sort(key=lambda e: e.start)
    return TopicLabel(topic=topic, score=score, evidence=tuple(evidence[:MAX_EVIDENCE]))


def _near(
    document: str, first: re.Pattern[str], second: re.Pattern[str], within: int
) -> list[tuple[int, int]]:
    """Each match of ``first`` with a match of ``second`` at most ``within`` words away.

    Word counts come from bisecting the word boundaries, not from splitting the
    text between each pair, so a page full of both terms costs O(n log n), not O(n²).
    For each ``first`` match the earliest qualifying ``second`` match is taken.
    """
    words = _WordIndex(document)
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


def _evidence(term: str, start: int, end: int, document: str) -> Evidence:
    left = max(0, start - EXCERPT_CHARS)
    right = min(len(document), end + EXCERPT_CHARS)
    excerpt = " ".join(document[left:right].split())
    return Evidence(term=term, start=start, end=end, excerpt=excerpt)
