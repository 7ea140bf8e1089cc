"""A CRF sequence tagger for attributions: Source, Cue and Content tokens (BIO).

Trained on PolNeAR's train split by ``python -m eval.attribution.train``; the model ships as
package data (``newsmon/data/attribution.crfsuite``). Tagging is linear in the text: each
sequence is at most ``MAX_SEQUENCE`` tokens and features look at a fixed window.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise, repeat
from operator import itemgetter
from typing import NamedTuple

from newsmon.statements.crf_model import known_attributes, known_pairs, word_pair
from newsmon.statements.vocabulary import word_set

MODEL_PACKAGE = "newsmon.data"
MODEL_FILE = "attribution.crfsuite"
# Long enough for a paragraph of news; a hostile run-on text is cut into pieces of this size.
MAX_SEQUENCE = 160
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
# An O token (of a sequence with a cue) that the tagger still thinks Content at least this
# likely becomes Content: the best label sequence often leaves out a clause, or stops one a
# few words short. Train holdout, with reported_confidence 0.4: quote F1 0.718 -> 0.723
# (0.3: 0.722); growing only the runs already labelled gives 0.719. None: as decoded.
CONTENT_MARGINAL: float | None = 0.2

# Above this marginal of O, B-CON and I-CON together stay below CONTENT_MARGINAL.
_SURELY_O = 1 - CONTENT_MARGINAL + 1e-9 if CONTENT_MARGINAL is not None else 1.0

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|''|``|[^\w\s]")
_NEWLINE = re.compile(r"\n")
_OPENING = frozenset("“«„")
_CLOSING = frozenset("”»")
_STRAIGHT = frozenset(['"', "''", "``"])
_SENTENCE_END = frozenset(".!?")
_QUOTE_MARKS = _OPENING | _CLOSING | _STRAIGHT
_PRONOUNS = frozenset(["he", "she", "they", "i", "we", "it", "you"])


class ModelMissingError(FileNotFoundError):
    """The tagger's model is not in the installed package."""


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    # Every step is a map() run in C, none a Python loop per token; tuple.__new__ skips
    # the named tuple's own __new__, a Python call per token.
    matches = list(_TOKEN.finditer(text))
    starts, ends = map(re.Match.start, matches), map(re.Match.end, matches)
    fields = zip(map(re.Match.group, matches), starts, ends, strict=True)
    return list(map(tuple.__new__, repeat(Token), fields))


def sequences(text: str, found: list[Token]) -> Iterator[tuple[int, int]]:
    """[start, end) token ranges: a paragraph, cut at sentence ends to fit MAX_SEQUENCE.

    A paragraph break is a newline between two tokens. Long paragraphs are cut after the
    last sentence end that keeps the piece within MAX_SEQUENCE, or hard at MAX_SEQUENCE.
    """
    # Tokens hold no whitespace, so each newline falls between two tokens (or outside
    # them all): the paragraphs come from the newlines, and only a paragraph too long
    # for one sequence is read token by token.
    starts = [token.start for token in found]
    breaks = {bisect_left(starts, newline.start()) for newline in _NEWLINE.finditer(text)}
    begin = 0
    for end in [*sorted(b for b in breaks if 0 < b < len(found)), len(found)]:
        if end - begin > MAX_SEQUENCE:
            begin = yield from _cut(found, begin, end)
        if begin < end:
            yield begin, end
        begin = end


def _cut(found: list[Token], begin: int, end: int) -> Generator[tuple[int, int], None, int]:
    """The MAX_SEQUENCE pieces of one long paragraph but its last; returns where that starts."""
    last_end = -1
    for index in range(begin, end):
        if index - begin >= MAX_SEQUENCE:
            cut = last_end + 1 if last_end > begin else index
            yield begin, cut
            begin, last_end = cut, -1
        if found[index].text in _SENTENCE_END:
            last_end = index
    return begin


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


_SHAPES = {shape: shape.encode() for shape in ("d", "X", "X1", "Xx", "x", "p")}
_Word = tuple[str, bool, tuple[bytes, ...], tuple[tuple[bytes, ...], ...], tuple[bytes, ...], bytes]


@lru_cache(maxsize=65536)
def _word(text: str) -> _Word:
    """A token's own features and the ones it lends its neighbours, computed once per word.

    What it lends is one tuple per neighbour offset (-2, -1, +1, +2); neighbours two away
    lend only their word: their shape added cost, not accuracy.
    """
    word = text.lower()
    spelt = word.encode()
    shape = _SHAPES[_shape(text)]
    cue = word in word_set("cue_words")
    own = (b"b", b"w=" + spelt, b"s=" + word[-3:].encode(), b"sh=" + shape)
    lent = (
        (b"-2w=" + spelt, b"-2cue") if cue else (b"-2w=" + spelt,),
        (b"-1w=" + spelt, b"-1sh=" + shape, b"-1cue")
        if cue
        else (b"-1w=" + spelt, b"-1sh=" + shape),
        (b"1w=" + spelt, b"1sh=" + shape, b"1cue") if cue else (b"1w=" + spelt, b"1sh=" + shape),
        (b"2w=" + spelt, b"2cue") if cue else (b"2w=" + spelt,),
    )
    pronoun = (b"pron",) if word in _PRONOUNS else ()
    return word, cue, own, lent, pronoun, spelt


