"""Statements in real news (issues #15, #22, #23): speakers, bodies, unnamed sources,
official or not, pronouns, linear time, and the report the CLI prints."""

from __future__ import annotations

import time

import pytest

from newsmon.models import Statement
from newsmon.statements import SpeakerVocabulary, extract, extract_statements, report
from newsmon.statements.official import official_status

VOCABULARY = SpeakerVocabulary()


def only(text: str) -> Statement:
    statements = extract_statements(text, VOCABULARY)
    assert len(statements) == 1, [(s.speaker.name, s.text) for s in statements]
    return statements[0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('"We will not back down on this," said Sen. Ted Cruz, R-Texas, on Tuesday.', "Ted Cruz"),
        (
            "Elizabeth Warren supporter Zainab Dossaji told reporters that the plan was a "
            "disaster for families.",
            "Zainab Dossaji",
        ),
        (
            '"The rocket is ready for launch next week," Gwynne Shotwell, president of SpaceX, '
            "said.",
            "Gwynne Shotwell",
        ),
        ('"…the deal is dead and nobody will revive it," Mr. Obama said.', "Obama"),
        (
            'Donald Trump tweeted this: "The election is rigged and everybody knows it!"',
            "Donald Trump",
        ),
        (
            'Senator Maria Lopez criticised the plan, saying, "This bill will hurt working '
            'families across the state."',
            "Maria Lopez",
        ),
    ],
)
def test_the_head_of_the_noun_phrase_is_the_speaker(text: str, name: str) -> None:
    assert only(text).speaker.name == name


def test_a_re_mention_inherits_the_role_given_earlier() -> None:
    text = (
        "Transport Secretary Grant Shapps said the railways would be nationalised next year. "
        '"It is the right thing to do for passengers," Mr Shapps said.'
    )
    statements = extract_statements(text, VOCABULARY)
    assert [s.speaker.name for s in statements] == ["Grant Shapps", "Grant Shapps"]
    assert all(s.speaker.official and s.speaker.role == "secretary" for s in statements)


def test_she_after_a_two_sentence_quote_is_the_last_woman_named() -> None:
    text = (
        "Nancy Pelosi met Donald Trump on Monday. "
        '"We will not give up. We will keep fighting for this bill," she said.'
    )
    assert only(text).speaker.name == "Nancy Pelosi"


def test_two_quoted_lines_in_one_sentence_are_two_statements() -> None:
    text = '"We will fight for every vote." "We will win this state in November," Ms. Harris said.'
    statements = extract_statements(text, VOCABULARY)
    assert [s.text for s in statements] == [
        "We will fight for every vote.",
        "We will win this state in November,",
    ]
    assert {s.speaker.name for s in statements} == {"Harris"}


@pytest.mark.parametrize(
    ("text", "name", "kind", "official"),
    [
        (
            "Russia's foreign ministry said in a statement that the talks had failed completely.",
            "Russia's foreign ministry",
            "organisation",
            True,
        ),
        (
            "US officials said the strike had hit a weapons depot near the border.",
            "US officials",
            "unnamed",
            True,
        ),
        (
            "People familiar with the talks said a deal could be reached by Friday.",
            "People familiar with the talks",
            "unnamed",
            None,
        ),
    ],
)
def test_bodies_and_unnamed_sources_make_statements(
    text: str, name: str, kind: str, official: bool | None
) -> None:
    speaker = only(text).speaker
    assert (speaker.name, speaker.kind, speaker.official) == (name, kind, official)


@pytest.mark.parametrize(
    "text",
    [
        "Lin Jian answered a question related to the direct talks.",
        "The foreign ministers discussed the situation in the Middle East.",
    ],
)
def test_the_topic_of_an_answer_or_a_discussion_is_not_a_statement(text: str) -> None:
    assert extract(text, SpeakerVocabulary()).statements == []


def test_a_reaction_is_the_speakers_position_and_a_statement() -> None:
    # Issue #15 counts condemned, welcomed, urged …; so does PolNeAR.
    statement = only("Beijing condemned the West’s unilateral sanctions on Russia.")
    assert (statement.speaker.name, statement.text) == (
        "Beijing",
        "the West’s unilateral sanctions on Russia",
    )


def test_a_clause_after_a_verb_of_saying_is_a_statement_even_after_an_article() -> None:
    text = "Foreign Minister Wang Yi said the talks would resume next week in Geneva."
    assert only(text).text == "the talks would resume next week in Geneva"


