"""Which cue a Content piece belongs to when one attribution reports another (issue #15):
on sentences written for these tests, labelled by hand so that each rule is tested
whatever the shipped tagger happens to tag."""

from __future__ import annotations

import pytest

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.learned import attributions, found_in
from newsmon.statements.tagger import Tagged, tokens


def _labelled(marked: str) -> tuple[str, Tagged]:
    """Text and tagged sequence from "word/ROLE" tokens (no role: O); a role starts anew
    after a token of another role, as the tagger's B- labels do."""
    words, labels = [], []
    previous = ""
    for item in marked.split():
        word, _, role = item.partition("/")
        words.append(word)
        labels.append("O" if not role else ("I-" if role == previous else "B-") + role)
        previous = role
    text = " ".join(words)
    sequence = tokens(text)
    assert [t.text for t in sequence] == words
    return text, Tagged(sequence, labels, [0.9] * len(labels))


def _read(marked: str) -> list[tuple[str, str | None, str | None]]:
    """(content, cue, source) of each attribution found in a hand-labelled sentence."""
    text, tagged = _labelled(marked)
    return [
        (
            text[item.start : item.end],
            text[item.cue[0] : item.cue[1]] if item.cue else None,
            text[item.source[0] : item.source[1]] if item.source else None,
        )
        for item in found_in(tagged, 0)
    ]


def test_an_attribution_right_after_a_verb_of_saying_is_what_was_said() -> None:
    marked = (
        "In its latest count , Harbor/SRC Polling/SRC found/CUE renters/SRC favored/CUE "
        "the/CON new/CON bridge/CON by/CON a/CON wide/CON margin/CON ."
    )
    assert _read(marked) == [
        (
            "renters favored the new bridge by a wide margin",
            "found",
            "Harbor Polling",
        )
    ]


def test_a_verb_of_saying_after_its_source_only_reports_what_follows_it() -> None:
    # "said Ann Lee, who urged …": the source after "said" is its own, not one it reports.
    marked = (
        '" We/CON will/CON build/CON it/CON , " said/CUE Ann/SRC Lee/SRC ,/SRC who/SRC '
        "urged/CUE the/CON council/CON to/CON vote/CON soon/CON ."
    )
    assert [(content, cue) for content, cue, _ in _read(marked)] == [
        ("We will build it", "said"),
        ("the council to vote soon", "urged"),
    ]


def test_a_clause_of_saying_inside_reported_words_stays_in_them() -> None:
    marked = (
        "The/SRC union/SRC said/CUE the/CON audit/CON contradicted/CON a/CON memo/CON "
        "that she/SRC said/CUE had/CON settled/CON every/CON debt/CON ."
    )
    assert _read(marked) == [
        (
            "the audit contradicted a memo that she said had settled every debt",
            "said",
            "The union",
        )
    ]


def test_a_reporting_clause_that_closes_the_sentence_reports_all_before_it() -> None:
    marked = (
        "Parents/SRC strongly/CUE support/CUE longer/CON library/CON hours/CON , "
        "a/SRC new/SRC county/SRC survey/SRC finds/CUE ."
    )
    assert _read(marked) == [
        (
            "Parents strongly support longer library hours",
            "finds",
            "a new county survey",
        )
    ]


def test_a_reporting_clause_with_words_of_its_own_after_it_reports_only_those() -> None:
    marked = (
        "Parents/SRC strongly/CUE support/CUE longer/CON library/CON hours/CON , "
        "a/SRC county/SRC survey/SRC finds/CUE in/CON its/CON yearly/CON report/CON ."
    )
    assert [(cue, source) for _, cue, source in _read(marked)] == [
        ("strongly support", "Parents"),
        ("finds", "a county survey"),
    ]


def test_the_shipped_tagger_gives_a_reported_attribution_to_who_reported_it() -> None:
    text = (
        "Senator Ruth Adler said her staff raised concerns about a contract that he said "
        "had been approved without review."
    )
    assert [
        (text[item.start : item.end], text[item.source[0] : item.source[1]])
        for item in attributions(text)
        if item.source
    ] == [(text[text.index("her staff") : -1], "Senator Ruth Adler")]


