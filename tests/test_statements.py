"""Who said what: the cases the seeds hold, and statement identity."""

from __future__ import annotations

import pytest

from newsmon.dedup import drop_repeated_paragraphs
from newsmon.extract import clean_text
from newsmon.models import Statement
from newsmon.statements import (
    SpeakerVocabulary,
    contains_statement,
    extract_statements,
    longer_form,
    normalise_statement,
    same_statement,
    statement_keys,
)
from newsmon.statements.sentences import MAX_SENTENCE_CHARS, sentences
from tests.conftest import REPO

VOCABULARY = SpeakerVocabulary()


def seed_statements(stem: str) -> list[Statement]:
    raw = (REPO / "seeds" / f"{stem}.txt").read_text(encoding="utf-8")
    return extract_statements(drop_repeated_paragraphs(clean_text(raw)), VOCABULARY)


def by_words(statements: list[Statement], words: str) -> Statement:
    matches = [s for s in statements if words in s.text]
    assert len(matches) == 1, [s.text for s in statements]
    return matches[0]


def test_restated_bhadrakumar_quote_is_one_statement_with_two_spans() -> None:
    statements = seed_statements("000_eb28595880a42bb2")
    victory = by_words(statements, "diplomatic victory")
    assert len(victory.spans) == 2
    assert victory.speaker.name == "Melkulangara Bhadrakumar"
    assert victory.speaker.role == "expert" and not victory.speaker.official
    assert victory.speaker.country == "India"


def test_institution_speaks_and_the_ministry_resolves_to_it() -> None:
    statements = seed_statements("000_eb28595880a42bb2")
    told = by_words(statements, "China has supported the restoration of direct dialogue")
    emphasized = by_words(statements, "to promote reconciliation")
    for statement in (told, emphasized):
        assert statement.speaker.name == "Chinese Foreign Ministry"
        assert statement.speaker.official and statement.speaker.country == "China"


@pytest.mark.parametrize(
    ("stem", "words", "name", "role", "country", "official"),
    [
        ("001_52bf5960488910e3", "fostering peace", "Mao Ning", "spokesperson", "China", True),
        (
            "001_52bf5960488910e3",
            "willing to work alongside",
            "Mao Ning",
            "spokesperson",
            "China",
            True,
        ),
        (
            "002_288328c3f44f0d6f",
            "Only after a ceasefire",
            "Sun Lei",
            "deputy permanent representative",
            "China",
            True,
        ),
        (
            "002_288328c3f44f0d6f",
            "immediate cessation of hostilities",
            "Sun Lei",
            "deputy permanent representative",
            "China",
            True,
        ),
        (
            "003_d13e93ae9daeb047",
            "We only evaluate statements",
            "Dmitry Peskov",
            "spokesperson",
            "Russia",
            True,
        ),
        (
            "003_d13e93ae9daeb047",
            "unconditional ceasefire is far from",
            "Cui Heng",
            "scholar",
            "China",
            False,
        ),
        (
            "003_d13e93ae9daeb047",
            "Mutual trust between the two sides",
            "Sun Xiuwen",
            "associate professor",
            None,
            False,
        ),
        (
            "004_0aa8830dfc23feb5",
            "not considering sending peacekeeping troops",
            "Zhang Hanhui",
            "ambassador",
            "China",
            True,
        ),
    ],
)
def test_speaker_role_country_and_officialness(
    stem: str, words: str, name: str, role: str, country: str | None, official: bool
) -> None:
    speaker = by_words(seed_statements(stem), words).speaker
    assert (speaker.name, speaker.role, speaker.country, speaker.official) == (
        name,
        role,
        country,
        official,
    )


def test_spans_point_at_the_words_in_the_text() -> None:
    text = (
        '"Only after a ceasefire can negotiations resume," Sun Lei, China\'s deputy envoy, noted.'
    )
    [statement] = extract_statements(text, VOCABULARY)
    start, end = statement.spans[0]
    assert text[start:end] == "Only after a ceasefire can negotiations resume,"


def test_an_unknown_title_is_still_an_official_and_user_roles_extend_the_defaults() -> None:
    text = "Deputy Prime Minister Olha Stefanishyna said that Kyiv expected a decision soon."
    [statement] = extract_statements(text, VOCABULARY)
    assert statement.speaker.name == "Olha Stefanishyna" and statement.speaker.official
    custom = SpeakerVocabulary(unofficial_roles=("pundit",))
    [pundit] = extract_statements(
        "The well-known pundit Max Graf said that the talks would fail within a week.", custom
    )
    assert pundit.speaker.name == "Max Graf" and pundit.speaker.role == "pundit"
    assert not pundit.speaker.official


