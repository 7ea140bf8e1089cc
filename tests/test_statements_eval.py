"""The labelled evaluation set and the extraction rules added for it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from newsmon.statements import SpeakerVocabulary, extract_statements

ROOT = Path(__file__).resolve().parents[1]


def _evaluation() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "statements_evaluate", ROOT / "eval" / "statements" / "evaluate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_evaluation_set_is_large_enough_and_meets_the_targets() -> None:
    figures = _evaluation().run(verbose=False)
    assert figures["gold"] >= 60 and figures["articles"] >= 25
    assert figures["f1"] >= 0.90
    assert figures["speaker"] >= 0.92
    assert figures["novelty"] >= 0.95


@pytest.mark.parametrize(
    ("text", "speaker", "second"),
    [
        (
            '"Beijing\'s approach deserves respect," Kremlin spokesman Dmitry Peskov said, '
            "adding that no date has been set for the next round of talks.",
            "Dmitry Peskov",
            "no date has been set for the next round of talks",
        ),
        (
            "Chinese Foreign Ministry spokesperson Lin Jian said on Tuesday that Beijing "
            '"firmly supports all efforts conducive to peace" and urged the parties to keep '
            "talking.",
            "Lin Jian",
            "the parties to keep talking",
        ),
    ],
)
def test_a_second_act_of_saying_is_a_second_statement_by_the_same_speaker(
    text: str, speaker: str, second: str
) -> None:
    statements = extract_statements(text, SpeakerVocabulary())
    assert [s.speaker.name for s in statements] == [speaker, speaker]
    assert statements[1].text == second
    assert statements[1].kind == "reported"


def test_sentence_initial_the_is_not_part_of_an_institution_name() -> None:
    text = 'The Chinese Foreign Ministry said in a statement that Beijing "opposes any smear."'
    (statement,) = extract_statements(text, SpeakerVocabulary())
    assert statement.speaker.name == "Chinese Foreign Ministry"
    assert statement.speaker.official and statement.speaker.country == "China"


def test_a_leading_asked_about_clause_is_not_the_statement() -> None:
    text = "Asked about drone parts, Lin said that China has never provided lethal weapons."
    (statement,) = extract_statements(text, SpeakerVocabulary())
    assert statement.text == "China has never provided lethal weapons"


def test_and_urged_inside_the_quoted_words_is_part_of_them() -> None:
    text = 'Lin Jian said Beijing had "always stayed calm in the crisis and urged restraint."'
    (statement,) = extract_statements(text, SpeakerVocabulary())
    assert statement.text.startswith("always stayed calm in the crisis and urged restraint")
