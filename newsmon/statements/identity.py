"""Statement identity: blocking keys and the "same statement" test, on normal words (``normal``).

The store calls these to decide whether a statement is new; extraction calls them to merge
a quote restated later in the same article.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

from newsmon.statements.normal import normalise_statement, quoted_stretches, quoted_words
from newsmon.statements.vocabulary import word_set


def _content_words(text: str) -> list[str]:
    return _content_of(normalise_statement(text).split())


def _content_of(words: Sequence[str]) -> list[str]:
    stopwords = word_set("stopwords")
    return [w for w in words if w not in stopwords and len(w) > 2]


@dataclass(frozen=True, eq=False)
class _Run:
    """A list of normalised words with the sets the window tests ask of it, worked out once:
    the store compares each new statement with hundreds of stored ones sharing a key."""

    words: list[str]
    present: frozenset[str]
    content: frozenset[str]  # ``_content_of``: neither a stopword nor under three letters
    figures: frozenset[str]  # the words holding a digit
    # Fewer content words than this in common with another run, and neither is a window
    # of the other (``_window_of``): see ``_window_floor``.
    window_floor: float
    # Each content word sets one of _BLOOM_BITS bits (little-endian bytes): two runs have
    # at least as many bits in common as content words, and ``FormPool`` counts them at once.
    bloom: bytes


_BLOOM_BITS = 1024


# Reported speech shifts a line's tense back ("China has never provided …" / "Lin said
# China had never provided …"): the same line one word apart, where the alignment's blocks
# of three words cannot bridge a substitution near either end. Each pair is folded to one
# word for the comparisons; they are stopwords, so no key changes.
_BACKSHIFTED = {"had": "has", "have": "has", "was": "is", "were": "are", "would": "will"}


def _run(words: list[str]) -> _Run:
    words = [_BACKSHIFTED.get(word, word) for word in words]
    present = frozenset(words)
    content = frozenset(_content_of(words))
    return _Run(
        words,
        present,
        content,
        frozenset(w for w in present if not w.isalpha() and _DIGIT.search(w)),
        _window_floor(len(words), len(content)),
        # crc32, not hash(): a form pickled to another process keeps its meaning there.
        sum({1 << (zlib.crc32(w.encode()) % _BLOOM_BITS) for w in content}).to_bytes(
            _BLOOM_BITS // 8, "little"
        ),
    )


def _window_floor(words: int, content: int) -> float:
    """The fewest content words a run of WORDS words (CONTENT distinct content words)
    shares with another when ``_window_of`` can join the two through it.

    A shared run holds five common content words. As the inner list of ``_contains_run``,
    each of its content words missing from the outer one is a word missing, and at most
    ``1 - CONTAINED`` of its words may be: so it shares all its content words but that many.
    A run too short for either never joins through itself (the other run's floor decides).
    """
    floor = float(_MIN_CONTAINED_WORDS) if words >= _SHARED_RUN else math.inf
    if words >= _MIN_WINDOW_WORDS and content >= _MIN_CONTAINED_WORDS:
        # The margin keeps the float arithmetic on the accepting side of the bound.
        floor = min(floor, content - (words - CONTAINED * words) - 1e-6)
    return floor


@dataclass(frozen=True, eq=False)
class StatementForm:
    """What ``same_statement`` compares of one text, worked out once.

    Comparing many statements with each other (an item's new statements, the stored
    ones that share a key) then costs list and set operations per pair, not the
    Unicode folding and regexes of every text again.
    """

    normalised: str
    whole: _Run  # all its words
    quoted_run: _Run  # the words inside its quotation marks (``quoted_words``)
    direct: bool = True  # a direct quote, not reported speech (``Statement.kind``)
    # Direct, or reported speech holding a quoted stretch: it carries words as said.
    quoting: bool = True

    @property
    def words(self) -> list[str]:
        return self.whole.words

    @property
    def quoted(self) -> list[str]:
        return self.quoted_run.words

    @property
    def content(self) -> frozenset[str]:
        return self.whole.content


# A store compares each new item's statements with the stored ones sharing a key, and
# the same stored statements come up item after item (real news shares long words such as
# "administration" across thousands of statements): their forms are kept, not redone.
@lru_cache(maxsize=16_384)
def statement_form(text: str, kind: str = "direct") -> StatementForm:
    """The form of TEXT, a statement of KIND ("direct" or "reported", as ``Statement.kind``)."""
    normalised = normalise_statement(text)
    words = normalised.split()
    stretches = quoted_stretches(text)
    quoted = words if stretches is None else stretches.split()
    whole = _run(words)
    direct = kind == "direct"
    return StatementForm(
        normalised,
        whole,
        whole if quoted == words else _run(quoted),
        direct=direct,
        quoting=direct or stretches is not None,
    )


# A window of at least this many consecutive content words always shares a key with
# the text it was cut from: keys are the min-hash word pair of every run of
# _WINNOW consecutive content-word pairs (winnowing), so _WINNOW + 1 words hold a run.
_WINNOW = 3
KEYED_WINDOW = _WINNOW + 1
# A quote whose words lie near-wholly inside another statement is a window of it.
CONTAINED = 0.9
_MIN_CONTAINED_WORDS = 5  # distinct content words; a shorter quote is too generic to join
# A window has at least this many words: five content words in fewer are a name and a
# title ("former Maryland Gov. Martin O'Malley"), which many lines mention.
_MIN_WINDOW_WORDS = 8
_MIN_REWRITE_WORDS = 4  # distinct content words of each side, for a rewrite to join
_MIN_BLOCK = 3  # aligned runs shorter than this are coincidences, not quoting
# The aligned runs lie close together in the longer form: a window is cut from one place,
# not gathered from words scattered over a long reported span.
_SPREAD = 1.5
_SHARED_RUN = 10  # words in a row that two overlapping windows of one line have in common
_DIGIT = re.compile(r"\d")


def statement_keys(text: str) -> list[str]:
    """Blocking keys: the rarest-looking content words (longest first), single and paired,
    and the winnowed pairs of consecutive content words.

    A rewrite keeps most content words, so two statements that ``same_statement``
    accepts share at least one key; a window of ``KEYED_WINDOW`` or more consecutive
    content words shares a winnowed key with every text it was cut from, because
    each run of ``_WINNOW`` pairs picks its key from its own words only.
    """
    return list(statement_key_tuple(text))


# Extraction keys each statement as it finds it, and ``analyse`` hands the keys of its
# final statements on with them (the store would work them out again otherwise): nearly
# all are texts extraction keyed already, so the worker's cache has them. A page's
# statements are what it must hold: 1,024 entries, about 1.5 MB, not a whole pass's.
@lru_cache(maxsize=1024)
def statement_key_tuple(text: str) -> tuple[str, ...]:
    """``statement_keys`` of TEXT, as a tuple kept for the next call with the same text."""
    keys: list[str] = []
    # The quoted words are keyed too: same_statement also judges a statement on them.
    for words in dict.fromkeys((normalise_statement(text), quoted_words(text))):
        content = [w[:60] for w in _content_words(words)]  # every key fits statement_key.key
        if not content and words:
            # Without content words only the whole text can key it: same_statement joins
            # such a text with one whose words (or quoted words) are the same.
            keys.append(f"t:{words[:190]}")
        rarest = sorted(set(content), key=lambda w: (-len(w), w))[:6]
        keys += [f"w:{w}" for w in rarest]
        paired = sorted(rarest[:4])
        keys += [f"p:{a}|{b}" for i, a in enumerate(paired) for b in paired[i + 1 :]]
        keys += _winnowed(content)
    return tuple(dict.fromkeys(keys)) or (f"t:{normalise_statement(text)[:190]}",)


def _winnowed(content: list[str]) -> list[str]:
    pairs = [f"s:{a}|{b}" for a, b in pairwise(content)]
    ranked = [(zlib.crc32(pair.encode()), pair) for pair in pairs]
    return [min(ranked[i : i + _WINNOW])[1] for i in range(len(ranked) - _WINNOW + 1)]


def contains_statement(longer: str, shorter: str) -> bool:
    """``shorter`` is a window of ``longer``: its words lie near-wholly inside it, in order.

    At least ``CONTAINED`` of the shorter's words must align in runs of three or
    more, and it must hold eight words with five distinct content words among them, so
    a slogan, a stock phrase ("the next president of the United States") or a name with
    its title never joins two lines.
    """
    return _contains(normalise_statement(longer).split(), normalise_statement(shorter).split())


def _contains(outer: list[str], inner: list[str]) -> bool:
    """``contains_statement`` on words already normalised."""
    return _contains_run(_run(outer), _run(inner))


def _contains_run(outer: _Run, inner: _Run) -> bool:
    if len(inner.words) > len(outer.words):
        return False
    if len(inner.words) < _MIN_WINDOW_WORDS or len(inner.content) < _MIN_CONTAINED_WORDS:
        return False
    # Each distinct word of the inner list missing from the outer one is at least one word
    # short of CONTAINED: counted from the sets first, the words one by one only if needed.
    wanted = CONTAINED * len(inner.words)
    if len(inner.words) - len(inner.present - outer.present) < wanted:
        return False
    present = outer.present
    if sum(w in present for w in inner.words) < wanted:
        return False
    blocks = [
        block
        for block in SequenceMatcher(
            None, outer.words, inner.words, autojunk=False
        ).get_matching_blocks()
        if block.size >= _MIN_BLOCK
    ]
    aligned = sum(block.size for block in blocks)
    if aligned < CONTAINED * len(inner.words):
        return False
    spread = blocks[-1].a + blocks[-1].size - blocks[0].a
    return spread <= _SPREAD * len(inner.words) + 2


def longer_form(a: str, b: str) -> str:
    """The form of one statement to keep: the one with more words (``a`` on a tie)."""
    return b if len(normalise_statement(b).split()) > len(normalise_statement(a).split()) else a


def same_statement(a: str, b: str, kind_a: str = "direct", kind_b: str = "direct") -> bool:
    """Same words, a rewrite, a window of the other, or a re-translation, judged on all
    the words and again on the quoted words alone (a frame of reported speech around
    a quote, or a long reported span, differs between outlets; the quote does not).
    KIND_A and KIND_B are the statements' kinds ("direct" or "reported")."""
    return same_form(statement_form(a, kind_a), statement_form(b, kind_b))


def same_form(a: StatementForm, b: StatementForm) -> bool:
    """``same_statement`` on forms already worked out (see ``statement_form``).

    A store compares each new statement with hundreds of stored ones sharing a broad key
    ("administration"), nearly all with a word or two in common and no more: each way of
    joining is tried only when the count of common content words allows it.

    Reported speech is each outlet's own wording: two texts sharing a run of words are
    bridged into one line only when both are words as said (two direct quotes, or the
    quoted words of reported speech), and a rewrite joins only two statements that both
    carry words as said (a paraphrase of a proposal and a quote naming it share words,
    not a line).
    """
    na, nb = a.normalised, b.normalised
    if not na or not nb:
        return False
    if na == nb:
        return True
    wa, wb = a.whole, b.whole
    qa, qb = a.quoted_run, b.quoted_run
    as_said = a.quoting and b.quoting  # both carry words as said
    if (qa is not wa or qb is not wb) and (
        qa.words == qb.words or _window_of(qa, qb, len(qa.content & qb.content), as_said)
    ):
        return True
    common = len(wa.content & wb.content)
    if _window_of(wa, wb, common, a.direct and b.direct):
        return True
    if not as_said:
        return False
    # Three content words ("her Wall Street connections") name a topic, not a line: a
    # rewrite of one says nothing about who said what.
    if len(wa.content) < _MIN_REWRITE_WORDS or len(wb.content) < _MIN_REWRITE_WORDS:
        return False
    overlap = common / min(len(wa.content), len(wb.content))
    jaccard = common / (len(wa.content) + len(wb.content) - common)
    # Word order changes under re-translation; the set of content words barely does.
    # A changed object ("on grain corridors" / "on energy infrastructure") is a new statement.
    if overlap >= 0.9 and jaccard >= 0.7:
        return _same_figures(wa, wb)
    # The ratio is 100 * (1 - edits / total length) of the sorted words, which have the
    # lengths of NA and NB: a length gap over 5% of the total cannot reach 95. (The
    # cutoff too only lets rapidfuzz stop early: a ratio under it comes back as 0.)
    if 20 * abs(len(na) - len(nb)) > len(na) + len(nb):
        return False
    return _same_figures(wa, wb) and fuzz.token_sort_ratio(na, nb, score_cutoff=95) >= 95


def _window_of(a: _Run, b: _Run, common: int, bridge: bool) -> bool:
    """One of two normalised word lists is a window of the other, with the same figures,
    or (BRIDGE) the two share a run of one line. COMMON is how many content words they
    share: under either run's ``window_floor``, neither alignment can succeed and none
    is tried."""
    if common < min(a.window_floor, b.window_floor):
        return False
    return _same_figures(a, b) and (
        _contains_run(a, b) or _contains_run(b, a) or (bridge and _shared_run(a, b))
    )


def _shared_run(a: _Run, b: _Run) -> bool:
    """Two outlets cut overlapping windows of one line (one starts earlier, the other
    ends later): they share a run of ``_SHARED_RUN`` words holding five content words.

    One word told differently inside the run ("transform our country" / "transform this
    country") does not break it: two aligned blocks one word apart on both sides are one
    run. A second substitution starts a new run, so lines that merely share a frame
    ("our task is to …") stay apart.
    """
    if len(a.words) < _SHARED_RUN or len(b.words) < _SHARED_RUN:
        return False
    # A shared run's content words are content words of both: fewer than five in common
    # and no run can hold five, so the alignment is not worth computing.
    if len(a.content & b.content) < _MIN_CONTAINED_WORDS:
        return False
    stopwords = word_set("stopwords")
    matcher = SequenceMatcher(None, a.words, b.words, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    start = 0  # the run is blocks[start : end + 1], bridging at most one substituted word
    for end, block in enumerate(blocks):
        if end:
            before = blocks[end - 1]
            gap_a, gap_b = block.a - before.a - before.size, block.b - before.b - before.size
            start = end - 1 if (gap_a, gap_b) == (1, 1) else end
        run = [w for x in blocks[start : end + 1] for w in a.words[x.a : x.a + x.size]]
        if (
            len(run) >= _SHARED_RUN
            and len({w for w in run if w not in stopwords and len(w) > 2}) >= _MIN_CONTAINED_WORDS
        ):
            return True
    return False


def _same_figures(a: _Run, b: _Run) -> bool:
    """The figures of the one with fewer words all appear in the other: "47.3 percent"
    and "2.2 percent" are two statements however many words they share."""
    if len(a.words) == len(b.words):
        return a.figures == b.figures
    return a.figures <= b.present if len(a.words) < len(b.words) else b.figures <= a.present
