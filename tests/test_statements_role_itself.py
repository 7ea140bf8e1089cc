"""A role no holder was named for speaks as the role; a quote opening its sentence names its
speaker after the closing quote."""

from __future__ import annotations

import pytest

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.phrase_speaker import _speaker_from_phrase, speaker_for_source
from newsmon.statements.speakers import _Context
from newsmon.statements.subjects import cue_subject
from newsmon.statements.unnamed import role_itself


@pytest.mark.parametrize(
    ("text", "name", "official"),
    [
        (
            'The harbour froze overnight. "We have seen nothing like this winter in forty '
            'years of sailing," the admiral said.',
            "admiral",
            True,
        ),
        (
            'Crowds filled the hall on Monday. "Nobody here is giving up on the town we built '
            'together," the former president said.',
            "former president",
            False,
        ),
    ],
)
def test_an_unresolved_role_speaks_as_the_role(text: str, name: str, official: bool) -> None:
    [statement] = extract_statements(text, SpeakerVocabulary())
    assert statement.speaker.name == name
    assert statement.speaker.kind == "person"
    assert statement.speaker.role == name
    assert statement.speaker.official is official


@pytest.mark.parametrize(
    "phrase", ["the company", "The Advocate", "the statement", "the man who left early"]
)
def test_a_thing_or_a_body_is_no_role(phrase: str) -> None:
    assert role_itself(phrase) is None


@pytest.mark.parametrize(
    ("text", "cue", "subject"),
    [
        ('"We sail at dawn, whatever the sea does," the captain said.', "said", "the captain"),
        ('"Keep your boots dry out there," tweeted another.', "tweeted", "another"),
        ('"Nothing is settled yet," said Ms. Okafor, the harbour master.', "said", "Ms. Okafor"),
        ('"The port opens at six," said Prof. Okafor, the harbour master.', "said", "Prof. Okafor"),
        ('"No." Then the crew left and said nothing more.', "said", None),
    ],
)
def test_a_sentence_opening_with_a_quote_names_its_speaker_after_it(
    text: str, cue: str, subject: str | None
) -> None:
    words_end = text.index('"', 1) - 1  # the words said end before their comma or stop
    cue_start = text.index(cue)
    found = cue_subject(text, words_end, (cue_start, cue_start + len(cue)))
    assert (text[found[0] : found[1]] if found else None) == subject


def test_a_role_the_user_lists_as_unofficial_speaks_as_unofficial() -> None:
    # The defaults call a commissioner official; this user follows a sports league.
    vocabulary = SpeakerVocabulary(unofficial_roles=("commissioner", "referee"))
    text = (
        "The season opened on Friday. "
        '"Every club will play under the same rules this year," the commissioner said.'
    )
    [statement] = extract_statements(text, vocabulary)
    assert (statement.speaker.name, statement.speaker.official) == ("commissioner", False)
    # A role only the user lists is a role as well.
    referee = role_itself("the referee", (), ("referee",))
    assert referee is not None and (referee.name, referee.official) == ("referee", False)


@pytest.mark.parametrize(
    "attribution", ["said aides to the commissioner", "people close to the commissioner said"]
)
def test_unnamed_sources_around_a_role_the_user_lists_as_unofficial_are_unofficial(
    attribution: str,
) -> None:
    vocabulary = SpeakerVocabulary(unofficial_roles=("commissioner",))
    text = (
        "The season opened on Friday. "
        f'"Every club will play under the same rules this year," {attribution}.'
    )
    [statement] = extract_statements(text, vocabulary)
    assert (statement.speaker.kind, statement.speaker.official) == ("unnamed", False)


def test_another_after_a_closing_quote_is_an_unnamed_source() -> None:
    # "another" is one more of those just mentioned: no one named, and no organisation.
    text = (
        "Several residents wrote to the council about the bridge. "
        '"It must close before the spring floods come," tweeted another.'
    )
    *_, statement = extract_statements(text, SpeakerVocabulary())
    assert statement.text == "It must close before the spring floods come"
    assert (statement.speaker.name, statement.speaker.kind) == ("another", "unnamed")


@pytest.mark.parametrize("source", ["former president", "a former president", "one voter"])
def test_a_tagged_bare_role_is_a_person_as_the_rules_read_it(source: str) -> None:
    # The tagger's path read a role without "the" as a body named "former president".
    context = _Context(SpeakerVocabulary().compiled(), [])
    tagged = speaker_for_source(source, context)
    ruled = _speaker_from_phrase("the " + tagged.name, _Context(context.vocabulary, []))
    assert ruled is not None
    assert (tagged.name, tagged.kind, tagged.role) == (ruled.name, "person", ruled.role)
