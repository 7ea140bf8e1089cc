"""Property: whenever ``same_statement`` would join a statement with one already stored,
the store finds the stored one among its candidates, so a repeat is never stored as new
and alerted twice.

The store only compares a statement with the stored ones sharing a blocking key
(``statement_keys``), skips the rows of a word key more than ``COMMON_WORD_KEY``
statements share unless the line is keyed by one content word, and rules candidates out
in arrays (``FormPool``) before ``same_form``: each is a way for a repeat to slip through.
The examples are lines and their restatements (windows, shuffled words, a word swapped,
dropped or added, quotation marks and a frame around them, lines of one content word)
made of words the store holds in more than COMMON_WORD_KEY statements already, stored
into a real SQLite file: in a later batch, later in the same batch, or in the same item.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sqlmodel import col, func, select

from newsmon.analyse import AnalysedArticle
from newsmon.dedup import NUM_PERM, Signature
from newsmon.models import Article, Speaker, Statement
from newsmon.statements import same_statement
from newsmon.statements.vocabulary import word_set
from storage import candidates
from storage.candidates import COMMON_WORD_KEY
from storage.db import get_engine, get_reader_engine
from storage.models import StatementKey, StatementRecord
from storage.store import Store
from tests.fuzz.bounds import depths, run

# Long, so that they are among the rarest-looking words (``statement_keys``) of a line.
COMMON = ("administration", "republicans", "government", "president", "campaign", "country")
# Words no filler holds, of every length a key ranks by.
RARE = (
    "tariffs", "grain", "corridors", "ceasefire", "negotiation", "sanctions", "harvest",
    "granaries", "ports", "shipping", "refugees", "pipeline", "treaty", "durable", "peace",
    "talks", "lorries", "cargo", "weather", "autumn", "farmers", "prices", "reforms", "vote",
)  # fmt: skip
STOPWORDS = tuple(sorted(word_set("stopwords")))
FIGURES = ("47.3", "2.2", "2024", "12")

word = st.one_of(
    st.sampled_from(COMMON), st.sampled_from(RARE), st.sampled_from(STOPWORDS),
    st.sampled_from(FIGURES),
)  # fmt: skip
# Mostly stopwords with a content word or two: the lines keyed by one content word.
one_word_line = st.builds(
    lambda before, content, after: [*before, content, *after],
    st.lists(st.sampled_from(STOPWORDS), max_size=5),
    st.sampled_from(COMMON + RARE),
    st.lists(st.sampled_from(STOPWORDS), max_size=5),
)
line = st.one_of(st.lists(word, min_size=1, max_size=28), one_word_line)


@st.composite
def restated(draw: st.DrawFn, words: list[str]) -> list[str]:
    """WORDS as another outlet printed them: one or two edits."""
    for _ in range(draw(st.integers(1, 2))):
        edit = draw(st.sampled_from(["same", "window", "shuffle", "swap", "drop", "add"]))
        n = len(words)
        if edit == "window" and n > 1:
            start = draw(st.integers(0, n - 1))
            words = words[start : draw(st.integers(start + 1, n))]
        elif edit == "shuffle":
            words = draw(st.permutations(words))
        elif edit in ("swap", "drop") and n > 1:
            at = draw(st.integers(0, n - 1))
            replacement = [draw(word)] if edit == "swap" else []
            words = [*words[:at], *replacement, *words[at + 1 :]]
        elif edit == "add":
            at = draw(st.integers(0, n))
            words = [*words[:at], draw(word), *words[at:]]
    return list(words)


@st.composite
def printed(draw: st.DrawFn, words: list[str]) -> tuple[str, str]:
    """WORDS as a statement's text and kind: bare, quoted inside a frame, or reported."""
    text = " ".join(words)
    framing = draw(st.sampled_from(["bare", "quoted", "reported"]))
    if framing == "quoted":
        before = " ".join(draw(st.lists(word, max_size=6)))
        after = " ".join(draw(st.lists(word, max_size=6)))
        text = f"{before} \u201c{text}\u201d {after}".strip()
    elif framing == "reported":
        text = f"the minister said that {text}"
    return text, draw(st.sampled_from(["direct", "reported"]))


@st.composite
def a_line_and_its_restatement(draw: st.DrawFn) -> tuple[tuple[str, str], tuple[str, str]]:
    words = draw(line)
    return draw(printed(words)), draw(printed(draw(restated(words))))


