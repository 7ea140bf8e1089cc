"""Capitalised words that are no person speaking (issue #15): "Mrs. Clinton's campaign said"
is the campaign, never the person "Clinton's"; a headline's "Who Endorsed Ted Cruz", a
sentence's "Like", a state's "Florida" name no one "he" points back to. Each text has the
shape of a sentence from PolNeAR train where the speaker was wrong."""

from __future__ import annotations

import pytest

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.phrase_speaker import speaker_for_source
from newsmon.statements.speakers import _Context

VOCABULARY = SpeakerVocabulary()


def test_a_possessive_campaign_is_the_body_that_speaks() -> None:
    text = (
        "Mrs. Clinton's campaign said on Tuesday that it would not release the transcripts "
        "of her paid speeches to Wall Street banks."
    )
    [statement] = extract_statements(text, VOCABULARY)
    speaker = statement.speaker
    assert (speaker.name, speaker.kind) == ("Clinton's campaign", "organisation")
    assert speaker.official is False  # a campaign is no office of state


@pytest.mark.parametrize(
    ("phrase", "name", "kind"),
    [
        ("the Clinton campaign", "Clinton campaign", "organisation"),
        ("Bush's team", "Bush's team", "organisation"),
        ("the Obama administration", "Obama administration", "organisation"),
        ("Cruz's communications director", "Cruz's communications director", "unnamed"),
        ("Mr. Trump's lawyer", "Trump's lawyer", "unnamed"),
        # what the owner said through a thing of theirs: the owner speaks
        ("Trump's statement", "Trump", "person"),
        ("Clinton's spokesman Brian Fallon", "Brian Fallon", "person"),
    ],
)
def test_the_head_after_an_owner_s_name_decides_who_speaks(
    phrase: str, name: str, kind: str
) -> None:
    speaker = speaker_for_source(phrase, _Context(VOCABULARY.compiled(), []))
    assert (speaker.name, speaker.kind) == (name, kind)


def test_a_headline_s_relative_clause_names_no_one() -> None:
    """A headline capitalises "Who": the clause it opens is no speaker, the phrase before is."""
    text = (
        "Famous Actor Who Endorsed John Kasich Just Called Trump A Name That Will Make Him "
        "Furious\n\nHe spoke."
    )
    names = [statement.speaker.name for statement in extract_statements(text, VOCABULARY)]
    assert names and "Who Endorsed John Kasich" not in names
    context = _Context(VOCABULARY.compiled(), [])
    speaker = speaker_for_source("Who Endorsed John Kasich", context, "Famous Actor ")
    assert speaker.name == "Famous Actor"


def test_he_points_past_an_opening_like_and_a_state_to_the_person() -> None:
    text = (
        "State Sen. Carlos Mendez said on Sunday that he wants to end the testing mandate. "
        "Like many other states, Florida adopted the standards but later revised and renamed "
        "them. He told reporters on Monday that the state's own standards are not perfect but "
        "getting better."
    )
    names = [statement.speaker.name for statement in extract_statements(text, VOCABULARY)]
    assert names == ["Carlos Mendez", "Carlos Mendez"]
    context = _Context(VOCABULARY.compiled(), [])
    speaker_for_source("Carlos Mendez", context)
    assert speaker_for_source("Florida", context).kind == "organisation"
    assert speaker_for_source("he", context).name == "Carlos Mendez"


@pytest.mark.parametrize("phrase", ["English skills students", "Hillary Clinton campaign chairman"])
def test_a_name_that_modifies_a_noun_before_the_role_is_no_speaker(phrase: str) -> None:
    """The role's holder is not named: the name describes a noun before the role."""
    context = _Context(VOCABULARY.compiled(), [])
    speaker = speaker_for_source(phrase, context)
    assert speaker.name not in ("English", "Hillary Clinton")
    assert speaker_for_source("he", context).name == "he"  # nobody for "he" to point back to