def _bucket(distance: int) -> str:
    if distance <= 3:
        return str(distance)
    if distance <= 6:
        return "4-6"
    if distance <= 12:
        return "7-12"
    return "far"


# Feature strings by distance (capped at FAR), built once: features() runs per token.
FAR = 99
_CUE_BEFORE = [[f"qb={state}{_bucket(d)}".encode() for d in range(FAR + 1)] for state in range(3)]
_CUE_AFTER = [[f"qa={state}{_bucket(d)}".encode() for d in range(FAR + 1)] for state in range(3)]
_MARK_DISTANCE = [f"qd={_bucket(d)}".encode() for d in range(FAR + 1)]
_SENTENCE_POSITION = [f"sp={_bucket(d)}".encode() for d in range(FAR + 1)]
_SENTENCE_CUE = (b"sc=False", b"sc=True")
_TEXT = itemgetter(0)  # Token.text, read in C by map()
# A word's lent strings as its neighbours see it: as their word two before, one before, ...
_AS_TWO_BEFORE, _AS_ONE_BEFORE, _AS_ONE_AFTER, _AS_TWO_AFTER = map(itemgetter, range(4))
_HAS_QUOTE = (b"hq=False", b"hq=True")


def features(sequence: list[Token], model: _Model | None = None) -> list[list[bytes]]:
    """Per-token features: the word, its shape, quote state, nearby words and cue words.

    Every feature looks at a window of fixed size or at a running count, so the cost is
    linear in the sequence. Tagging time grows with the number of feature strings per
    token (each is looked up in the model), so each one has to earn its place.

    Built a column at a time, each row the tuples the words lend (cached per word type,
    ``_word``) unpacked into one list: the per-token loop this replaced cost 8.1 CPU ms of
    a page's 22 (bench pages); the rows and their order are the same. The strings are
    bytes, UTF-8 as crfsuite reads them: pycrfsuite encodes every str it is given, 15,000
    a news page. With a MODEL, a row holds only the strings it knows (``_Model``).
    """
    n = len(sequence)
    if not n:
        return []
    describe = model.word if model else _word
    described = map(describe, map(_TEXT, sequence))
    words, is_cue, own, lent, pronoun, spelt = zip(*described, strict=True)
    has_mark = not _QUOTE_MARKS.isdisjoint(words)
    inside = _inside_quotes(words) if has_mark else [0] * n
    before, after = _distances(is_cue)
    if has_mark:
        mark_distance = list(map(min, *_distances([state == 2 for state in inside])))
    else:
        mark_distance = [FAR] * n
    has_quote = _HAS_QUOTE[has_mark]
    # What each token's neighbours lend it, () where there is no such neighbour.
    two_before = [(), (), *map(_AS_TWO_BEFORE, lent[:-2])][:n]
    one_before = [(), *map(_AS_ONE_BEFORE, lent[:-1])][:n]
    one_after = [*map(_AS_ONE_AFTER, lent[1:]), ()]
    two_after = [*map(_AS_TWO_AFTER, lent[2:]), (), ()][-n:] if n > 1 else [()]
    edges: list[tuple[bytes, ...]] = [(b"BOS",)]
    if model and model.bigrams is not None:
        # The word pairs the model knows, looked up by pair: no string is built for the
        # half of a page's pairs it does not know, and the loop runs in C.
        edges += map(model.bigrams.get, pairwise(spelt), repeat(()))
    else:
        edges += [(word_pair(previous, word),) for previous, word in pairwise(spelt)]
    if n > 1:
        edges[-1] = (b"EOS", *edges[-1])
    columns = zip(
        own,
        inside,
        before,
        after,
        mark_distance,
        _sentence_positions(words),
        _sentence_has_cue(words, is_cue),
        pronoun,
        edges,
        two_before,
        one_before,
        one_after,
        two_after,
        strict=True,
    )
    return [
        [
            *mine,
            _CUE_BEFORE[state][cue_before],
            _CUE_AFTER[state][cue_after],
            _MARK_DISTANCE[distance],
            _SENTENCE_POSITION[position],
            _SENTENCE_CUE[cue_in_sentence],
            has_quote,
            *pron,
            *edge,
            *l2,
            *l1,
            *r1,
            *r2,
        ]
        for (
            mine,
            state,
            cue_before,
            cue_after,
            distance,
            position,
            cue_in_sentence,
            pron,
            edge,
            l2,
            l1,
            r1,
            r2,
        ) in columns
    ]


