"""Where a statement's words end (issue #15): with the opening subordinate clause
("While …", "Although …") their cue stands in, before ", and he <verb>", before a second
quote after ", who said"; on sentences written for these tests, hand-labelled for the
tagger's path, plain text for the rules'."""

from __future__ import annotations

import pytest

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.rules import _statement_in
from newsmon.statements.speakers import _Context
from newsmon.statements.subordinate import clause_close, in_subordinate
from newsmon.statements.tagger import tokens
from tests.test_statements_nesting import _read


def _rules_words(sentence: str) -> str:
    """The words of the statement the rules read in ``sentence``."""
    statement = _statement_in(sentence, 0, _Context(SpeakerVocabulary().compiled(), []), None)
    assert statement is not None
    return statement.text


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        # The tagger ran the farmers' words on into the main clause, which says more.
        (
            "While farmers/SRC welcomed/CUE the/CON new/CON rules/CON on/CON water/CON ,/CON "
            "they/CON were/CON angry/CON about/CON the/CON fuel/CON tax/CON .",
            ("the new rules on water", "welcomed", "farmers"),
        ),
        (
            "Though the/SRC council/SRC kept/CUE quiet/CUE about/CUE the/CON date/CON of/CON "
            "the/CON vote/CON ,/CON all/CON signs/CON pointed/CON to/CON May/CON .",
            ("the date of the vote", "kept quiet about", "the council"),
        ),
        (
            "Despite the/SRC mayor's/SRC claims/CUE that/CON the/CON bridge/CON is/CON "
            "safe/CON ,/CON all/CON of/CON the/CON engineers/CON doubt/CON it/CON .",
            ("that the bridge is safe", "claims", "the mayor's"),
        ),
        # '…," and she promised …': the subject's next act, not the words.
        (
            "The/SRC mayor/SRC mocked/CUE the/CON '/CON '/CON bridge/CON to/CON nowhere/CON "
            ",/CON '/CON '/CON and/CON she/CON promised/CON a/CON tunnel/CON by/CON spring/CON .",
            ("the ' ' bridge to nowhere", "mocked", "The mayor"),
        ),
    ],
)
def test_tagger_words_end_where_their_clause_does(
    marked: str, expected: tuple[str, str, str]
) -> None:
    assert _read(marked) == [expected]


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
    assert _rules_words(sentence) == "the old bridge was safe for decades"
    texts = [s.text for s in extract_statements(sentence, SpeakerVocabulary())]
    assert not any("rusting" in text for text in texts if "bridge" in text)


def test_rules_words_end_before_a_clause_joined_with_and_and_a_pronoun() -> None:
    sentence = (
        "Mayor Tom Hale said that the old bridge was unsafe, and he promised a new tunnel "
        "before the winter."
    )
    assert _rules_words(sentence) == "the old bridge was unsafe"
    # A modal after the pronoun: still what was said.
    sentence = "Mayor Tom Hale said that the old bridge was unsafe, and he would close it soon."
    assert _rules_words(sentence).endswith("he would close it soon")


def test_a_quote_after_who_said_is_a_statement_of_its_own() -> None:
    # '"…," said X, who said …"…"': two attributions, not one quote that runs on.
    text = (
        "“The new tunnel is a waste of money,” said Ada Brenner, who said the city had "
        "“far better uses for the cash than digging.”"
    )
    texts = [s.text for s in extract_statements(text, SpeakerVocabulary())]
    assert texts[0] == "The new tunnel is a waste of money"
    assert not any("digging" in t for t in texts if "tunnel" in t)


@pytest.mark.parametrize(
    ("sentence", "said_first"),
    [
        (
            "Mayor Tom Hale said he plans to seek a second term next spring, and several council "
            "members said he is the favourite of the party's donors in the city.",
            "he plans to seek a second term next spring",
        ),
        (
            "Ms. Ortiz said she met the mining company's lawyers twice last year, but the "
            "company said those meetings were about the permits alone.",
            "she met the mining company's lawyers twice last year",
        ),
        (
            "Mayor Tom Hale said he spoke with the union twice in May, but officials said "
            "those talks were only about the pensions.",
            "he spoke with the union twice in May",
        ),
        # "whereas" joins one too, and the second verb may be any verb of reporting speech
        (
            "Mayor Tom Hale said the old pier was never properly inspected, whereas the "
            "contractor acknowledged that two of its beams had cracked.",
            "the old pier was never properly inspected",
        ),
        (
            "Ms. Ortiz said she would cut the school budget by a tenth, and the teachers' union "
            "vowed to strike if she did.",
            "she would cut the school budget by a tenth",
        ),
        (
            "Mayor Tom Hale says the town has four hundred farms, while another count says it "
            "has fewer than three hundred.",
            "the town has four hundred farms",
        ),
    ],
)
def test_rules_words_end_before_a_second_attribution_a_conjunction_joins(
    sentence: str, said_first: str
) -> None:
    statements = extract_statements(sentence, SpeakerVocabulary())
    [first] = [s for s in statements if s.text.startswith(said_first[:20])]
    assert first.text == said_first
    assert first.speaker.name in ("Tom Hale", "Ortiz", "Ms. Ortiz")


