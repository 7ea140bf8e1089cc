"""The sentence's subject speaks for tagger Content whose cue has no Source of its own."""

from __future__ import annotations

import pytest

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.learned import Segment, _source_of, found_in
from newsmon.statements.subjects import sentence_subject, subject_named_before
from newsmon.statements.tagger import Tagged, tokens
from newsmon.statements.token_sentences import _sentences


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
        # quoted words open the sentence: a speaker is never named inside them
        ('Rain fell. "Better keep the kids home today," posted another parent.', "posted"),
        ('"Nobody saw it coming," wrote a neighbour, adding a photo.', "adding"),
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


@pytest.mark.parametrize(
    ("text", "cue", "subject"),
    [
        ("In July, Sammy Aaron, vice chairman of G-III, told Forbes so.", "told", "Sammy Aaron"),
        ("Judged against the past, the plan looks fine, suggesting progress.", "suggesting", None),
        ("Indeed, text messages suggested a plot.", "suggested", None),
        ("Just hours later, he spoke, vetoing the bill.", "vetoing", None),
        # the tokenizer keeps "she's" whole; the pronoun in it is the subject
        ("Since May, she's drifted left on trade, urging new limits.", "urging", "she's"),
        # a participle and its preposition open the sentence; the name after the comma speaks
        ("Walking into the hall to cheers, Mayor Lin waved, urging calm.", "urging", "Mayor Lin"),
        # a participle with an object, or "to", opens a phrase; an "-ing" name goes on with
        # its verb
        ("Strolling to the bakery, Mayor Lin waved, urging calm.", "urging", "Mayor Lin"),
        ("Facing stiff questions, Judge Ruiz smiled, adding little.", "adding", "Judge Ruiz"),
        ("Having lost the vote, the mayor resigned, blaming rivals.", "blaming", "the mayor"),
        ("Fleming was blunt about it, urging calm.", "urging", "Fleming"),
        ("Manning waved, urging calm.", "urging", "Manning"),
    ],
)
def test_the_subject_on_tokens_passes_openers_and_no_opener_is_one(
    text: str, cue: str, subject: str | None
) -> None:
    sequence = tokens(text)
    at = next(k for k, token in enumerate(sequence) if token.text == cue)
    found = sentence_subject(sequence, 0, at)
    assert (" ".join(t.text for t in sequence[found[0] : found[1] + 1]) if found else None) == (
        subject
    )


def test_a_cue_without_a_source_in_its_sentence_takes_the_sentences_subject() -> None:
    # The tagger saw "Trump's" as a Source in the sentence before, none in the cue's own.
    sequence = tokens(
        "Trump's company grew. In July, Sammy Aaron, an executive, told Forbes that it grew."
    )
    labels = ["O"] * len(sequence)
    labels[0] = "B-SRC"
    cue = next(k for k, token in enumerate(sequence) if token.text == "told")
    labels[cue] = "B-CUE"
    labels[cue + 3 :] = ["B-CON"] + ["I-CON"] * (len(sequence) - cue - 4)
    tagged = Tagged(sequence, labels, [])
    sources = [Segment("SRC", 0, 0)]
    source = _source_of(Segment("CUE", cue, cue), sources, tagged, _sentences(sequence))
    assert source is not None
    assert " ".join(t.text for t in sequence[source.first : source.last + 1]) == "Sammy Aaron"


def test_a_contracted_pronoun_subject_is_printed_as_the_pronoun() -> None:
    # The tagger ran its Source over the verb phrase and left the subject "she's" out.
    text = "Since May, she's drifted left on trade, urging new limits on imports."
    sequence = tokens(text)
    words = [t.text for t in sequence]
    cue = words.index("urging")
    labels = ["O"] * len(sequence)
    labels[words.index("drifted") : cue] = ["B-SRC"] + ["I-SRC"] * (
        cue - words.index("drifted") - 1
    )
    labels[cue] = "B-CUE"
    labels[cue + 1 : -1] = ["B-CON"] + ["I-CON"] * (len(sequence) - cue - 3)
    (item,) = found_in(Tagged(sequence, labels, [0.9] * len(labels)), 0)
    assert item.source is not None
    assert text[item.source[0] : item.source[1]] == "she"
    assert text[item.start : item.end] == "new limits on imports"
