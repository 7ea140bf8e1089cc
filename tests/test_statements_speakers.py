"""Speakers across an article (issue #15): re-mentions, pronouns by number, bodies, and the
speaker mention the report prints beside the resolved speaker. Each text has the shape of a
sentence from PolNeAR train where the rule was missing."""

from __future__ import annotations

from newsmon.models import Speaker
from newsmon.statements import SpeakerVocabulary, extract_statements, report
from newsmon.statements.speakers import _Context, _country, speaker_for_source

VOCABULARY = SpeakerVocabulary()


def speakers(text: str) -> list[Speaker]:
    return [statement.speaker for statement in extract_statements(text, VOCABULARY)]


def test_a_name_particle_is_a_whole_word_not_the_start_of_the_verb() -> None:
    text = (
        "Sen. Marco Rubio campaigned in Miami on Monday. "
        '"We are going to win Florida and then the nomination," Rubio declared.'
    )
    assert [s.name for s in speakers(text)] == ["Marco Rubio"]


def test_a_title_and_surname_re_mention_the_person_of_that_surname() -> None:
    text = (
        "Donald Trump spoke at a rally in Iowa on Sunday. His sister, Maryanne Trump Barry, "
        "is a federal judge. "
        '"She is a brilliant woman and she has been a great judge," Mr. Trump said.'
    )
    assert [s.name for s in speakers(text)] == ["Donald Trump"]


def test_a_generation_is_no_surname() -> None:
    text = (
        "Vice President Joseph R. Biden Jr. met party leaders in Washington. "
        '"We have to keep fighting for the middle class every day," Mr. Biden said.'
    )
    [speaker] = speakers(text)
    assert speaker.name.startswith("Joseph R. Biden")


def test_a_named_ministry_is_an_organisation() -> None:
    text = (
        "The Chinese Foreign Ministry said in a statement that China "
        '"firmly opposes any move that escalates the conflict".'
    )
    [speaker] = speakers(text)
    assert speaker.name == "Chinese Foreign Ministry" and speaker.kind == "organisation"
    assert speaker.official is True and speaker.country == "China"


def test_the_ministry_after_its_spokeswoman_is_the_ministry_not_her() -> None:
    text = (
        '"China supports every effort that helps the parties reach a ceasefire," Chinese '
        "Foreign Ministry spokeswoman Mao Ning told a regular press briefing in Beijing. "
        'The ministry later said that the talks "must continue without any preconditions".'
    )
    first, second = speakers(text)
    assert first.name == "Mao Ning" and first.kind == "person"
    assert second.kind == "organisation" and second.organisation == "Foreign Ministry"
    assert second.country == "China" and second.official is True


def test_it_is_a_body_and_never_the_last_person_named() -> None:
    text = (
        "The Pentagon said on Friday that the forces were ready to move within hours. "
        "Defense Secretary Ashton Carter was in Brussels. "
        '"The forces that could move to Benghazi are spinning up as we speak," it said.'
    )
    first, second = speakers(text)
    assert first.name == "Pentagon" and first.kind == "organisation"
    assert second == first


def test_the_report_gives_the_speaker_as_written_and_where() -> None:
    text = (
        "Transport Secretary Grant Shapps spoke on Monday. "
        '"We will not back down on this at all," Mr Shapps said. '
        '"The strikes must end before any talks begin," he added.'
    )
    rows = report(text, VOCABULARY)
    assert [row["speaker"] for row in rows] == ["Grant Shapps", "Grant Shapps"]
    assert [row["speaker_mention"] for row in rows] == ["Mr Shapps", "he"]
    for row in rows:
        assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker_mention"]
    assert rows[0]["official"] is True and rows[0]["role"] == "secretary"


def test_who_is_the_person_named_before_it() -> None:
    context = _Context(VOCABULARY.compiled(), [])
    before = "First, they snagged the endorsement of former U.S. Sen. Gordon Humphrey, "
    assert speaker_for_source("who", context, before).name == "Gordon Humphrey"
    before = "She thanked Sen. Dianne Feinstein, the ranking Democrat on the committee, "
    assert speaker_for_source("who", context, before).name == "Dianne Feinstein"


def test_the_role_noun_whose_source_runs_on_into_its_clause_is_the_person_named_before() -> None:
    # Seed 002: the tagger's source is "the diplomat mentioned the suffering of the
    # civilian population"; the speaker is Sun Lei, not an unnamed "diplomat mentioned …".
    text = (
        "Sun Lei, China's deputy permanent representative to the UN, made the statement. "
        "Separately, the diplomat mentioned the suffering of the civilian population, "
        "stating that this issue \u201ctruly concerns Beijing.\u201d"
    )
    assert {s.name for s in speakers(text)} == {"Sun Lei"}


def test_a_role_phrase_then_the_name_in_commas_introduces_the_speaker_with_the_role() -> None:
    text = (
        "In an interview in Moscow, China's ambassador to Russia, Zhang Hanhui, discussed "
        "the peace talks. "
        '"Beijing supports direct dialogue between Moscow and Kyiv," Zhang Hanhui said. '
        '"China and Russia will keep close contact on the settlement," the ambassador said.'
    )
    found = speakers(text)
    assert [s.name for s in found] == ["Zhang Hanhui", "Zhang Hanhui"]
    assert all(s.official and s.role == "ambassador" and s.country == "China" for s in found)


def test_said_name_comma_role_to_a_body_is_the_person_not_the_body() -> None:
    text = (
        '"The United Kingdom will support any resolution that demands a ceasefire," said '
        "Barbara Woodward, the British ambassador to the United Nations."
    )
    [speaker] = speakers(text)
    assert speaker.name == "Barbara Woodward" and speaker.official


def test_what_a_body_was_asked_about_is_no_statement_of_it() -> None:
    text = (
        "At Thursday's regular press conference, the Foreign Ministry was asked about the "
        "next meeting of the Friends of Peace group on the Ukraine crisis."
    )
    assert speakers(text) == []


def test_a_participle_after_a_function_word_does_not_end_the_noun_phrase() -> None:
    from newsmon.statements.names import noun_phrase

    assert noun_phrase(["the", "diplomat", "mentioned", "the", "suffering"]) == ["the", "diplomat"]
    assert noun_phrase(["the", "ministry", "of", "the", "united", "nations"])[-1] == "nations"


def test_the_country_is_the_word_nearest_the_start_and_on_a_tie_the_first_listed() -> None:
    vocabulary = SpeakerVocabulary(countries={"Atlantis": ["US officials", "Poseidonia"]})
    compiled = vocabulary.compiled()
    assert _country("Poseidonia and US officials said", compiled) == "Atlantis"
    # "US" (United States, listed before Atlantis) starts where "US officials" does.
    assert _country("US officials said", compiled) == "United States"
    assert _country("officials said", compiled) is None
