"""Statement extraction and topic classification over hostile text: in the text, in time."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.config import load_config
from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.topics import Proximity, Taxonomy, TopicRule, _near, _pattern
from tests.conftest import REPO
from tests.fuzz.bounds import assert_clean, cpu_bound, depths, run, timing_depths
from tests.fuzz.strategies import any_text, hostile_text, repeated_hostile_text

CONFIG = load_config(REPO / "sources.yaml")
VOCABULARY: SpeakerVocabulary = CONFIG.speakers
TAXONOMY = Taxonomy(CONFIG.topics)
# CPU per character on long hostile text, about ten times the linear steps' rate
# (bench/analysis_scaling.py): topics 3 µs, statements about 2 µs once linear.
TOPICS_SECONDS_PER_CHAR = 30e-6
STATEMENTS_SECONDS_PER_CHAR = 20e-6


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Compile the regexes before anything is timed."""
    extract_statements("“We agree,” the minister said.", VOCABULARY)
    TAXONOMY.classify("t", "Russia and Ukraine agreed to a ceasefire.")


@pytest.mark.parametrize("depth", depths(quick=80, deep=3000))
def test_statements_lie_inside_the_text_and_are_clean(depth: settings) -> None:
    @given(any_text)
    def check(text: str) -> None:
        for statement in extract_statements(text, VOCABULARY):
            assert statement.kind in ("direct", "reported")
            assert statement.spans
            for start, end in statement.spans:
                assert 0 <= start < end <= len(text)
            assert statement.speaker.name.strip()
            if _clean(text):
                assert_clean(statement.text, "statement text")
                assert_clean(statement.speaker.name, "speaker name")

    run(depth, check)


@pytest.mark.xfail(strict=False, reason="statement extractor is being replaced")
@pytest.mark.parametrize("depth", timing_depths(quick=3, deep=30))
def test_statement_extraction_time_grows_linearly(depth: settings) -> None:
    @given(repeated_hostile_text(min_chars=100_000, max_chars=130_000, sentence_ends=False))
    def check(text: str) -> None:
        with cpu_bound(len(text), STATEMENTS_SECONDS_PER_CHAR, "extract_statements"):
            extract_statements(text, VOCABULARY)

    run(depth, check)


@pytest.mark.parametrize("depth", depths(quick=80, deep=3000))
def test_topic_evidence_points_into_the_document(depth: settings) -> None:
    @given(any_text, st.text(max_size=40))
    def check(text: str, title: str) -> None:
        document = f"{title}\n{text}" if title else text
        for label in TAXONOMY.classify(title, text):
            assert label.score > 0 and label.evidence
            for evidence in label.evidence:
                assert 0 <= evidence.start < evidence.end <= len(document)
                if _clean(document):
                    assert_clean(evidence.excerpt, "evidence excerpt")

    run(depth, check)


@pytest.mark.parametrize("depth", timing_depths(quick=6, deep=60))
def test_topic_classification_time_grows_linearly(depth: settings) -> None:
    @given(repeated_hostile_text(min_chars=50_000, max_chars=300_000))
    def check(text: str) -> None:
        with cpu_bound(len(text), TOPICS_SECONDS_PER_CHAR, "Taxonomy.classify"):
            TAXONOMY.classify("Talks", text)

    run(depth, check)


def _naive_near(
    document: str, first: re.Pattern[str], second: re.Pattern[str], within: int
) -> list[tuple[int, int]]:
    """The proximity rule as first written: simple, quadratic, the reference."""
    spans = []
    seconds = [(m.start(), m.end()) for m in second.finditer(document)]
    for a in first.finditer(document):
        for b_start, b_end in seconds:
            lo, hi = (a.end(), b_start) if a.start() <= b_start else (b_end, a.start())
            if lo <= hi and len(document[lo:hi].split()) <= within:
                spans.append((min(a.start(), b_start), max(a.end(), b_end)))
                break
    return spans


_NEAR_WORDS = st.sampled_from(["a", "b", "ab", "a-b", "b a", "x", "*", "a*"])


@pytest.mark.parametrize("depth", depths(quick=150, deep=5000))
def test_fast_proximity_finds_what_the_quadratic_one_did(depth: settings) -> None:
    separators = st.sampled_from([" ", "  ", "\n", "-", "\u00a0", "\x1c", "", "\u2028"])

    @given(st.lists(st.tuples(_NEAR_WORDS, separators), max_size=30), _NEAR_WORDS, _NEAR_WORDS)
    def check(parts: list[tuple[str, str]], one: str, two: str) -> None:
        document = "".join(word + separator for word, separator in parts)
        first, second = _pattern(one), _pattern(two)
        for within in (1, 2, 5):
            assert _near(document, first, second, within) == _naive_near(
                document, first, second, within
            )

    run(depth, check)


@pytest.mark.parametrize("depth", depths(quick=40, deep=1000))
def test_any_valid_rule_classifies_any_text(depth: settings) -> None:
    phrases = st.lists(
        st.text(st.characters(blacklist_characters="*"), min_size=1, max_size=12).filter(str.strip),
        min_size=1,
        max_size=3,
    )

    @given(phrases, phrases, st.integers(1, 50), hostile_text(max_words=200))
    def check(any_: list[str], near: list[str], within: int, text: str) -> None:
        rule = TopicRule(
            any=tuple(any_),
            near=(Proximity(terms=(near[0], near[-1]), within=within),),
            threshold=1,
        )
        for label in Taxonomy({"t": rule}).classify("", text):
            for evidence in label.evidence:
                assert 0 <= evidence.start < evidence.end <= len(text)

    run(depth, check)


def _clean(text: str) -> bool:
    """Evidence excerpts quote the document; they are clean when the document is."""
    return not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
