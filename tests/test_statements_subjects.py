"""The sentence's subject speaks for tagger Content whose cue has no Source of its own."""

from __future__ import annotations

import pytest

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.subjects import subject_named_before


def _subject(text: str, cue: str) -> str | None:
    found = subject_named_before(text, text.index(cue))
    return text[found[0] : found[1]] if found else None


@pytest.mark.parametrize(
    ("text", "cue", "subject"),
    [
        ("Carly Fiorina backed Sen. Ted Cruz, saying it is time.", "saying", "Carly Fiorina"),
        ("Fiorina was upfront about her distaste, saying they must unite.", "saying", "Fiorina"),
        ("Ted Cruz, by contrast, wrote an op-ed urging Congress to act.", "urging", "Ted Cruz"),
        ("It rained. But the senator from Ohio later said so.", "said", "the senator from Ohio"),
        ("He left, saying nothing would change.", "saying", "He"),
    ],
)  # fmt: skip
def test_the_subject_is_the_name_or_phrase_the_sentence_opens_with(
    text: str, cue: str, subject: str
) -> None:
    assert _subject(text, cue) == subject


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Ahead of the vote, the party was split, saying little.", "saying"),
        ("CLEVELAND — Crowds gathered, chanting slogans.", "chanting"),
        ("Looking ahead, the outlook was dim, suggesting a slowdown.", "suggesting"),
        ("It's clear, observers said.", "said"),
        ("Earlier, Obama said it.", "said"),
    ],
)
def test_an_adverb_a_dateline_or_a_participle_is_no_subject(text: str, cue: str) -> None:
    assert _subject(text, cue) is None


def test_a_participle_clause_takes_the_sentence_subject_as_its_speaker() -> None:
    text = (
        "Fiorina was upfront about her distaste for Donald Trump, the current front-runner, "
        "saying conservatives need to band together to stop him."
    )
    (statement,) = extract_statements(text, SpeakerVocabulary())
    assert statement.speaker.name == "Fiorina"
    assert statement.text == "conservatives need to band together to stop him"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a participle opens the sentence; the place it names ends at its state
        (
            "Speaking at a town hall event in Salem, New Hampshire, Trump went after Bush, "
            "calling him “a total stiff.”",
            "Trump",
        ),
        (
            "On Monday, in Des Moines, Iowa, Cruz attacked Trump, saying he was “not a "
            "conservative at all.”",
            "Cruz",
        ),
        # no place before the comma: the name after it is the subject
        ("On Monday, Trump, the front-runner, attacked Cruz, saying he was “a liar.”", "Trump"),
        # a wire dateline with its agency in brackets is no speaker
        (
            "WASHINGTON, Dec. 8 (UPI) — Huma Abedin rallied supporters on Tuesday, saying: "
            "“We have to be ready to stop him.”",
            "Huma Abedin",
        ),
    ],
)
def test_openers_places_and_datelines_are_passed_over_to_the_subject(
    text: str, speaker: str
) -> None:
    statements = extract_statements(text, SpeakerVocabulary())
    assert [s.speaker.name for s in statements] == [speaker]