def _distances(flags: Sequence[bool]) -> tuple[list[int], list[int]]:
    """Per token, how far the nearest flagged token is before it and after it (capped)."""
    if not any(flags):
        return [FAR] * len(flags), [FAR] * len(flags)
    return _running_distance(flags), _running_distance(flags[::-1])[::-1]


def _running_distance(flags: Sequence[bool]) -> list[int]:
    found = []
    distance = FAR
    for flag in flags:
        distance = 0 if flag else distance + 1 if distance < FAR else FAR
        found.append(distance)
    return found


def _sentence_positions(words: Sequence[str]) -> list[int]:
    """Per token, how many tokens since the last sentence end (capped at FAR)."""
    found = []
    since_stop = 0
    for word in words:
        found.append(since_stop)
        since_stop = 0 if word in _SENTENCE_END else since_stop + 1 if since_stop < FAR else FAR
    return found


def _sentence_has_cue(words: Sequence[str], is_cue: Sequence[bool]) -> list[bool]:
    """Per token, whether its sentence holds a cue word: content without one is rare."""
    if not any(is_cue):
        return [False] * len(words)
    out: list[bool] = []
    begin = 0
    for i, word in enumerate(words):
        if word in _SENTENCE_END or i == len(words) - 1:
            out.extend([any(is_cue[begin : i + 1])] * (i + 1 - begin))
            begin = i + 1
    return out


def _inside_quotes(words: Sequence[str]) -> list[int]:
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


class _Model:
    """The tagger, with the attribute names its model knows (``crf_model``).

    crfsuite drops a feature string its model does not know when it reads a row, so a row
    without them gets the same labels and marginals; a news page's rows hold about 11%
    such strings (half its word pairs), each copied twice and hashed in C for nothing.
    """

    def __init__(self, path: str) -> None:
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(path)
        self.attributes = known_attributes(path)
        self.bigrams = known_pairs(self.attributes) if self.attributes is not None else None
        # A word's features without the unknown strings, worked out once per word type.
        self.word = lru_cache(maxsize=65536)(self._known_word)

    def _known_word(self, text: str) -> _Word:
        # The uncached _word: this cache holds the word, the training's _word has no use for it.
        word, cue, own, lent, pronoun, spelt = _word.__wrapped__(text)
        if self.attributes is not None:
            known = self.attributes.__contains__  # filter() calls it in C, no generator
            own = tuple(filter(known, own))
            lent = tuple([tuple(filter(known, strings)) for strings in lent])
        return word, cue, own, lent, pronoun, spelt


@cache
def _model() -> _Model:
    override = os.environ.get("NEWSMON_ATTRIBUTION_MODEL")
    if override:  # a model under evaluation (eval/attribution/train.py --holdout)
        return _Model(override)
    resource = resources.files(MODEL_PACKAGE).joinpath(MODEL_FILE)
    if not resource.is_file():
        raise ModelMissingError(
            f"newsmon/data/{MODEL_FILE} is missing: run `python -m eval.attribution.train` "
            "to build it, or reinstall newsmon"
        )
    with resources.as_file(resource) as path:
        return _Model(str(path))


@dataclass(frozen=True)
class Tagged:
    """One sequence with its labels and, per token, how sure the tagger is of Content."""

    tokens: list[Token]
    labels: list[str]
    content_probability: list[float]  # empty when no token is a Cue


def tag(text: str) -> list[Tagged]:
    """Each sequence of the text with its predicted labels."""
    found = tokens(text)
    model = _model()
    tagger = model.tagger
    out = []
    for begin, end in sequences(text, found):
        sequence = found[begin:end]
        labels = list(tagger.tag(features(sequence, model)))
        out.append(Tagged(sequence, labels, _content_probability(tagger, labels)))
    return out


def _content_probability(tagger: object, labels: list[str]) -> list[float]:
    """Per token, the tagger's probability of Content where it labels Content, else 0.

    Content becomes a statement only beside a Cue of its sequence (learned.py), so a
    sequence without one gets none: its first marginal would cost a forward-backward pass
    over the sequence for nothing.
    """
    if "B-CUE" not in labels and "I-CUE" not in labels:
        return []
    marginal = tagger.marginal  # type: ignore[attr-defined]
    probability = [0.0] * len(labels)
    for i, label in enumerate(labels):
        if label.endswith("CON"):
            probability[i] = marginal("B-CON", i) + marginal("I-CON", i)
        elif label == "O" and CONTENT_MARGINAL is not None:
            # A token's marginals sum to 1 (to 1e-14): one this sure of O cannot be Content
            # enough, and one call stands for two (3 in 4 O tokens of a bench page).
            if marginal("O", i) > _SURELY_O:
                continue
            likely = marginal("B-CON", i) + marginal("I-CON", i)
            if likely >= CONTENT_MARGINAL:
                labels[i] = "I-CON" if i and labels[i - 1].endswith("CON") else "B-CON"
                probability[i] = likely
    return probability
