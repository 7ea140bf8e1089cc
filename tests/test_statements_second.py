"""Two cues in one sentence (issue #15): the listener after "told" is no speaker, and a
participle after a quote ("…,'' adding that …") is said by the speaker of the verb before it.
Each text has the shape of a sentence from PolNeAR train where the speaker was wrong."""

from __future__ import annotations

from newsmon.statements import SpeakerVocabulary, extract_statements
from tests.test_statements_completion import _recovered

VOCABULARY = SpeakerVocabulary()


def test_the_listener_after_told_is_not_the_speaker() -> None:
    text = (
        "The mayor will not sign the budget before the council votes on it next week, "
        "her spokeswoman, Ana Lopez, told The Boston Globe."
    )
    assert _recovered(text) == [
        (
            "The mayor will not sign the budget before the council votes on it next week",
            "told",
            "her spokeswoman , Ana Lopez",
        )
    ]


def test_said_still_names_its_speaker_after_it() -> None:
    text = "The plan will cost far more than promised, said Anna Berg, a spokeswoman."
    assert _recovered(text)[0][2] == "Anna Berg"


def test_a_participle_after_a_quote_is_said_by_the_speaker_of_the_verb_before_it() -> None:
    """ "…, told clients that …,'' adding that …": "adding" is Fenwick's, not the clients'."""
    text = (
        "In March, Mr. Fenwick, who made millions of dollars on a bet against the pound, told "
        "clients that worries about British banks like Barclays were ''overdone,'' adding that "
        "Barclays had ''real upside.''"
    )
    names = [statement.speaker.name for statement in extract_statements(text, VOCABULARY)]
    assert names and set(names) == {"Fenwick"}