@pytest.mark.parametrize(
    "subject",
    [
        "Its host Dave Gorab",
        # A Source the tagger found no cue for speaks with the verb of saying after it.
        "Its/SRC host/SRC Dave/SRC Gorab/SRC",
    ],
)
def test_a_verb_of_saying_inside_the_words_of_a_cue_that_says_nothing_speaks_for_them(
    subject: str,
) -> None:
    # The tagger ran "will interview" over a sentence it read no attribution in.
    marked = (
        "The/SRC station/SRC will/CUE interview/CUE several/CON guests/CON this/CON week/CON "
        f"./CON {subject} said/CON the/CON show/CON is/CON the/CON best/CON in/CON town/CON ."
    )
    assert sorted(_read(marked)) == [
        ("several guests this week", "will interview", "The station"),
        ("the show is the best in town", "said", "Its host Dave Gorab"),
    ]


def test_the_words_of_a_verb_of_saying_keep_a_verb_of_saying_inside_them() -> None:
    marked = (
        "The/SRC mayor/SRC said/CUE the/CON budget/CON ,/CON which/CON the/CON critics/CON "
        "said/CON was/CON late/CON ,/CON is/CON balanced/CON ."
    )
    assert _read(marked) == [
        ("the budget , which the critics said was late , is balanced", "said", "The mayor")
    ]


def test_a_question_inside_the_words_of_a_cue_that_says_nothing_is_no_attribution() -> None:
    marked = (
        "The/SRC station/SRC will/CUE interview/CUE several/CON guests/CON ./CON What/CON "
        "does/CON this/CON say/CON about/CON the/CON show/CON ?/CON"
    )
    assert [(cue, source) for _, cue, source in _read(marked)] == [
        ("will interview", "The station")
    ]


def test_a_reporting_clause_that_closes_the_words_of_a_cue_speaks_for_them() -> None:
    marked = (
        "The/SRC mayor/SRC pledged/CUE to/CON repair/CON every/CON bridge/CON by/CON "
        "spring/CON ,/CON the/CON Harbor/CON Gazette/CON reported/CON ./O"
    )
    assert _read(marked) == [("to repair every bridge by spring", "reported", "the Harbor Gazette")]


def test_a_reporting_clause_in_a_sentence_of_its_own_is_not_the_cue_of_the_words() -> None:
    marked = (
        "The/SRC mayor/SRC pledged/CUE to/CON repair/CON every/CON bridge/CON ./CON Later/CON "
        ",/CON the/CON Harbor/CON Gazette/CON reported/CON ./O"
    )
    assert [(cue, source) for _, cue, source in _read(marked)] == [("pledged", "The mayor")]


def test_reported_words_start_in_the_sentence_that_names_their_source() -> None:
    # The tagger ran the police's words back over the sentence before, which is the
    # agency's: that sentence goes to its own subject and short verb.
    marked = (
        "The agency disclosed that/CON it/CON had/CON asked/CON the/CON police/CON for/CON "
        "the/CON files/CON ./CON Later/CON ,/CON the/SRC police/SRC said/CUE it/CON would/CON "
        "cooperate/CON fully/CON ."
    )
    assert _read(marked) == [
        ("that it had asked the police for the files", "disclosed", "The agency"),
        ("it would cooperate fully", "said", "the police"),
    ]


def test_words_before_the_source_sentence_go_only_to_a_subject_with_a_short_verb() -> None:
    # "Details have not been disclosed, but …" is no verb phrase of a speaker: those words
    # are dropped rather than given to "Details".
    marked = (
        "Details have not been disclosed , but the/CON deal/CON covers/CON every/CON "
        "store/CON ./CON The/SRC union/SRC called/CUE it/CON a/CON big/CON step/CON ."
    )
    assert _read(marked) == [("it a big step", "called", "The union")]
    # A sentence that opens with its subject: the verb after it is the cue.
    marked = (
        "Norland/CON has/CON long/CON opposed/CON the/CON new/CON tariffs/CON ./CON It/SRC "
        "also/CUE blamed/CUE the/CON banks/CON for/CON the/CON slump/CON ."
    )
    assert _read(marked) == [
        ("the new tariffs", "has long opposed", "Norland"),
        ("the banks for the slump", "also blamed", "It"),
    ]


def test_a_quote_that_opens_its_sentence_does_not_go_on_from_the_sentence_before() -> None:
    # The tagger may read the narration before a quote as Content of the quote's cue.
    text = "The company cut the price of insulin on Monday. “This is overdue,” he said."
    [statement] = extract_statements(text, SpeakerVocabulary())
    assert (statement.text, statement.speaker.name) == ("This is overdue", "he")