@pytest.mark.parametrize(
    ("phrase", "official"),
    [
        ("Foreign Secretary David Lammy", True),
        ("Labour MP Jess Phillips", True),
        ("councilman Joe Borelli", True),
        ("Ambassador Zhang Hanhui", True),
        ("the US military", True),
        ("NASA", True),
        ("the EU", True),
        ("Russia's defence ministry", True),
        ("a union spokesman", False),
        ("Gwynne Shotwell, president of SpaceX", False),
        ("a spokeswoman for Amnesty International's campaign", False),
        ("former Secretary of State Hillary Clinton", False),
        ("Republican presidential nominee Donald Trump", False),
        ("the spokeswoman", None),
        ("Mr Smith", None),
    ],
)
def test_official_from_role_and_body(phrase: str, official: bool | None) -> None:
    assert official_status(phrase) is official


def test_report_gives_one_row_per_span_with_the_fields_the_cli_prints() -> None:
    text = (
        '"Only after a ceasefire can negotiations resume," Sun Lei, China\'s deputy envoy, noted.'
    )
    [row] = report(text, VOCABULARY)
    expected = {"text", "speaker", "kind", "role", "organisation", "country", "official"}
    assert expected | {"cue", "start", "end"} <= set(row)
    assert text[row["start"] : row["end"]] == row["text"]
    assert row["speaker"] == "Sun Lei" and row["official"] is True


def test_max_chars_cuts_the_text_and_says_so() -> None:
    sentence = "The minister said that the talks would resume in Geneva next week. "
    long_text = sentence * 40
    cut = extract(long_text, VOCABULARY, max_chars=len(sentence) * 2)
    assert cut.truncated
    assert all(end <= len(sentence) * 2 for s in cut.statements for _, end in s.spans)
    assert not extract(sentence, VOCABULARY).truncated


def _seconds_per_word(text: str) -> float:
    started = time.perf_counter()
    extract(text, VOCABULARY, max_chars=len(text) + 1)
    return (time.perf_counter() - started) / len(text.split())


@pytest.mark.slow
def test_a_hostile_run_on_text_takes_linear_time() -> None:
    unit = (
        'the minister said spokesperson told reporters China " “ ” according to officials '
        "Mr. Smith warned that Beijing’s envoy, said Sen. Ted Cruz, R-Texas, and the ministry "
    )
    extract(unit, VOCABULARY)  # load the model outside the timing
    small = _seconds_per_word(unit * 40)
    large = _seconds_per_word(unit * 1600)
    # Quadratic growth would make the large text 40x slower per word; allow noise.
    assert large < 4 * small


def test_on_a_few_polnear_train_articles_most_found_statements_are_attributions() -> None:
    """A small check on real news when the corpus is beside the repository (skipped if not)."""
    polnear = pytest.importorskip("eval.attribution.polnear")
    scoring = pytest.importorskip("bench.attribution")
    try:
        selected = list(polnear.articles("train"))[:8]
    except FileNotFoundError:
        pytest.skip("PolNeAR is not in shared/corpus beside the repository")
    totals = {"predictions": 0, "matched_predictions": 0, "speech": 0, "speech_found": 0}
    for article in selected:
        scored = scoring.score_article(article, scoring.predict(article.text, VOCABULARY))
        for key in totals:
            totals[key] += scored[key]
    assert totals["matched_predictions"] >= 0.75 * totals["predictions"]
    assert totals["speech_found"] >= 0.35 * totals["speech"]


class _Marginals:
    """Content marginals per token, as pycrfsuite.Tagger.marginal gives them."""

    def __init__(self, content: list[float]) -> None:
        self.content = content

    def marginal(self, label: str, index: int) -> float:
        return self.content[index] if label == "I-CON" else 0.0


def test_o_tokens_the_tagger_finds_likely_enough_content_become_content() -> None:
    from newsmon.statements.tagger import CONTENT_MARGINAL, _content_probability

    assert CONTENT_MARGINAL is not None
    labels = ["B-SRC", "B-CUE", "B-CON", "I-CON", "O", "O", "O"]
    marginals = _Marginals([0.0, 0.0, 0.9, 0.9, CONTENT_MARGINAL + 0.05, 0.01, 0.6])
    probability = _content_probability(marginals, labels)
    assert labels == ["B-SRC", "B-CUE", "B-CON", "I-CON", "I-CON", "O", "B-CON"]
    assert probability[4] == pytest.approx(CONTENT_MARGINAL + 0.05)
    assert probability[5] == 0.0


def test_a_state_speaking_as_itself_is_official() -> None:
    # "China urged …", "Beijing said …", "the Chinese side believes …": the state's position.
    for phrase in ("China", "Beijing", "Turkey", "the Chinese side"):
        assert official_status(phrase) is True, phrase
    # Its people, its press and its experts are not the state.
    assert official_status("Chinese experts") is False
    assert official_status("Western media") is None
    assert official_status("chinese") is None
    assert official_status("Kyiv's") is None  # a possessive cut from its noun phrase
