"""A CRF sequence tagger for attributions: Source, Cue and Content tokens (BIO).

Trained on PolNeAR's train split by ``python -m eval.attribution.train``; the model ships as
package data (``newsmon/data/attribution.crfsuite``). Tagging is linear in the text: each
sequence is at most ``MAX_SEQUENCE`` tokens and features look at a fixed window.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from newsmon.statements.vocabulary import word_set

MODEL_PACKAGE = "newsmon.data"
MODEL_FILE = "attribution.crfsuite"
# Long enough for a paragraph of news; a hostile run-on text is cut into pieces of this size.
MAX_SEQUENCE = 160
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|''|``|[^\w\s]")
_OPENING = frozenset("“«„")
_CLOSING = frozenset("”»")
_STRAIGHT = frozenset(['"', "''", "``"])
_SENTENCE_END = frozenset(".!?")
_PRONOUNS = frozenset(["he", "she", "they", "i", "we", "it", "you"])


class ModelMissingError(FileNotFoundError):
    """The tagger's model is not in the installed package."""


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), *m.span()) for m in _TOKEN.finditer(text)]


def sequences(text: str, found: list[Token]) -> Iterator[tuple[int, int]]:
    """[start, end) token ranges: a paragraph, cut at sentence ends to fit MAX_SEQUENCE.

    A paragraph break is a newline between two tokens. Long paragraphs are cut after the
    last sentence end that keeps the piece within MAX_SEQUENCE, or hard at MAX_SEQUENCE.
    """
    begin = 0
    last_end = -1
    for index in range(len(found)):
        if index > begin and "\n" in text[found[index - 1].end : found[index].start]:
            yield begin, index
            begin, last_end = index, -1
        if index - begin >= MAX_SEQUENCE:
            cut = last_end + 1 if last_end > begin else index
            yield begin, cut
            begin, last_end = cut, -1
        if found[index].text in _SENTENCE_END:
            last_end = index
    if begin < len(found):
        yield begin, len(found)


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isupper():
        return "X" if len(word) > 1 else "X1"
    if word[:1].isupper():
        return "Xx"
    if word.isalpha():
        return "x"
    return "p"


@lru_cache(maxsize=65536)
def _word(text: str) -> tuple[str, str, bool, tuple[str, ...], tuple[str, ...]]:
    """A token's own features and the ones it lends its neighbours, computed once per word."""
    word = text.lower()
    shape = _shape(text)
    cue = word in word_set("cue_words")
    own = ("w=" + word, "s=" + word[-3:], "sh=" + shape, "cue=" + str(cue))
    lent: list[str] = []
    for offset in ("-2", "-1", "1", "2"):
        lent.append(offset + "w=" + word)
        lent.append(offset + "sh=" + shape)
    return word, shape, cue, own, tuple(lent)


def features(sequence: list[Token]) -> list[list[str]]:
    """Per-token features: the word, its shape, quote state, nearby words and cue words.

    Every feature looks at a window of fixed size or at a running count, so the cost is
    linear in the sequence.
    """
    described = [_word(t.text) for t in sequence]
    words = [d[0] for d in described]
    is_cue = [d[2] for d in described]
    inside = _inside_quotes(words)
    n = len(sequence)
    # Distance to the nearest cue word before and after each token, in one pass each way.
    before = [99] * n
    after = [99] * n
    last = -99
    for i in range(n):
        if is_cue[i]:
            last = i
        before[i] = min(i - last, 99)
    nxt = 10**6
    for i in range(n - 1, -1, -1):
        if is_cue[i]:
            nxt = i
        after[i] = min(nxt - i, 99)
    has_quote = "hq=" + str(any(inside))
    rows = []
    since_stop = 0  # tokens since the last sentence end: where in its sentence a token is
    for i in range(n):
        w = words[i]
        quote_state = str(inside[i])
        cue_before, cue_after = _bucket(before[i]), _bucket(after[i])
        row = [
            "b",
            *described[i][3],
            "q=" + quote_state,
            "cb=" + cue_before,
            "ca=" + cue_after,
            "qb=" + quote_state + cue_before,
            "qa=" + quote_state + cue_after,
            "sp=" + _bucket(since_stop),
            has_quote,
        ]
        if w in _PRONOUNS:
            row.append("pron")
        if i == 0:
            row.append("BOS")
        elif i == n - 1:
            row.append("EOS")
        for slot, offset in enumerate((-2, -1, 1, 2)):
            j = i + offset
            if 0 <= j < n:
                lent = described[j][4]
                row.append(lent[2 * slot])
                row.append(lent[2 * slot + 1])
                if is_cue[j]:
                    row.append(f"{offset}cue")
        if i > 0:
            row.append(f"bi={words[i - 1]}|{w}")
        rows.append(row)
        since_stop = 0 if w in _SENTENCE_END else since_stop + 1
    return rows


def _bucket(distance: int) -> str:
    if distance <= 3:
        return str(distance)
    if distance <= 6:
        return "4-6"
    if distance <= 12:
        return "7-12"
    return "far"


def _inside_quotes(words: list[str]) -> list[int]:
    """1 inside a quotation, 2 on a quote mark, 0 outside; a paragraph resets the state."""
    state = 0
    marks = []
    for w in words:
        if w in _OPENING:
            state = 1
            marks.append(2)
        elif w in _CLOSING:
            state = 0
            marks.append(2)
        elif w in _STRAIGHT:
            state = 1 - state
            marks.append(2)
        else:
            marks.append(state)
    return marks


@cache
def _tagger() -> object:
    import pycrfsuite

    override = os.environ.get("NEWSMON_ATTRIBUTION_MODEL")
    if override:  # a model under evaluation (eval/attribution/train.py --holdout)
        tagger = pycrfsuite.Tagger()
        tagger.open(override)
        return tagger
    resource = resources.files(MODEL_PACKAGE).joinpath(MODEL_FILE)
    if not resource.is_file():
        raise ModelMissingError(
            f"newsmon/data/{MODEL_FILE} is missing: run `python -m eval.attribution.train` "
            "to build it, or reinstall newsmon"
        )
    with resources.as_file(resource) as path:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
    return tagger


@dataclass(frozen=True)
class Tagged:
    """One sequence with its labels and, per token, how sure the tagger is of Content."""

    tokens: list[Token]
    labels: list[str]
    content_probability: list[float]


def tag(text: str) -> list[Tagged]:
    """Each sequence of the text with its predicted labels."""
    found = tokens(text)
    tagger = _tagger()
    out = []
    for begin, end in sequences(text, found):
        sequence = found[begin:end]
        labels = list(tagger.tag(features(sequence)))  # type: ignore[attr-defined]
        probability = [
            tagger.marginal("B-CON", i) + tagger.marginal("I-CON", i)  # type: ignore[attr-defined]
            if label.endswith("CON")
            else 0.0
            for i, label in enumerate(labels)
        ]
        out.append(Tagged(sequence, labels, probability))
    return out
