"""First names from the census lists (eval/vocabulary/first_names.py): a person named with a
first name the hand-kept lists lack has a gender, and "she" skips him (issue #15)."""

from __future__ import annotations

import pytest

from eval.vocabulary.first_names import build
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
        # Companies and places named like a person: no first name.
        ("Freddie Mac", None),
        ("Eli Lilly", None),
        ("Geneva Convention", None),
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


def test_the_census_lists_are_built_by_cut_exclusions_surnames_and_ratio() -> None:
    male = {"bret": 0.02, "jordan": 0.05, "casey": 0.03, "graham": 0.02, "rare": 0.001}
    female = {"tamara": 0.04, "jordan": 0.01, "casey": 0.02, "hope": 0.03}
    surnames = {"graham": 0.08, "bret": 0.001}
    lists = build(male, female, surnames, left_out={"hope"}, cut=0.01, ratio=4.0)
    assert lists == {
        "female": ["tamara"],
        "male": ["bret", "jordan"],  # "jordan" is borne by men 5 times as often
        "either": ["casey"],
    }


def test_a_company_named_like_a_person_is_no_person_in_the_articles_memory() -> None:
    text = (
        "After Fannie Mae Chief Executive Dana Whitcombe testified, the company issued a "
        'statement. "We are sound," she said.'
    )
    assert [p.name for p in people_in(text.split(". ")[0])] == ["Dana Whitcombe"]
    [statement] = extract_statements(text, VOCABULARY)
    assert statement.speaker.name == "Dana Whitcombe"
