"""Whose words a tagger cue reports when its Source is no subject (issue #15): a verb after
"and"/"but" is said by its sentence's subject, not by the name the tagger marked right
before it; a Source segment that opens with a lower-case preposition names no one. On
sentences written for these tests, hand-labelled for the tagger's path."""

from __future__ import annotations

from tests.test_statements_nesting import _read


def test_a_verb_after_but_is_said_by_the_sentences_subject() -> None:
    # The tagger marked "Mayor Diaz" (the first verb's object) as the source of "said".
    marked = (
        "Judge Ortega put off ruling on whether the council could question "
        "Mayor/SRC Diaz/SRC but said/CUE the/CON council/CON could/CON ask/CON again/CON "
        "in/CON June/CON ."
    )
    assert _read(marked) == [("the council could ask again in June", "said", "Judge Ortega")]


def test_a_verb_after_and_keeps_a_pronoun_subject() -> None:
    marked = (
        "She visited the harbour with Councillor/SRC Reed/SRC and warned/CUE that/CON "
        "the/CON pier/CON would/CON close/CON in/CON winter/CON ."
    )
    assert _read(marked) == [("that the pier would close in winter", "warned", "She")]


def test_a_source_opening_with_a_preposition_names_no_one() -> None:
    # "of Harbor Energy and": the tagger began the source inside another phrase; the
    # sentence's subject speaks instead.
    marked = (
        "The report named the owners of/SRC Harbor/SRC Energy/SRC and/SRC the/SRC "
        "union/SRC telling/CUE members/CON that/CON the/CON plant/CON is/CON safe/CON ."
    )
    assert _read(marked) == [("members that the plant is safe", "telling", "The report")]


def test_a_verb_after_and_is_said_by_a_pronoun_of_quantity() -> None:
    # "Some" is no subject to sentence_subject ("Many …" often opens a phrase); the
    # tagger's next source, "Others" in the following sentence, does not speak here.
    marked = (
        "Some stay away from the hearings and argue/CUE that/CON the/CON rules/CON "
        "are/CON unfair/CON . Others/SRC insist/CUE that/CON the/CON rules/CON "
        "work/CON ."
    )
    assert _read(marked)[0] == ("that the rules are unfair", "argue", "Some")


def test_most_of_a_group_is_no_subject_of_its_own() -> None:
    marked = (
        "Most of the members stay away and argue/CUE that/CON the/CON rules/CON are/CON "
        "unfair/CON . Others/SRC insist/CUE that/CON the/CON rules/CON work/CON ."
    )
    assert _read(marked)[0][2] != "Most"
