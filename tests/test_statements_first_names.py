"""First names from the census lists (eval/vocabulary/first_names.py): a person named with a
first name the hand-kept lists lack has a gender, and "she" skips him (issue #15)."""

from __future__ import annotations

import pytest

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.introductions import people_in
from newsmon.statements.official import gender

VOCABULARY = SpeakerVocabulary()


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Bret Halvorsen", "m"),
        ("Fox News host Bret Halvorsen", "m"),
        ("Tamara Reyes", "f"),
        ("Councilwoman Tamara Reyes", "f"),
        # A census name that both sexes bear, alone, or in lower case, shows no gender.
        ("Leslie Ortman", None),
        ("Halvorsen", None),
        ("the bret", None),
        # Left out: a plain English word, a surname, a place.
        ("Will Congress", None),
        ("Grant Park", None),
        ("Warren Ortman", None),
        ("Dallas Police", None),
    ],
)
def test_a_census_first_name_opening_two_capitalised_words_gives_a_gender(
    phrase: str, expected: str | None
) -> None:
    assert gender(phrase) == expected


def test_a_person_with_a_census_first_name_is_remembered_from_any_sentence() -> None:
    found = people_in("The treasurer, Bret Halvorsen, left early and Leslie Ortman stayed.")
    assert [person.name for person in found] == ["Bret Halvorsen", "Leslie Ortman"]


def test_she_skips_a_man_named_with_a_census_first_name() -> None:
    text = (
        '"The budget is a disgrace," Tamara Reyes said on Monday. "It is a fair plan," '
        'Bret Halvorsen replied. "We will fight it in the courts," she said.'
    )
    statements = extract_statements(text, VOCABULARY)
    assert [statement.speaker.name for statement in statements] == [
        "Tamara Reyes",
        "Bret Halvorsen",
        "Tamara Reyes",
    ]