def test_a_role_cannot_be_both_official_and_not() -> None:
    with pytest.raises(ValueError, match="both official and unofficial: envoy"):
        SpeakerVocabulary(official_roles=("envoy",), unofficial_roles=("Envoy",))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Russia had scored a “diplomatic victory” … “found understanding with Trump.”",
            'Russia scored a "diplomatic victory", an approach that '
            '"found understanding with (U.S. President Donald) Trump"',
        ),
        (
            "Only after a ceasefire can negotiations resume",
            "Negotiations can resume only after a ceasefire",
        ),
        (
            "China welcomes all initiatives aimed at fostering peace",
            "China welcomes all initiatives aimed at fostering peace and stability in the region",
        ),
    ],
)
def test_restatements_rewrites_and_retranslations_are_the_same_statement(a: str, b: str) -> None:
    assert same_statement(a, b)
    assert set(statement_keys(a)) & set(statement_keys(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Beijing expects practical arrangements on grain corridors soon",
            "Beijing expects practical arrangements on energy infrastructure soon",
        ),
        ("China supports the talks", "Russia rejects the talks"),
    ],
)
def test_different_statements_are_not_merged(a: str, b: str) -> None:
    assert not same_statement(a, b)


@pytest.mark.parametrize(
    ("longer", "window"),
    [
        # One outlet quotes a shorter window of the line than the other.
        (
            "Frankly, if the ministry keeps the grain corridor closed, nothing we can do, "
            "partners, nothing at all.",
            "If the ministry keeps the grain corridor closed, nothing we can do partners",
        ),
        # A near-whole window: one word of the line told differently.
        (
            "Although the talks may resume next week, we see no reason for optimism. "
            "But I will tell you this: the ceasefire is holding.",
            "Though the talks may resume next week, we see no reason for optimism",
        ),
        # A window from the middle of a quote of several sentences.
        (
            "We welcome the envoy. These are hard times for the region. We need strong "
            "guarantees, very strong guarantees, and we are not there yet.",
            "We need strong guarantees, very strong guarantees, and we are not there yet.",
        ),
    ],
)
def test_a_window_of_a_line_is_the_same_statement_and_the_longer_form_is_kept(
    longer: str, window: str
) -> None:
    assert contains_statement(longer, window)
    assert not contains_statement(window, longer)
    assert same_statement(longer, window) and same_statement(window, longer)
    assert set(statement_keys(longer)) & set(statement_keys(window))
    assert longer_form(window, longer) == longer == longer_form(longer, window)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Same opening words, a different line.
        (
            "There is a special place in history for leaders who abandon their allies",
            "There is a special place in history for farmers and I hope they get it",
        ),
        # A stock phrase shared by two quotes is too generic to make one statement.
        (
            "He wants to be the next president of the United States, and he will lose",
            "I want him to be the next president of the United States, and I will work for it",
        ),
        # Two lines by one speaker on one topic.
        (
            "We will not pay a single cent for that wall, it is completely useless",
            "We will not pay for the pipeline until the inspections are complete",
        ),
    ],
)
def test_different_lines_that_share_words_are_not_joined(a: str, b: str) -> None:
    assert not contains_statement(a, b) and not contains_statement(b, a)
    assert not same_statement(a, b)


def test_normalisation_folds_quotes_space_case_and_editorial_brackets() -> None:
    assert normalise_statement("“Found  understanding with (U.S. President Donald) Trump.”") == (
        "found understanding with trump"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # The attribution printed between two quoted stretches is not the line.
        (
            "Well, let me put it this way,” he continued. “I would not be anxious to have a "
            "commander in chief who talks like that",
            'The China shock isn\'t the sole factor,"  he continued, " but it is something of a '
            "missing link in the story",
        ),
        # Figures that differ make a different statement however many words are shared.
        (
            "Clinton leading by 2.2 percent over Trump in the latest poll",
            "Clinton leading Trump 47.3 percent to 44 in the latest poll",
        ),
    ],
)
def test_attributions_between_quotes_and_changed_figures_never_join(a: str, b: str) -> None:
    assert not same_statement(a, b)


def test_overlapping_windows_of_one_line_are_the_same_statement() -> None:
    # One outlet starts earlier, the other ends later; neither holds the other.
    earlier = (
        "I have a real question as to whether or not both sides want to make it. A lot will "
        "have to do with Israel and whether or not Israel wants to make the deal"
    )
    later = (
        "A lot will have to do with Israel and whether or not Israel wants to make the deal, "
        "whether or not Israel's willing to sacrifice certain things"
    )
    assert same_statement(earlier, later) and same_statement(later, earlier)
    assert set(statement_keys(earlier)) & set(statement_keys(later))


def test_sentences_end_outside_quotes_and_abbreviations() -> None:
    text = 'Mr. Smith said “Go. Now.” Then he left. Next one! "Is it?" she asked.\nU.S. officials.'
    assert list(sentences(text)) == [
        (0, "Mr. Smith said “Go. Now.”"),  # a quote's full stop ends it before a capital
        (26, "Then he left."),
        (40, "Next one!"),
        (50, '"Is it?" she asked.'),
        (70, "U.S. officials."),
    ]


def test_a_run_on_sentence_is_cut_at_a_space_and_a_cut_closes_an_open_quote() -> None:
    # An unclosed quote would hide every later full stop; the cut forgets it.
    text = "“" + "word " * 200 + "end. Next sentence. " + "x" * 700
    found = list(sentences(text))
    assert [(start, len(sentence)) for start, sentence in found] == [
        (0, 595),
        (596, 409),
        (1006, MAX_SENTENCE_CHARS - 1),
        (1605, 116),
    ]
    assert found[1][1].endswith("word end.")
    assert all(text[start : start + len(s)] == s for start, s in found)
