"""Cue-anchored completion (issue #15): the grammar of reported speech around the tagger's
labels, on sentences written for these tests. Labels are given by hand, so each rule is
tested whatever the shipped tagger happens to tag."""

from __future__ import annotations

import pytest

from newsmon.statements.completion import (
    _sentences,
    clause_end,
    clause_start,
    name_after_comma,
    name_before,
    recovered,
    subject_before,
    subject_before_relative,
    transcript_line,
)
from newsmon.statements.cues import says_a_clause
from newsmon.statements.tagger import Token, tokens


def _words(sequence: list[Token], span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    return " ".join(t.text for t in sequence[span[0] : span[1] + 1])


def _recovered(text: str) -> list[tuple[str | None, str | None, str | None]]:
    """(content, cue, source) of every recovery, for a text the tagger left all "O"."""
    sequence = tokens(text)
    return [
        (_words(sequence, r.content), _words(sequence, r.cue), _words(sequence, r.source))
        for r in recovered(sequence, ["O"] * len(sequence))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Clyburn noted those voters will give Sanders a second look.",
            ("those voters will give Sanders a second look", "noted", "Clyburn"),
        ),
        (
            "The senator told reporters on Tuesday that the bill was dead.",
            ("the bill was dead", "told", "The senator"),
        ),
        (
            "The plan will cost far more than promised, the minister said.",
            ("The plan will cost far more than promised", "said", "the minister"),
        ),
        (
            "The plan will cost far more than promised, said Anna Berg, a spokeswoman.",
            ("The plan will cost far more than promised", "said", "Anna Berg"),
        ),
        (
            "Federal mandates distract from teaching, said Ann Wilcox, an Orlando Republican "
            "who founded two transport companies after serving in the Army.",
            ("Federal mandates distract from teaching", "said", "Ann Wilcox"),
        ),
        (
            "According to a congressional report, the agency was hacked in 2010.",
            ("the agency was hacked in 2010", "According to", "a congressional report"),
        ),
        (
            "The agency was hacked in 2010, according to a congressional report.",
            ("The agency was hacked in 2010", "according to", "a congressional report"),
        ),
        (
            "Verizon executives have argued the strike hurts customers.",
            ("the strike hurts customers", "argued", "Verizon executives"),
        ),
    ],
)
def test_a_sentence_without_tagged_content_is_read_by_its_grammar(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert _recovered(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # A title: the outlet's summary, not the speaker's words.
        "Deal is dead and buried, the minister said",
        # Passive: what was stated is the subject; no one is named before the cue.
        "This was stated by officials during a meeting of the council.",
        # No one before the cue to have said it.
        "Last June stirred controversy with an added clause that nobody read.",
        # Too short to be a statement.
        "He said so.",
        # The cue of a quote, which the rules read; the tagger missed the quote.
        '"We back a ceasefire," spokesperson Lin Jian told a regular press briefing.',
    ],
)
def test_no_statement_where_the_grammar_names_no_speaker_or_no_words(text: str) -> None:
    assert _recovered(text) == []


def test_a_sentence_with_tagged_content_is_left_to_the_tagger() -> None:
    sequence = tokens("Clyburn noted those voters will give Sanders a second look.")
    labels = ["O"] * len(sequence)
    labels[2:4] = ["B-CON", "I-CON"]
    assert recovered(sequence, labels) == []


def test_the_tagged_source_before_the_cue_is_the_speaker() -> None:
    sequence = tokens("Mr. Trump has argued the wall would pay for itself.")
    labels = ["O"] * len(sequence)
    labels[0:3] = ["B-SRC", "I-SRC", "I-SRC"]  # "Mr . Trump"
    (found,) = recovered(sequence, labels)
    assert _words(sequence, found.source) == "Mr . Trump"
    assert _words(sequence, found.content) == "the wall would pay for itself"


def test_content_cut_short_runs_on_to_its_clause_end() -> None:
    sequence = tokens("He said that poor and working-class voters have shifted, the poll shows.")
    labels = ["O"] * len(sequence)
    labels[2:6] = ["B-CON", "I-CON", "I-CON", "I-CON"]  # "that poor and working"
    last = clause_end(sequence, labels, 5)
    assert sequence[last].text == "shifted"


def test_content_before_its_cue_runs_back_to_its_clause_start() -> None:
    sequence = tokens("Fares rose again, and the line will close in May, the minister said.")
    labels = ["O"] * len(sequence)
    labels[9:11] = ["B-CON", "I-CON"]  # "in May"
    assert sequence[clause_start(sequence, labels, 9)].text == "and"
    labels[7] = "B-SRC"  # another label between: the content stays as tagged
    assert clause_start(sequence, labels, 9) == 9


