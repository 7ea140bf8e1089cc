"""Tagger statements that run into a quote the rules took (issue #15): what the tagger read
before the quote is a statement of its own when it is one, on sentences written for these
tests."""

from __future__ import annotations

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.learned import Found
from newsmon.statements.overlap import before_rules_words

VOCABULARY = SpeakerVocabulary()


def _said(text: str) -> list[tuple[str, str]]:
    return [(s.speaker.name, s.text) for s in extract_statements(text, VOCABULARY)]


def test_words_that_run_into_the_next_sentences_quote_keep_their_own_sentence() -> None:
    text = (
        'Critics have long argued the program wastes money. "It is a scandal," said Tom '
        "Hale, a former auditor."
    )
    assert sorted(_said(text)) == [
        ("Critics", "the program wastes money"),
        ("Tom Hale", "It is a scandal"),
    ]


def test_the_cut_words_end_as_the_same_sentence_alone_does() -> None:
    alone = "Critics have long argued the program wastes money."
    before_a_quote = f'{alone} "It is a scandal," said Tom Hale, a former auditor.'
    assert ("Critics", "the program wastes money") in _said(alone)
    assert ("Critics", "the program wastes money") in _said(before_a_quote)


def test_a_question_after_a_cue_that_says_nothing_is_the_topic_the_quote_takes_up() -> None:
    text = (
        'Analysts are divided over how far the talks will go. "Beijing wants to be seen as '
        'a peacemaker," said Alexander Gabuev, a senior fellow.'
    )
    assert _said(text) == [("Alexander Gabuev", "Beijing wants to be seen as a peacemaker")]


def _found(text: str, content: str, cue: str, quoted: bool = False) -> Found:
    start = text.index(content)
    cue_at = text.index(cue)
    return Found(
        start=start,
        end=start + len(content),
        quoted=quoted,
        cue=(cue_at, cue_at + len(cue)),
        source=None,
        sequence_index=0,
        confidence=0.9,
    )


def test_a_cue_after_the_quote_is_the_rules_attribution_not_the_words_before() -> None:
    text = 'Direct talks can be a positive start. "Both sides want peace," Sun said.'
    quote = (text.index("Both"), text.index(',"'))
    item = _found(text, 'Direct talks can be a positive start. "Both sides want peace', "said")
    assert before_rules_words(text, item, [quote]) is None


def test_words_cut_inside_a_sentence_are_no_statement_of_their_own() -> None:
    text = 'He argued that the plan "will never work in this form" and left.'
    quote = (text.index("will"), text.index(" in this"))
    item = _found(text, 'that the plan "will never work in this form', "argued")
    assert before_rules_words(text, item, [quote]) is None