@pytest.mark.parametrize(
    "sentence",
    [
        # the joined clause's own verb comes before any verb of reporting
        "Mayor Tom Hale said the harbour was deeper than ever, and trade was busier than "
        "most shippers predicted.",
        # a verb of reporting before "to" says what the subject does, not what it says
        "Mayor Tom Hale said the fares rose a tenth last year, and ridership continued to "
        "fall in every district.",
        "Mayor Tom Hale said the budget would pass the council easily, and its members "
        "agreed to support it.",
    ],
)
def test_rules_words_run_on_over_a_joined_clause_that_says_nothing(sentence: str) -> None:
    [statement] = extract_statements(sentence, SpeakerVocabulary())
    assert statement.speaker.name == "Tom Hale"
    assert statement.text == sentence.split(" said ", 1)[1].rstrip(".")


def test_the_speaker_after_while_says_nothing_of_the_clause_before_it() -> None:
    # "…, while another says …" joins a second attribution, as ", and another says" does:
    # the clause before it is not another's, and "while another" is no speaker.
    sentence = (
        "One says the harbour is the deepest on the coast and that its cranes are the oldest, "
        "while another says the port to the north is deeper still."
    )
    statements = extract_statements(sentence, SpeakerVocabulary())
    assert "while another" not in [s.speaker.name for s in statements]
    assert [s.text for s in statements if s.speaker.name == "another"] == [
        "the port to the north is deeper still"
    ]


@pytest.mark.parametrize(
    ("sentence", "speaker", "said"),
    [
        # the verb of saying in the opening clause is not the sentence's cue
        (
            "While not all the mayor says about the budget is wrong, Ms. Ortiz said the "
            "tunnel plan would ruin the city's finances.",
            "Ortiz",
            "the tunnel plan would ruin the city's finances",
        ),
        # the opening clause is no part of what the main clause's speaker said
        (
            "Despite many council members voicing doubts about the cost, Mayor Tom Hale says "
            "the new bridge will open before the winter.",
            "Tom Hale",
            "the new bridge will open before the winter",
        ),
        (
            "While the union has pushed for more talks over the pensions, Mayor Tom Hale "
            "told reporters that the city could not pay more this year.",
            "Tom Hale",
            "the city could not pay more this year",
        ),
    ],
)
def test_an_opening_subordinate_clause_is_not_the_main_speakers_words(
    sentence: str, speaker: str, said: str
) -> None:
    statement = _statement_in(sentence, 0, _Context(SpeakerVocabulary().compiled(), []), None)
    assert statement is not None
    assert (statement.speaker.name, statement.text) == (speaker, said)


def test_an_opening_clause_closes_before_a_subject_and_was_has_or_is() -> None:
    # "was", "has", "is" after the subject are its verb, as "were", "have", "are" are.
    sentence = (
        "While Mayor Tom Hale has maintained that the old bridge is safe, the council is "
        "planning to close it in May."
    )
    sequence = tokens(sentence)
    comma = clause_close(sequence, 6, len(sequence) - 1)
    assert comma is not None and sequence[comma + 1].text == "the"
    assert _rules_words(sentence) == "the old bridge is safe"


def test_an_opening_clause_closes_before_a_titled_name_in_a_whole_article() -> None:
    # The rules read sentences with abbreviation dots masked: "Ms." opens the subject still.
    text = (
        "While few of the harbour plans have been costed, Ms. Varga said the port would "
        "need new cranes within two years."
    )
    statements = extract_statements(text, SpeakerVocabulary())
    assert [(s.speaker.name, s.text) for s in statements] == [
        ("Varga", "the port would need new cranes within two years")
    ]


def test_an_appositive_with_a_relative_clause_does_not_close_the_opening_clause() -> None:
    # "a state that she hoped to win": "hoped" is the relative clause's verb, no subject's.
    text = (
        "Even as the tour moves to Ohio, a state that she hoped to win easily, aides said "
        "the race had tightened."
    )
    statements = extract_statements(text, SpeakerVocabulary())
    assert [(s.speaker.name, s.text) for s in statements] == [("aides", "the race had tightened")]


def test_a_main_clause_said_before_its_speaker_keeps_the_opening_clause() -> None:
    # "…, the vote will be close, said Roe": the opening clause is part of what Roe said.
    text = "Even as the tour moves to Ohio, the vote there will be very close, said Ann Roe."
    [statement] = extract_statements(text, SpeakerVocabulary())
    assert statement.speaker.name == "Ann Roe"
    assert statement.text.startswith("Even as the tour moves to Ohio")


def test_a_quote_in_the_main_clause_is_said_by_its_subject() -> None:
    # "fired back" is no verb the rules read, so the whole sentence was read and the opening
    # clause's "suggested" gave Tom Hale the words Ann Roe said.
    sentence = (
        "When Tom Hale suggested that the city would sue the state, Ann Roe fired back: "
        "\u201cIf they sue us in a court in Ohio, they are going to lose.\u201d"
    )
    statement = _statement_in(sentence, 0, _Context(SpeakerVocabulary().compiled(), []), None)
    assert statement is not None
    assert (statement.speaker.name, statement.kind) == ("Ann Roe", "direct")


def test_a_main_clause_that_opens_with_a_quote_names_no_subject_in_it() -> None:
    sentence = (
        "As Ann Roe said last week in Salem, \u201cOhio is the heart of the vote this year.\u201d"
    )
    statement = _statement_in(sentence, 0, _Context(SpeakerVocabulary().compiled(), []), None)
    assert statement is not None and statement.speaker.name == "Ann Roe"