def test_content_does_not_run_into_another_label_or_an_opening_quote() -> None:
    sequence = tokens("He said that the vote was “rigged from the start,” Smith said.")
    labels = ["O"] * len(sequence)
    labels[2:5] = ["B-CON", "I-CON", "I-CON"]  # "that the vote"
    assert clause_end(sequence, labels, 4) == 4
    labels[5] = "B-SRC"
    assert clause_end(sequence, labels, 4) == 4


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Verizon executives have said", "Verizon executives"),
        (
            "In Ohio, the billionaire real estate mogul on Monday said",
            "the billionaire real estate mogul",
        ),
        ("and he said", "he"),
        ("Netanyahu rallied supporters by saying", None),
        ("the numbers said", "the numbers"),
        # A phrase that opens with a preposition or a subordinating word is no subject,
        # capitalised or not (PolNeAR train gave the speakers "After years" and "There’s").
        ("After years adding", None),
        ("There’s really", None),
        # "who" right before the cue is its subject, resolved as "…, who said" is.
        ("one of two women who declared", "who"),
        # a participle and its preposition ("Walking into the hall to cheers") name no one
        ("Walking into the hall to", None),
    ],
)
def test_the_subject_before_a_cue(text: str, subject: str | None) -> None:
    sequence = tokens(text)
    found = subject_before(sequence, ["O"] * len(sequence), len(sequence) - 1)
    assert _words(sequence, found) == subject


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tensions flare after Sanders calls", "Sanders"),
        ("Tensions flare after Senator Bernie Sanders on Monday calls", "Senator Bernie Sanders"),
        ("Tensions flare as Sanders calls", "Sanders"),
        ("Tensions flare after India's calls", None),  # what is hers does not speak
        ("Tensions Sanders calls", None),  # no word of the sentence between them
        ("Tensions flare after the senator calls", None),
    ],
)
def test_a_name_between_the_source_and_the_cue_speaks(text: str, name: str | None) -> None:
    sequence = tokens(text)
    assert _words(sequence, name_before(sequence, 0, len(sequence) - 1)) == name


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("the Baltimore Black Lives Matter demonstrations, Geraldo Rivera", "Geraldo Rivera"),
        ("the campaign manager, Corey Lewandowski", "Corey Lewandowski"),
        ("Ted Cruz, R-Texas", None),  # a name before the comma: one speaker
        ("Josh Earnest, the press secretary", None),
        ("the press secretary", None),
    ],
)
def test_a_name_after_a_comma_closes_a_source_that_names_no_one(
    source: str, name: str | None
) -> None:
    sequence = tokens(source)
    assert _words(sequence, name_after_comma(sequence, 0, len(sequence) - 1)) == name


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("In October, Mr. Paulson, who made billions on a bet, told", "Mr . Paulson"),
        ("and Cruz, who’s running in third place, was bold enough to tout", "Cruz"),
        ("the senator, who spoke first, told", None),  # no name before "who"
        ("Paulson made billions on a bet, told", None),  # no relative clause
    ],
)
def test_the_name_before_a_relative_clause_ending_at_the_cue(
    text: str, subject: str | None
) -> None:
    sequence = tokens(text)
    cue = next(k for k, t in enumerate(sequence) if t.text in ("told", "was"))
    assert _words(sequence, subject_before_relative(sequence, cue)) == subject


@pytest.mark.parametrize(
    ("words", "cue", "clause"),
    [
        ("that talks will resume in may", "said", True),
        ("talks will resume in may", "has argued", True),
        ("the meeting's significance as their first talks", "noted", False),
        ("that talks will resume in may", "hopes", False),
    ],
)
def test_a_clause_after_a_verb_of_saying(words: str, cue: str, clause: bool) -> None:
    assert says_a_clause(words.split(), cue) is clause


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("TAPPER: Do you think he can win?", "TAPPER", "Do you think he can win ?"),
        ("JAKE TAPPER: Trump released a video.", "JAKE TAPPER", "Trump released a video ."),
        ("UPDATE: The vote was moved to Friday morning.", None, None),
        ("Note: this story has been updated.", None, None),
        ("The senator said: we will win this.", None, None),
    ],
)  # fmt: skip
def test_a_transcript_line_is_its_capitalised_speakers(
    text: str, speaker: str | None, content: str | None
) -> None:
    sequence = tokens(text)
    line = transcript_line(sequence)
    found = (_words(sequence, line.source), _words(sequence, line.content)) if line else None
    assert found == ((speaker, content) if speaker else None)


def test_sentences_given_by_the_caller_are_the_ones_it_would_find() -> None:
    """learned.found_in passes the sentences it has read already: the same recoveries as
    reading them again (a wrong split would lose the second sentence's statement)."""
    sequence = tokens("Tax rates rose. Mr. Trump has argued the wall would pay for itself.")
    labels = ["O"] * len(sequence)
    spans = _sentences(sequence)
    assert len(spans) == 2
    assert recovered(sequence, labels, spans) == recovered(sequence, labels)
    assert recovered(sequence, labels, spans)
    assert recovered(sequence, labels, spans[:1]) == []


def test_a_straight_quote_after_a_closing_one_opens_the_next_sentence() -> None:
    # '"… win." "And …"': the first mark after the stop closes, the second opens.
    sequence = tokens('"We will win." "And we will win again," he said.')
    words = [" ".join(t.text for t in sequence[a:b]) for a, b in _sentences(sequence)]
    assert words == ['" We will win . "', '" And we will win again , " he said .']
