"""Rules for one sentence (newsmon/statements/rules.py): reported speech whose verb comes
before its speaker. Each text has the shape of a sentence from PolNeAR train where the rule
was missing."""

from __future__ import annotations

import re

import pytest

from newsmon.statements import SpeakerVocabulary, according, extract_statements, rules

VOCABULARY = SpeakerVocabulary()


def test_a_clause_then_said_and_its_speaker_is_the_speakers() -> None:
    text = (
        "The talks are so fragile that Mr. Obama warned the Chinese leader not to declare an "
        "air defense zone over the reef, said an American official who was briefed on the "
        "meeting."
    )
    [statement] = extract_statements(text, VOCABULARY)
    assert statement.speaker.name != "Barack Obama"
    assert "official" in statement.speaker.name.lower()
    assert statement.text.startswith("The talks are so fragile")
    assert "American official" not in statement.text


def test_said_and_a_name_set_off_inside_the_clause_give_the_speaker() -> None:
    text = (
        "Senator Elizabeth Warren campaigned in Iowa last week. "
        "Her rival also lacks experience in foreign affairs, said Howard, but his record "
        "on the economy does not make up for it."
    )
    statements = extract_statements(text, VOCABULARY)
    [statement] = [s for s in statements if "experience" in s.text]
    assert statement.speaker.name == "Howard"
    # The clause before the verb is said too, not only the words after the speaker.
    assert statement.text.startswith("Her rival also lacks experience")


@pytest.mark.parametrize(
    ("text", "speaker", "not_a_speaker"),
    [
        (
            "Andriy Yermak, the head of the presidential office, said the Ukrainian delegation "
            "had presented its proposals for a ceasefire memorandum.",
            "Andriy Yermak",
            "Ukrainian delegation",
        ),
        (
            "A spokeswoman for the Chinese Foreign Ministry, Mao Ning, said Beijing supports "
            "the talks in Istanbul.",
            "Mao Ning",
            "Istanbul",
        ),
    ],
)
def test_a_name_and_its_appositive_before_said_are_no_clause(
    text: str, speaker: str, not_a_speaker: str
) -> None:
    """Either way round: "Name, appositive, said …" and "appositive, Name, said …"."""
    speakers = [s.speaker.name for s in extract_statements(text, VOCABULARY)]
    assert speaker in speakers and not_a_speaker not in speakers


def test_opponents_are_an_unnamed_source_not_the_word_before_them() -> None:
    text = (
        "Republican opponents have said that the governor's use of a private server could "
        "have exposed classified information."
    )
    [statement] = extract_statements(text, VOCABULARY)
    assert (statement.speaker.name, statement.speaker.kind) == ("Republican opponents", "unnamed")


def test_every_verb_a_rule_reads_is_a_speech_verb_the_first_scan_finds() -> None:
    # _attribution skips its rules when _ANY_SAY finds no speech verb: a verb added to one
    # rule but not to say_verbs would never be read.
    verbs = ["saying"]  # _SAYING
    for pattern in (rules._CLAUSE_THEN_SPEAKER, rules._CLAUSE_SAID_SPEAKER):
        listed = re.search(r"\(\?:(said\|[^)]*)\)", pattern.pattern)
        assert listed is not None
        verbs += listed.group(1).split("|")
    assert len(verbs) == 13
    for verb in verbs:
        for spelled in (verb.replace("[sz]", "s"), verb.replace("[sz]", "z")):
            assert rules._ANY_SAY.search(spelled), spelled


@pytest.mark.parametrize(
    ("text", "speaker", "not_a_speaker"),
    [
        # "<subject>, <speaker> said, <rest of the clause>": the subject is spoken of.
        (
            "Governor Alice Moreno, analysts said, has little room left in the budget for "
            "new schools.",
            "analysts",
            "Alice Moreno",
        ),
        (
            "Tourism, Mr. Okafor says, depends on flights that the airline may soon cancel.",
            "Okafor",
            "Tourism",
        ),
        # "Name, appositive, said" closes its appositive with a comma before the verb; an
        # opening word or phrase before the subject does not.
        (
            "Notably, the auditor said the city had overspent on the stadium by 40 million "
            "dollars.",
            "auditor",
            "Notably",
        ),
        (
            "In Lagos, Mrs. Adeyemi said the markets had reopened after the storm.",
            "Adeyemi",
            "Lagos",
        ),
        # What opens the sentence ("Likewise,", "In Toledo,") is no part of its subject.
        (
            "Likewise, Rosa Diaz, a former teacher, said the schools needed more money for books.",
            "Rosa Diaz",
            "Likewise",
        ),
        (
            "In Toledo, union officials said the plant would reopen in the spring.",
            "union officials",
            "Toledo",
        ),
        # Not "<clause>, said <speaker>": a subject set off by commas speaks, and the name
        # after "said" opens what was said.
        (
            "Senator Maria Lopez, who chairs the finance committee, said Governor Hale had "
            "misled voters about the deficit.",
            "Lopez",
            "Hale",
        ),
        (
            "Rep. Tom Baxter, D-Ore., a member of the transport panel, said Smith ignored the "
            "warnings about the bridge.",
            "Baxter",
            "Smith",
        ),
    ],
)
def test_a_phrase_set_off_by_commas_before_said_is_no_speaker(
    text: str, speaker: str, not_a_speaker: str
) -> None:
    [statement] = extract_statements(text, VOCABULARY)
    assert speaker in statement.speaker.name
    assert not_a_speaker not in statement.speaker.name


