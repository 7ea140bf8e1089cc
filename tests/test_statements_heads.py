"""The head of a noun phrase is the speaker, not a name inside its appositive (issue #15):
"Y, the chief economist for X's team" is Y, not X's. Each text has the shape of a PolNeAR
train source where the speaker came out as a modifier."""

from __future__ import annotations

import time

import pytest

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.names import side_that_speaks
from newsmon.statements.phrase_speaker import speaker_for_source
from newsmon.statements.speakers import _Context

VOCABULARY = SpeakerVocabulary()


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"The budget does not add up and everyone in Albany knows it," said Alan Pruitt, '
            "the chief economist for Governor Mark Delaney's transition team.",
            "Alan Pruitt",
        ),
        (
            "Sen. Tom Reddick (a Vermont Democrat who rarely speaks about guns) said the bill "
            '"will save lives in every state of the union."',
            "Tom Reddick",
        ),
    ],
)
def test_the_name_before_an_appositive_is_the_speaker(text: str, speaker: str) -> None:
    assert [s.speaker.name for s in extract_statements(text, VOCABULARY)] == [speaker]


@pytest.mark.parametrize(
    ("source", "speaker"),
    [
        ("Peter Hale Jr., the director of the State Election Board,", "Peter Hale Jr"),
        ("Nora Quill, a cyber security expert who has studied the breach", "Nora Quill"),
        ("Dan Ortega, Senator Reddick's campaign manager,", "Dan Ortega"),
    ],
)
def test_a_source_phrase_is_headed_by_the_name_it_opens_with(source: str, speaker: str) -> None:
    context = _Context(VOCABULARY.compiled(), [])
    assert speaker_for_source(source, context).name == speaker


def test_who_after_a_clause_is_the_name_that_ends_the_clause() -> None:
    text = (
        "The deal was reached on Friday after two weeks of talks with help from Labor "
        'Secretary Laura Finch, who said the agreement "will hold for the next four years '
        'at least."'
    )
    assert [s.speaker.name for s in extract_statements(text, VOCABULARY)] == ["Laura Finch"]


@pytest.mark.parametrize(
    ("source", "speaker"),
    [
        ("The retired judge then", "retired judge"),
        ("The county auditor later", "county auditor"),
        ("The county election board long ago", "county election board"),
    ],
)
def test_an_adverb_of_time_is_no_part_of_the_name(source: str, speaker: str) -> None:
    context = _Context(VOCABULARY.compiled(), [])
    assert speaker_for_source(source, context).name == speaker


def test_the_participle_that_says_when_is_no_part_of_the_name() -> None:
    text = (
        "Governor Alan Reddick has support from 52 percent of likely primary voters, while "
        "his rival has backing from 33 percent, according to a Marist College survey "
        "released on Thursday."
    )
    names = [s.speaker.name for s in extract_statements(text, VOCABULARY)]
    assert names == ["Marist College survey"]


@pytest.mark.parametrize(
    ("source", "before", "speaker"),
    [
        ("Across Europe, central bankers", "", "central bankers"),
        ("For years, Ms. Varga", "", "Varga"),
        ("TOPEKA, Kan. — Sen. Laura Kessel", "", "Laura Kessel"),
        (
            "a Marist College survey, 40 percent of Democrats",
            "The race has tightened, according to ",
            "Marist College survey",
        ),
    ],
)
def test_a_source_over_an_opening_comma_is_the_side_that_speaks(
    source: str, before: str, speaker: str
) -> None:
    context = _Context(VOCABULARY.compiled(), [])
    assert speaker_for_source(source, context, before).name == speaker


@pytest.mark.parametrize(
    ("source", "speaker"),
    [
        ("RENTS OUTPACE WAGES IN THREE STATES - Dana Whitfield", "Dana Whitfield"),
        ("WHY THE SURVEYS MISSED THE SWING – Omar Reyes and Dana Whitfield", "Dana Whitfield"),
    ],
)
def test_a_digest_items_headline_in_capitals_is_no_speaker_its_byline_is(
    source: str, speaker: str
) -> None:
    """ "HEADLINE IN CAPITALS - Author: “…”", a poll digest's item: the author speaks."""
    context = _Context(VOCABULARY.compiled(), [])
    assert speaker_for_source(source, context).name == speaker


@pytest.mark.parametrize("phrase", ["NBC/WSJ - Marist poll", "CNN/ORC – Monmouth survey"])
def test_one_word_in_capitals_before_a_dash_is_no_digest_headline(phrase: str) -> None:
    assert side_that_speaks(phrase, "") == phrase


def test_a_long_phrase_in_capitals_is_read_in_time_that_grows_with_its_length() -> None:
    # The digest byline's pattern once took 2 s on 16,000 capitals (its runs nested).
    started = time.process_time()
    for phrase in ("A" * 16_000, "AB CD " * 3_000):
        assert side_that_speaks(phrase, "") == phrase
    assert time.process_time() - started < 0.5
