"""Readable topic rules: phrases, wildcards, boolean groups, proximity, exclusions, evidence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsmon.config import ConfigError, load_config, parse_config
from newsmon.topics import Proximity, Taxonomy, TopicRule, _pattern
from tests.conftest import REPO

CEASEFIRE = TopicRule(
    any=("truce",),
    strong=("ceasefire",),
    all=(("Russia*", "Ukrain*"),),
    near=(Proximity(terms=("halt", "fighting"), within=3),),
    exclude=("Gaza",),
    threshold=2,
)
TAXONOMY = Taxonomy({"ceasefire": CEASEFIRE})


def test_label_carries_evidence_with_positions_and_excerpts() -> None:
    text = "Ukraine proposed a ceasefire; Russia said a truce must wait."
    [label] = TAXONOMY.classify("", text)
    assert label.topic == "ceasefire" and label.score == 3.0
    assert [(e.term, text[e.start : e.end]) for e in label.evidence] == [
        ("ceasefire", "ceasefire"),
        ("truce", "truce"),
    ]
    assert "proposed a ceasefire" in label.evidence[0].excerpt


def test_threshold_context_group_and_exclusion() -> None:
    assert TAXONOMY.classify("", "Ukrainian officials discussed a truce.") == []  # score 1 < 2
    assert TAXONOMY.classify("", "A ceasefire was agreed in Sudan.") == []  # no war context
    assert TAXONOMY.classify("", "Russia and Ukraine watched the ceasefire in Gaza.") == []


def test_proximity_and_wildcards() -> None:
    [label] = TAXONOMY.classify("", "Russian envoys urged a halt to the fighting in Ukraine.")
    assert label.evidence[0].term == "halt ~3 fighting"
    assert TAXONOMY.classify("", "A halt, they said after long and tiring fighting, Russia.") == []


def test_phrases_match_whole_words_across_hyphens_and_spaces() -> None:
    rule = Taxonomy({"t": TopicRule(any=("cease fire",))})
    assert rule.classify("", "a cease-fire now") and rule.classify("", "a cease  fire")
    assert not rule.classify("", "ceasefires")


def test_shipped_taxonomy_leaves_off_topic_china_news_alone() -> None:
    taxonomy = Taxonomy(load_config(REPO / "sources.yaml").topics)
    assert taxonomy.classify("China's soybean imports hit a record", "Crushers bought more.") == []
    labels = taxonomy.classify(
        "Delegations meet in Istanbul",
        "Russia and Ukraine agreed to a prisoner exchange and to continue peace talks.",
    )
    assert {label.topic for label in labels} == {"peace-talks", "prisoner-exchange"}


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("t: {any: [], threshold: 1}", "the rule has nothing to score"),
        ("t: {any: ['nego*tiate']}", "`*` may only end a phrase"),
        ("t: {any: [x], all: [[]]}", "an `all` group is empty"),
        ("t: {any: [x], near: [{terms: [a, b], within: 0}]}", "greater than or equal to 1"),
        ("t: {any: [x], weight: 2}", "unknown key"),
    ],
)
def test_bad_rules_are_reported_with_file_and_line(rule: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("topics:\n  " + rule + "\n", Path("sources.yaml"))
    assert str(caught.value).startswith("sources.yaml:2: topics.t")
    assert message in str(caught.value)


TALKS = Taxonomy(
    {
        "prisoner-exchange": TopicRule(any=("prisoner exchange", "prisoners")),
        "ceasefire": TopicRule(strong=("ceasefire",), any=("truce",)),
    }
)
TWO_VOICES = (
    "Russia and Ukraine swapped 200 prisoners on Friday. "
    '"A ceasefire must come first," the envoy said. '
    "A professor said the red lines of both sides had not moved."
)


def _spans(text: str, words: str) -> list[tuple[int, int]]:
    start = text.index(words)
    return [(start, start + len(words))]


def test_a_statement_takes_the_topics_named_in_its_own_sentences() -> None:
    article = TALKS.classify("", TWO_VOICES)
    assert {label.topic for label in article} == {"prisoner-exchange", "ceasefire"}
    envoy, professor = TALKS.label_statements(
        TWO_VOICES,
        [_spans(TWO_VOICES, "A ceasefire must come first"), _spans(TWO_VOICES, "the red lines")],
        article,
    )
    assert envoy.names == ["ceasefire"] and envoy.source == "statement"
    [evidence] = envoy.labels[0].evidence
    assert TWO_VOICES[evidence.start : evidence.end] == "ceasefire"
    # Nothing topical in the professor's sentence: the article's topics, marked as such.
    assert set(professor.names) == {"prisoner-exchange", "ceasefire"}
    assert professor.source == "article"


def test_a_statement_with_no_spans_falls_back_to_the_article() -> None:
    article = TALKS.classify("", TWO_VOICES)
    [unplaced] = TALKS.label_statements(TWO_VOICES, [()], article)
    assert unplaced.source == "article" and unplaced.labels == tuple(article)


def test_evidence_is_cut_between_words_and_not_repeated() -> None:
    rule = Taxonomy({"t": TopicRule(any=("ceasefire",), strong=("ceasefire agreement",))})
    text = "Negotiators in the capital worked through the night on a ceasefire agreement, " * 2
    [label] = rule.classify("", text)
    # "ceasefire" inside "ceasefire agreement" scores but is not shown a second time.
    assert label.score == 6.0 and len(label.evidence) == 2
    words = set(text.split())
    for evidence in label.evidence:
        shown = evidence.excerpt.removeprefix("… ").removesuffix(" …").split()
        assert all(word in words for word in shown), evidence.excerpt


def _lookbehind_pattern(phrase: str) -> re.Pattern[str]:
    """The rule's pattern as first written: the look-behind before the first word."""
    words = phrase.split()
    parts = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words]
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(parts) + r"(?!\w)", re.IGNORECASE)


@pytest.mark.parametrize(
    "phrase", ["ceasefire", "negotiat*", "U.S. envoy", "peace talks", "Kyiv", "state*", "Zürich"]
)
def test_patterns_match_what_the_look_behind_form_matches(phrase: str) -> None:
    # The patterns spell out each letter's cases without re.IGNORECASE: the text holds the
    # characters that flag matches beside the two cases (the Kelvin sign, the long s, the
    # dotted and dotless i) and a letter outside ASCII.
    text = (
        "Ceasefire\nxceasefire _ceasefire 9ceasefire éceasefire -ceasefire «ceasefire» "
        "negotiators renegotiate NEGOTIATION\tu.s. envoy U.S.  envoy aU.S. envoy "
        "peace-talks peace\ntalks peacetalks Kyiv's Kyivan ÄKyiv Kyiv \u212ayiv KYİV kyıv "
        "ſtates STATE xstate ZÜRICH zürich ZURICH"
    )
    pattern = _pattern(phrase)
    reference = _lookbehind_pattern(phrase)
    assert [m.span() for m in pattern.finditer(text)] == [
        m.span() for m in reference.finditer(text)
    ]
    assert list(pattern.finditer(text))  # every phrase is in the text: the test can fail


def test_a_rule_matches_words_spelt_with_the_other_cases_of_a_letter() -> None:
    # Before re reads a text, a phrase's words are looked for in its lower case; the long s
    # and the dotted capital i match "s" and "i" for re but lower() does not fold them.
    for text in (
        "Ruſſia agreed a ceasefire.",
        "RUSSİA and UKRAİNE agreed a CEASEFİRE.",
    ):
        [label] = TAXONOMY.classify("", text)
        assert label.topic == "ceasefire" and label.score == 2.0
