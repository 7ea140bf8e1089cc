"""Property-based tests and fuzzing of the pure steps (hypothesis)."""

from __future__ import annotations

import unicodedata

import numpy as np
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from newsmon.dedup import canonicalise_url, content_hash
from newsmon.extract import clean_text, extract_html, normalise_for_matching
from newsmon.feeds import parse_feed, plain_text
from newsmon.statements import (
    SpeakerVocabulary,
    contains_statement,
    extract_statements,
    longer_form,
    normalise_statement,
    same_statement,
    statement_keys,
)
from newsmon.statements.form_pool import FormPool
from newsmon.statements.identity import (
    _MIN_WINDOW_WORDS,
    KEYED_WINDOW,
    _content_words,
    statement_form,
)
from newsmon.text import QUOTE_FOLDS, fold_quotes

VOCABULARY = SpeakerVocabulary()
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

hosts = st.from_regex(r"[a-z]{1,10}(\.[a-z]{2,8}){1,2}", fullmatch=True)
paths = st.lists(st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True), max_size=4)
params = st.lists(
    st.tuples(
        st.sampled_from(["id", "utm_source", "page", "fbclid", "q", "ref", "lang"]),
        st.from_regex(r"[a-z0-9]{0,6}", fullmatch=True),
    ),
    max_size=4,
)


@FAST
@given(hosts, paths, params, st.sampled_from(["http", "https", "HTTPS"]), st.booleans())
def test_canonical_url_is_idempotent_and_drops_tracking(
    host: str, path: list[str], query: list[tuple[str, str]], scheme: str, fragment: bool
) -> None:
    url = f"{scheme}://{host.upper()}/{'/'.join(path)}?" + "&".join(f"{k}={v}" for k, v in query)
    url += "#section" if fragment else ""
    canonical = canonicalise_url(url)
    assert canonicalise_url(canonical) == canonical
    assert "utm_source" not in canonical and "fbclid" not in canonical and "#" not in canonical
    assert canonical.startswith(("http://", "https://")) and canonical == canonical.strip()


@FAST
@given(st.text())
def test_text_normalisation_is_idempotent(text: str) -> None:
    once = normalise_for_matching(text)
    assert normalise_for_matching(once) == once
    assert normalise_statement(normalise_statement(text)) == normalise_statement(text)
    assert content_hash(text) == content_hash(once)


# Texts made mostly of the folded characters, beside any text.
_FOLDED = [*(character for character, _ in QUOTE_FOLDS), "—", "–", "\u200b"]
_FOLDABLE_TEXT = st.text(alphabet=st.sampled_from([*_FOLDED, "a", "é", " ", "\n", '"'])) | st.text()


@FAST
@given(_FOLDABLE_TEXT)
def test_folds_are_what_str_translate_makes(text: str) -> None:
    """fold_quotes and normalise_for_matching replace character by character (fast on
    non-ASCII text); the result is str.translate's with the same table."""
    assert fold_quotes(text) == text.translate(str.maketrans(dict(QUOTE_FOLDS)))
    table = str.maketrans({**dict(QUOTE_FOLDS), "—": "-", "–": "-", "\u200b": ""})
    nfkc = unicodedata.normalize("NFKC", text)
    assert normalise_for_matching(text) == " ".join(nfkc.translate(table).split())


@FAST
@given(st.text(min_size=1), st.text(min_size=1))
def test_statement_identity_is_reflexive_and_symmetric(a: str, b: str) -> None:
    if normalise_statement(a):
        assert same_statement(a, a)
    assert same_statement(a, b) == same_statement(b, a)


@FAST
@given(st.text(min_size=20))
# Found by hypothesis: the quoted words have a content word, the whole text none.
@example("00:00:[000000000:0«]")
def test_same_statements_share_a_lookup_key(text: str) -> None:
    restated = "“" + text.upper().replace(" ", "  ") + "” (U.S. President Donald)"
    if same_statement(text, restated):
        assert set(statement_keys(text)) & set(statement_keys(restated))


# Statement-like text: stopwords, content words and the punctuation quotes carry.
quoted_text = st.lists(
    st.one_of(
        st.sampled_from(["the", "of", "and", "we", "will", "not", "is", "a", "to", "it"]),
        st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True),
        st.sampled_from(["“", "”", ",", ".", "—", "(U.S.)", "[sic]", "’s", "…", "2016"]),
    ),
    min_size=1,
    max_size=80,
).map(" ".join)


@FAST
@given(st.one_of(quoted_text, st.text(min_size=1)), st.data())
def test_a_window_of_enough_content_words_shares_a_key_with_its_longer_form(
    text: str, data: st.DataObject
) -> None:
    words = normalise_statement(text).split()
    assume(words)
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    window = " ".join(words[start:end])
    assert all(len(key) <= 200 for key in statement_keys(text))
    if len(_content_words(window)) >= KEYED_WINDOW:
        assert set(statement_keys(text)) & set(statement_keys(window))
    # A window of a line: five distinct content words in at least eight words.
    if len(set(_content_words(window))) >= 5 and len(window.split()) >= _MIN_WINDOW_WORDS:
        assert contains_statement(text, window)
        assert same_statement(text, window) and same_statement(window, text)
        assert normalise_statement(longer_form(window, text)) == normalise_statement(text)


def _restated(words: list[str], data: st.DataObject) -> str:
    """A window, a reordering, a changed word or a quote of WORDS: the ways a line is retold."""
    how = data.draw(st.sampled_from(["window", "shuffle", "swap", "quote", "frame"]))
    if how == "window":
        start = data.draw(st.integers(0, len(words) - 1))
        return " ".join(words[start : data.draw(st.integers(start + 1, len(words)))])
    if how == "shuffle":
        return " ".join(data.draw(st.permutations(words)))
    if how == "swap":
        changed = list(words)
        changed[data.draw(st.integers(0, len(words) - 1))] = data.draw(quoted_text)
        return " ".join(changed)
    if how == "quote":
        return "“" + " ".join(words) + "”, " + data.draw(quoted_text)
    return data.draw(quoted_text) + ": " + " ".join(words)


@FAST
@given(st.one_of(quoted_text, st.text(min_size=1)), st.data())
def test_the_form_pool_never_rules_out_a_pair_that_is_the_same_statement(
    text: str, data: st.DataObject
) -> None:
    words = text.split()
    assume(words)
    restated = _restated(words, data)
    pool = FormPool(capacity=1)  # grown on the second form
    slots = pool.add([statement_form(text), statement_form(restated)])
    if same_statement(text, restated):
        assert pool.may_join(statement_form(restated), np.array([slots[0]]))[0]
        assert pool.may_join(statement_form(text), np.array([slots[1]]))[0]


@FAST
@given(st.text(max_size=3000))
def test_statement_extraction_never_raises_and_spans_point_into_the_text(text: str) -> None:
    for statement in extract_statements(text, VOCABULARY):
        for start, end in statement.spans:
            assert 0 <= start < end <= len(text)


@FAST
@given(st.binary(max_size=4000))
def test_random_bytes_as_a_feed_never_raise(body: bytes) -> None:
    parsed = parse_feed(body, "https://fuzz.example/feed")
    for entry in parsed.entries:
        assert entry.url.startswith(("http://", "https://"))
        assert plain_text(entry.title) == entry.title


@FAST
@given(st.binary(max_size=4000))
def test_random_bytes_as_a_page_never_raise(body: bytes) -> None:
    article = extract_html(body, "https://fuzz.example/page")
    assert clean_text(article.text) == article.text


@FAST
@given(st.text(max_size=2000))
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
