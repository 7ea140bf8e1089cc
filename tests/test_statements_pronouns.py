"""Whom "he" and "she" point back to (issue #15): a person who spoke or opened a sentence.
Each text has the shape of a sentence from PolNeAR train where "he" went to the wrong one."""

from __future__ import annotations

import pytest

from newsmon.statements import SpeakerVocabulary, extract_statements

VOCABULARY = SpeakerVocabulary()


def speakers(text: str) -> list[str]:
    return [statement.speaker.name for statement in extract_statements(text, VOCABULARY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Named in passing after the speaker: "he" is still the speaker.
        (
            '"We will win on the first ballot," Paul Manafort told reporters on Sunday, after '
            "a rally where delegates cheered for Ted Cruz. "
            'He said "the numbers are on our side and they will stay there."',
            ["Paul Manafort", "Paul Manafort"],
        ),
        # A name that opens its sentence is its subject, salient like a speaker.
        (
            '"We will appeal the ruling," Gov. Rick Scott said on Monday. '
            "Carlos Lopez-Cantera, the lieutenant governor, met the families in Miami. "
            'He said "the state will not give up on any of them."',
            ["Rick Scott", "Carlos Lopez-Cantera"],
        ),
    ],
)
def test_he_is_the_latest_person_who_spoke_or_opened_a_sentence(
    text: str, expected: list[str]
) -> None:
    assert speakers(text) == expected
