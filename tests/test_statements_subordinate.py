"""Reported words whose cue stands in a sentence's opening subordinate clause ("While …",
"Although …") end where that clause does (issue #15), on sentences written for these
tests: hand-labelled for the tagger's path, plain text for the rules'."""

from __future__ import annotations

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.rules import _statement_in
from newsmon.statements.speakers import _Context
from newsmon.statements.subordinate import clause_close, in_subordinate
from newsmon.statements.tagger import tokens
from tests.test_statements_nesting import _read


def test_tagger_words_end_with_the_subordinate_clause_of_their_cue() -> None:
    # The tagger ran the farmers' words on into the main clause, which says something else.
    marked = (
        "While farmers/SRC welcomed/CUE the/CON new/CON rules/CON on/CON water/CON ,/CON "
        "they/CON were/CON angry/CON about/CON the/CON fuel/CON tax/CON ."
    )
    assert _read(marked) == [("the new rules on water", "welcomed", "farmers")]
    marked = (
        "Though the/SRC council/SRC kept/CUE quiet/CUE about/CUE the/CON date/CON of/CON "
        "the/CON vote/CON ,/CON "
        "all/CON signs/CON pointed/CON to/CON May/CON ."
    )
    assert _read(marked) == [("the date of the vote", "kept quiet about", "the council")]


def test_a_cue_in_the_main_clause_keeps_its_words() -> None:
    # The clause closed before the cue: the comma inside the words is no end.
    marked = (
        "When the mayor spoke , she/SRC said/CUE that/CON the/CON roads/CON ,/CON the/CON "
        "bridges/CON and/CON the/CON tunnels/CON were/CON safe/CON ."
    )
    assert _read(marked) == [
        ("that the roads , the bridges and the tunnels were safe", "said", "she")
    ]
    # No subordinate clause: the words run on as the tagger read them.
    marked = (
        "Farmers/SRC welcomed/CUE the/CON rules/CON on/CON water/CON ,/CON they/CON "
        "were/CON told/CON ."
    )
    assert _read(marked)[0][0] == "the rules on water , they were told"


def test_a_place_name_after_a_comma_does_not_close_the_clause() -> None:
    sequence = tokens("While Ms. Reyes says he filmed the raid in Burns , Ore. , others argue")
    cue = [t.text for t in sequence].index("says")
    assert in_subordinate(sequence, cue)
    comma = clause_close(sequence, cue, len(sequence) - 1)
    assert comma is not None and [t.text for t in sequence[comma:]] == [",", "others", "argue"]


def test_rules_words_end_with_the_subordinate_clause_of_their_cue() -> None:
    sentence = (
        "Although Mayor Tom Hale says that the old bridge was safe for decades, "
        "engineers argue that its cables are rusting badly."
    )
    statement = _statement_in(sentence, 0, _Context(SpeakerVocabulary().compiled(), []), None)
    assert statement is not None
    assert statement.text == "the old bridge was safe for decades"
    texts = [s.text for s in extract_statements(sentence, SpeakerVocabulary())]
    assert not any("rusting" in text for text in texts if "bridge" in text)
