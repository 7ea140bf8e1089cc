"""Where the text names a statement's speaker (speaker_start / speaker_end): the subject
that stands with the statement's own cue, a pronoun resolved to its antecedent for the name."""

from __future__ import annotations

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


def test_a_closing_quote_after_the_full_stop_ends_the_sentence_before_its_subject() -> None:
    # "He" opens the second sentence: "saying" is his, named there, not at "Dalton" before.
    text = (
        "Governor Tom Dalton met the mayor on Friday. Dalton vowed at a rally to end "
        "“the reckless closure of rural clinics.” He repeated that pledge on Sunday, saying "
        "he would ask the legislature to restore the funding for every county hospital."
    )
    speaker, mention, start = _mention(text, "restore the funding")
    assert "Dalton" in speaker
    assert (mention, start) == ("He", text.index("He repeated"))
