"""Statement identity: normalised words, blocking keys, and "the same statement" test.

The store calls these to decide whether a statement is new; extraction calls them to merge
a quote restated later in the same article.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from rapidfuzz import fuzz

from newsmon.statements.vocabulary import word_set
from newsmon.text import fold_quotes

# Only the space right before an insertion goes with it: "(?<!\s)" keeps a long run of
# spaces from being tried at each of its positions (quadratic on hostile text).
_BRACKETED = re.compile(r"(?<!\s)\s*(?:\([^()]{0,80}\)|\[[^\[\]]{0,80}\])")


def normalise_statement(text: str) -> str:
    """Words only: Unicode, quotes, case, whitespace and [bracketed insertions] folded."""
    text = fold_quotes(unicodedata.normalize("NFKC", text))
    text = _BRACKETED.sub(" ", text)
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    return " ".join(text.split())


def _quoted_fragments(text: str) -> list[str]:
    folded = fold_quotes(unicodedata.normalize("NFKC", text))
    return [normalise_statement(m) for m in re.findall(r'"([^"]+)"', folded) if m.strip()]


def _content_words(text: str) -> list[str]:
    return _content_of(normalise_statement(text).split())


def _content_of(words: Sequence[str]) -> list[str]:
    stopwords = word_set("stopwords")
    return [w for w in words if w not in stopwords and len(w) > 2]


@dataclass(frozen=True, eq=False)
class StatementForm:
    """What ``same_statement`` compares of one text, worked out once.

    Comparing many statements with each other (an item's new statements, the stored
    ones that share a key) then costs set and string operations per pair, not the
    Unicode folding and regexes of every text again.
    """

    normalised: str
    words: tuple[str, ...]
    word_counts: Counter[str]
    content: frozenset[str]
    quoted: frozenset[str]  # quoted fragments longer than 8 characters


def statement_form(text: str) -> StatementForm:
    normalised = normalise_statement(text)
    words = tuple(normalised.split())
    return StatementForm(
        normalised=normalised,
        words=words,
        word_counts=Counter(words),
        content=frozenset(_content_of(words)),
        quoted=frozenset(q for q in _quoted_fragments(text) if len(q) > 8),
    )


# At most this many earlier statements that share a key are compared with a new one of
# the same article: enough for any real restatement, and a page of hundreds of lines made
# of the same few words costs a fixed amount per line, not one comparison per pair.
COMPARED_PER_STATEMENT = 16

# A window of at least this many consecutive content words always shares a key with
# the text it was cut from: keys are the min-hash word pair of every run of
# _WINNOW consecutive content-word pairs (winnowing), so _WINNOW + 1 words hold a run.
_WINNOW = 3
KEYED_WINDOW = _WINNOW + 1
# A quote whose words lie near-wholly inside another statement is a window of it.
CONTAINED = 0.9
_MIN_CONTAINED_WORDS = 5  # distinct content words; a shorter quote is too generic to join
_MIN_BLOCK = 3  # aligned runs shorter than this are coincidences, not quoting


def statement_keys(text: str) -> list[str]:
    """Blocking keys: the rarest-looking content words (longest first), single and paired,
    and the winnowed pairs of consecutive content words.

    A rewrite keeps most content words, so two statements that ``same_statement``
    accepts share at least one key; a window of ``KEYED_WINDOW`` or more consecutive
    content words shares a winnowed key with every text it was cut from, because
    each run of ``_WINNOW`` pairs picks its key from its own words only.
    """
    content = [w[:60] for w in _content_words(text)]  # every key fits statement_key.key
    words = sorted(set(content), key=lambda w: (-len(w), w))[:6]
    keys = [f"w:{w}" for w in words]
    keys += [
        f"p:{a}|{b}" for i, a in enumerate(sorted(words[:4])) for b in sorted(words[:4])[i + 1 :]
    ]
    keys += _winnowed(content)
    return list(dict.fromkeys(keys)) or [f"t:{normalise_statement(text)[:190]}"]


def _winnowed(content: list[str]) -> list[str]:
    pairs = [f"s:{a}|{b}" for a, b in pairwise(content)]
    ranked = [(zlib.crc32(pair.encode()), pair) for pair in pairs]
    return [min(ranked[i : i + _WINNOW])[1] for i in range(len(ranked) - _WINNOW + 1)]


def contains_statement(longer: str, shorter: str) -> bool:
    """``shorter`` is a window of ``longer``: its words lie near-wholly inside it, in order.

    At least ``CONTAINED`` of the shorter's words must align in runs of three or
    more, and it must hold five distinct content words, so a slogan or a stock
    phrase ("the next president of the United States") never joins two lines.
    """
    return _contains(statement_form(longer), statement_form(shorter))


def _contains(outer_form: StatementForm, inner_form: StatementForm) -> bool:
    """``contains_statement`` on forms already worked out."""
    outer, inner = outer_form.words, inner_form.words
    if len(inner) > len(outer):
        return False
    if len(inner_form.content) < _MIN_CONTAINED_WORDS:
        return False
    inner_counts = inner_form.word_counts
    shared = inner_counts.keys() & outer_form.word_counts.keys()
    if sum(inner_counts[w] for w in shared) < CONTAINED * len(inner):
        return False
    blocks = SequenceMatcher(None, outer, inner, autojunk=False).get_matching_blocks()
    aligned = sum(block.size for block in blocks if block.size >= _MIN_BLOCK)
    return aligned >= CONTAINED * len(inner)


def longer_form(a: str, b: str) -> str:
    """The form of one statement to keep: the one with more words (``a`` on a tie)."""
    return b if len(normalise_statement(b).split()) > len(normalise_statement(a).split()) else a


def same_statement(a: str, b: str) -> bool:
    """Same words, a rewrite, a window of the other, or a re-translation."""
    return same_form(statement_form(a), statement_form(b))


def same_form(a: StatementForm, b: StatementForm) -> bool:
    """``same_statement`` on forms already worked out (see ``statement_form``)."""
    na, nb = a.normalised, b.normalised
    if not na or not nb:
        return False
    if na == nb:
        return True
    if a.quoted and a.quoted == b.quoted:
        return True
    shorter, longer = sorted((na, nb), key=len)
    if len(shorter.split()) >= 5 and shorter in longer:
        return True
    if _contains(a, b) or _contains(b, a):
        return True
    wa, wb = a.content, b.content
    if len(wa) < 3 or len(wb) < 3:
        return False
    overlap = len(wa & wb) / min(len(wa), len(wb))
    jaccard = len(wa & wb) / len(wa | wb)
    # Word order changes under re-translation; the set of content words barely does.
    # A changed object ("on grain corridors" / "on energy infrastructure") is a new statement.
    return (overlap >= 0.9 and jaccard >= 0.7) or fuzz.token_sort_ratio(na, nb) >= 95