def test_a_verb_after_but_is_said_by_the_subject_not_by_the_words_before_it() -> None:
    # "<clause>, <speaker> said" took "plus four at-large members - but" as the speaker.
    text = (
        "Ortiz said the council had begun calling its members - there are two from each "
        "ward, plus four at-large members - but said the outcome was still unclear."
    )
    statements = extract_statements(text, VOCABULARY)
    assert statements
    assert all(s.speaker.name == "Ortiz" for s in statements)


def test_a_subject_set_off_by_when_and_a_participle_speaks_not_the_words_after_said() -> None:
    # "…, said <speaker>, <rest>" read the words said as the speaker.
    text = (
        "Mayor Ortiz's office, when contacted by reporters, said the mayor could not recall "
        "the terms of the lease, but she did remember signing it in the spring."
    )
    [statement] = extract_statements(text, VOCABULARY)
    assert "Ortiz" in statement.speaker.name
    assert statement.text.startswith("the mayor could not recall")


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        (
            "Union leader Lena Park said Brennan had broken every promise made to the workers.",
            "Brennan had broken",
        ),
        (
            "Harbour master Tom Reyes says Pier Seven will close for repairs until the autumn.",
            "Pier Seven will close",
        ),
        (
            "Minister Ana Costa said Tuesday the harbour would close for repairs until the autumn.",
            "the harbour would close",
        ),
    ],
)
def test_a_name_right_after_said_opens_what_was_said(text: str, opening: str) -> None:
    """ "told Reuters the plan …" names whom it was told; after "said" the name (but not a
    day) is the subject of the words said."""
    [statement] = extract_statements(text, VOCABULARY)
    assert statement.text.startswith(opening)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Several council members privately said the mayor would resign before the summer.",
            "council members",
        ),
        (
            "Airport staff here said the runway would stay closed until the storm had passed.",
            "Airport staff",
        ),
    ],
)
def test_an_adverb_between_the_speaker_and_said_is_no_part_of_the_name(
    text: str, speaker: str
) -> None:
    [statement] = extract_statements(text, VOCABULARY)
    assert statement.speaker.name == speaker


@pytest.mark.parametrize(
    "text",
    [
        "According to officials, the talks failed.",
        "The talks failed, according to two officials.",
        "ACCORDİNG TO Reuters, it rained.",  # re.I's dotted capital I
        "Unaccording to plan; xaccording to nobody.",
        "_according to no one. 1according to none.",
        "according to the ministry",
        "as planned, accordingly to some",
    ],
)
def test_according_is_found_where_its_case_blind_word_bounded_spelling_is(text: str) -> None:
    spelled = re.compile(r"\baccording to (?P<who>[^,.;]+)", re.I)
    for start in range(len(text)):
        ours, theirs = according._ACCORDING.search(text, start), spelled.search(text, start)
        assert (ours and (ours.span(), ours["who"])) == (theirs and (theirs.span(), theirs["who"]))


@pytest.mark.parametrize(
    ("text", "speaker", "not_a_speaker"),
    [
        (
            'The vote marks "a turning point in the budget fight" for the council, said '
            "Maria Delgado, a city planner.",
            "Maria Delgado",
            "council",
        ),
        (
            '"That will be hard to sell" to the unions, said Tom Berger. "They want more."',
            "Tom Berger",
            "unions",
        ),
        (
            'It would mean "a long summer" for the mayor, forcing her to fend off both Ruiz and '
            "Patel, said Dana Cho, a pollster.",
            "Dana Cho",
            "Patel",
        ),
        (
            'Farmers like Olsen say he was "sitting on the fence" until Baker said she would '
            "back the bill.",
            "Olsen",
            "Baker",
        ),
        (
            'Mayor Ruth Cole promised to stop using the word "crisis" during the rest of the '
            'campaign, saying she had made a "poor choice" at the rally.',
            "Ruth Cole",
            "campaign",
        ),
    ],
)
def test_words_after_a_quote_that_open_with_a_preposition_are_no_speaker(
    text: str, speaker: str, not_a_speaker: str
) -> None:
    [statement, *_] = extract_statements(text, VOCABULARY)
    assert speaker in statement.speaker.name
    assert not_a_speaker not in statement.speaker.name


def test_a_phrase_of_where_and_when_after_the_name_is_no_speaker() -> None:
    text = (
        'Gomez, during a rally in Tucson, Arizona, said he was "not going to cut a single '
        'school budget," as the crowd cheered.'
    )
    [statement] = extract_statements(text, VOCABULARY)
    assert statement.speaker.name == "Gomez"


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        (
            "Senator Ada Brandt told reporters the levy would fund two new schools by spring.",
            "the levy would fund",
        ),
        (
            "Mayor Tomas Lind told the crowd the ferry would run again before the winter.",
            "the ferry would run",
        ),
        (
            "Governor Ruth Keller told them on Friday she would sign the budget next week.",
            "she would sign",
        ),
        (
            "Judge Omar Vance told fellow judges Parliament would decide the question alone.",
            "Parliament would decide",
        ),
        # "her" opens the listener's noun phrase, whose noun a capitalised word describes
        (
            "Ms. Ortiz told her Democratic colleagues the harbour bill would fail in the Senate.",
            "the harbour bill would fail",
        ),
    ],
)
def test_whom_it_was_told_is_no_part_of_what_was_told(text: str, opening: str) -> None:
    """After "told" a pronoun, a short noun phrase or a bare plural is the listener."""
    [statement] = extract_statements(text, VOCABULARY)
    assert statement.text.startswith(opening)


def test_a_told_clause_whose_subject_runs_on_keeps_its_words() -> None:
    text = "Minister Ines Ruiz told CNN the harbour would close the pier before the storm."
    [statement] = extract_statements(text, VOCABULARY)
    assert statement.text.startswith("the harbour would close")
