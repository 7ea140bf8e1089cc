"""Where the text names a statement's speaker (speaker_start / speaker_end): the subject
that stands with the statement's own cue, a pronoun resolved to its antecedent for the name."""

from __future__ import annotations

import pytest

from newsmon.statements import SpeakerVocabulary, report


def _row(text: str, words: str) -> dict[str, object]:
    rows = [row for row in report(text, SpeakerVocabulary()) if words in str(row["text"])]
    assert rows, [row["text"] for row in report(text, SpeakerVocabulary())]
    return rows[0]


def _mention(text: str, words: str) -> tuple[str, str | None, int | None]:
    row = _row(text, words)
    start = row["speaker_start"]
    assert start is None or isinstance(start, int)
    return str(row["speaker"]), row["speaker_mention"], start  # type: ignore[return-value]


def _named(sentence: str, said: str, kind: str = "reported", name: str = "Tom Reyes") -> str:
    from newsmon.models import Speaker, Statement
    from newsmon.statements.mentions import _named_in

    start = sentence.index(said)
    statement = Statement(
        speaker=Speaker(name=name), text=said, kind=kind, spans=((start, start + len(said)),)
    )
    found = _named_in(sentence, 0, statement)
    assert found is not None
    return f"{sentence[found[0] : found[1]]}@{found[0]}"


def test_a_pronoun_then_an_adverb_or_went_on_to_then_the_verb_is_the_mention() -> None:
    sentence = "Reyes spoke first. She further announced that the state would sue the firm."
    assert _named(sentence, "the state would sue the firm") == "She@19"
    sentence = "Reyes spoke first. She went on to say that the state would sue the firm."
    assert _named(sentence, "the state would sue the firm") == "She@19"


def test_the_attribution_between_the_parts_of_a_split_quote_names_the_speaker() -> None:
    sentence = '"We will not cut pensions," he told the union, "nor close a mine," Reyes added.'
    said = 'We will not cut pensions," he told the union, "nor close a mine,'
    assert _named(sentence, said, kind="direct") == "he@28"


def test_the_pronoun_of_a_coordinated_verb_of_saying_is_the_mention() -> None:
    sentence = 'Over the years, he said, it grew; at that he laughed and said "it was a headache."'
    assert _named(sentence, "it was a headache.", kind="direct") == "he@42"


@pytest.mark.parametrize(
    ("text", "words", "mention"),
    [
        # A closing quote after the full stop ends the sentence: "He" opens the next one
        # and "saying" is his, named there, not at "Reyes".
        ("Governor Tom Reyes met the mayor on Friday. Reyes vowed at a rally to end "
         "“the reckless closure of rural clinics.” He repeated that pledge on Sunday, saying "
         "he would ask the legislature to restore the funding for every county hospital.",
         "restore the funding", "He repeated"),
        # The straight quote before the full stop was opened: the one after it closes.
        ("Governor Tom Reyes met the mayor on Friday. Reyes vowed to move the office to "
         '"the proud old capital of the state, Springfield." And he seemed to soften his '
         "past remarks about the unions, promising that no worker would lose a pension.",
         "no worker would lose", "he seemed"),
        # The name comes out of "who": the mention is "who", not "Reyes" before it.
        ("The mayor, Tom Reyes, said the port would stay open. Reyes, who had said he would "
         "veto any new tax, criticized the council for its budget on Tuesday.",
         "veto any new tax", "who had"),
        # The second "he" opens what the first one says.
        ("Mayor Tom Reyes spoke for an hour. He says he believes the city has "
         '"the strongest budget in a decade" for its schools.', "strongest budget", "He says"),
        # "said she is …": "she" is the subject of what he said, not an inverted "said she".
        ("Mayor Tom Reyes spoke for an hour. He criticized the council and said she "
         '"is not going to fix the budget" in time.', "fix the budget", "He criticized"),
    ],
)  # fmt: skip
def test_the_mention_is_the_subject_that_stands_with_the_statements_own_cue(
    text: str, words: str, mention: str
) -> None:
    speaker, named, start = _mention(text, words)
    assert speaker == "Tom Reyes"
    assert (named, start) == (mention.split()[0], text.index(mention))


def test_a_name_in_an_aside_between_the_parts_of_a_split_quote_is_no_mention() -> None:
    sentence = '"I do not think the talk" -- that Reyes is a big spender -- "will last," he says.'
    said = 'I do not think the talk" -- that Reyes is a big spender -- "will last,'
    assert _named(sentence, said, kind="direct") == "he@73"
