"""Statement identity: normalised words, blocking keys, and "the same statement" test.

The store calls these to decide whether a statement is new; extraction calls them to merge
a quote restated later in the same article.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from newsmon.statements.vocabulary import word_set
from newsmon.text import fold_quotes

_BRACKETED = re.compile(r"\s*(?:\([^()]{0,80}\)|\[[^\[\]]{0,80}\])")


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
    return [
        w
        for w in normalise_statement(text).split()
        if w not in word_set("stopwords") and len(w) > 2
    ]


def statement_keys(text: str) -> list[str]:
    """Blocking keys: the rarest-looking content words (longest first), single and paired.

    A rewrite keeps most content words, so two statements that ``same_statement``
    accepts share at least one key.
    """
    words = sorted(set(_content_words(text)), key=lambda w: (-len(w), w))[:6]
    keys = [f"w:{w}" for w in words]
    keys += [
        f"p:{a}|{b}" for i, a in enumerate(sorted(words[:4])) for b in sorted(words[:4])[i + 1 :]
    ]
    return keys or [f"t:{normalise_statement(text)[:190]}"]


def same_statement(a: str, b: str) -> bool:
    """Same words, a rewrite, a partial quote of the other, or a re-translation."""
    na, nb = normalise_statement(a), normalise_statement(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    qa, qb = _quoted_fragments(a), _quoted_fragments(b)
    if qa and qb and {q for q in qa if len(q) > 8} == {q for q in qb if len(q) > 8} != set():
        return True
    shorter, longer = sorted((na, nb), key=len)
    if len(shorter.split()) >= 5 and shorter in longer:
        return True
    wa, wb = set(_content_words(a)), set(_content_words(b))
    if len(wa) < 3 or len(wb) < 3:
        return False
    overlap = len(wa & wb) / min(len(wa), len(wb))
    jaccard = len(wa & wb) / len(wa | wb)
    # Word order changes under re-translation; the set of content words barely does.
    # A changed object ("on grain corridors" / "on energy infrastructure") is a new statement.
    return (overlap >= 0.9 and jaccard >= 0.7) or fuzz.token_sort_ratio(na, nb) >= 95