def analysed(url: str, *statements: tuple[str, str]) -> AnalysedArticle:
    """An article of STATEMENTS (text, kind), too short to be matched as a copy."""
    said = [Statement(Speaker("Lin Jian"), text, kind) for text, kind in statements]
    return AnalysedArticle(
        Article(url=url, canonical_url=url, title=url, text="", source="test", statements=said),
        content_hash=url,
        signature=Signature(tuple(range(NUM_PERM))),
    )


def filler_lines() -> list[str]:
    """Lines of two COMMON words and four short words of their own, so that each COMMON
    word key is shared by more than COMMON_WORD_KEY stored statements."""
    lines = []
    for n in range(4 * COMMON_WORD_KEY):
        own = [f"{a}{b}{n:02d}x" for a, b in zip("bdgk", "aeio", strict=True)]
        common = [COMMON[n % len(COMMON)], COMMON[(n + 1) % len(COMMON)]]
        lines.append(" ".join([own[0], common[0], own[1], own[2], common[1], own[3]]))
    return lines


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("candidates") / "template.db"
    url = f"sqlite:///{path}"
    store = Store(url)
    store.store_articles(
        [
            analysed(f"https://filler.example/{n}", (t, "direct"))
            for n, t in enumerate(filler_lines())
        ],
        routes=[],
    )
    with store.session() as session:
        key = col(StatementKey.key)
        shared = session.exec(
            select(key, func.count()).where(key.in_([f"w:{w}" for w in COMMON])).group_by(key)
        ).all()
    assert len(shared) == len(COMMON) and min(n for _, n in shared) > COMMON_WORD_KEY
    close(url)
    return path


def close(url: str) -> None:
    """Every connection to the store at URL closed: the last one checkpoints the WAL."""
    get_engine(url).dispose()
    get_reader_engine(url).dispose()


def stored_as_new(store: Store, mode: str, first: tuple[str, str], second: tuple[str, str]) -> bool:
    """Store FIRST, then SECOND as MODE says: whether the second was stored as new."""
    if mode == "item":
        store.store_articles([analysed("https://a.example/1", first, second)], routes=[])
        # A new statement's row holds its text as printed, and the second's comes last.
        with store.session() as session:
            [newest] = session.exec(
                select(StatementRecord.text).order_by(col(StatementRecord.id).desc()).limit(1)
            ).all()
        return newest == second[0]
    one, two = analysed("https://a.example/1", first), analysed("https://b.example/2", second)
    if mode == "batch":
        outcome = store.store_articles([one, two], routes=[])[1]
    else:
        store.store_articles([one], routes=[])
        [outcome] = store.store_articles([two], routes=[])
    return outcome.new_statements == 1


@pytest.mark.parametrize("depth", depths(quick=80, deep=3000))
@pytest.mark.timeout(3600)  # a store copied and written per example: the deep run takes minutes
def test_a_repeat_of_a_stored_statement_is_never_stored_as_new(
    depth: settings, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every look-up through the ``FormPool`` filter, as a look-up of more than
    # ``FILTERED_FROM`` candidates goes: these examples' look-ups are smaller than that.
    monkeypatch.setattr(candidates, "FILTERED_FROM", 0)
    path = tmp_path / "store.db"
    url = f"sqlite:///{path}"

    @given(a_line_and_its_restatement(), st.sampled_from(["batches", "batch", "item"]))
    def check(lines: tuple[tuple[str, str], tuple[str, str]], mode: str) -> None:
        first, second = lines
        # In one item a line printed twice alike is one statement (extraction merges it).
        assume(mode != "item" or first[0] != second[0])
        close(url)
        for leftover in tmp_path.glob("store.db*"):
            leftover.unlink()
        shutil.copyfile(template, path)
        store = Store(url)
        if not stored_as_new(store, mode, first, second):
            return
        text, kind = second
        with store.session() as session:
            records = session.exec(
                select(StatementRecord.text, StatementRecord.kind).order_by(col(StatementRecord.id))
            ).all()
        joined = [(t, k) for t, k in records[:-1] if same_statement(t, text, k, kind)]
        assert not joined, f"{second} stored as new ({mode}), but it repeats {joined[0]}"

    run(depth, check)
