"""Who one source phrase names: a person (headed by a name, a pronoun or a role re-mention
resolved against the article's earlier mentions, speakers._Context), a body, or an unnamed
source; the rules' reading (``_speaker_from_phrase``, None when no one) and the tagger's
(``speaker_for_source``, always someone)."""

from __future__ import annotations

import re
from dataclasses import replace

from newsmon.models import Speaker
from newsmon.statements.describe import _PARTY_SEAT, _PRONOUNS, _country, _describe
from newsmon.statements.names import (
    _HONORIFIC,
    _NAME,
    _looks_like_name,
    _relative_antecedent,
    could_be_person,
    side_that_speaks,
    source_phrase,
)
from newsmon.statements.official import names_a_body, official_status
from newsmon.statements.speakers import _Context
from newsmon.statements.unnamed import DETERMINERS as _DETERMINERS
from newsmon.statements.unnamed import role_itself, unnamed_source


def _speaker_from_phrase(phrase: str, context: _Context) -> Speaker | None:
    phrase = source_phrase(phrase.replace("\u2024", ".").strip().strip(","))
    if not phrase or len(phrase.split()) > 18:
        return None
    resolved = context.resolve(phrase)
    if resolved is not None:
        context.spoke(resolved)
        return resolved
    if phrase.lower() in _PRONOUNS:
        return None
    headed = _headed_by_name(phrase, context)
    if headed is not None:
        return headed
    vocabulary = context.vocabulary
    unnamed = unnamed_source(
        phrase, _country(phrase, vocabulary), vocabulary.user_official, vocabulary.user_unofficial
    )
    if unnamed is not None:
        return unnamed
    if phrase.lower().startswith("the "):
        # "the ministry" that resolved to nothing is no speaker; "the pundit Max Graf" is.
        speaker = _describe(phrase, context.vocabulary)
        if speaker is None or speaker.name.lower().startswith("the "):
            return role_itself(phrase, vocabulary.user_official, vocabulary.user_unofficial)
        if not speaker.organisation and not re.search(_NAME, phrase[4:]):
            return None
        return context.remember(speaker, phrase)
    speaker = _describe(phrase, context.vocabulary)
    if speaker is None and len(phrase.split()) <= 8 and names_a_body(phrase):
        # "Russia's foreign ministry", "the US military": a body speaks.
        name = re.sub(r"^(?:the|The)\s+", "", phrase)
        speaker = Speaker(
            name=name,
            kind="organisation",
            organisation=name,
            country=_country(phrase, context.vocabulary),
            official=official_status(phrase, vocabulary.user_official, vocabulary.user_unofficial),
        )
    return context.remember(speaker, phrase) if speaker else None


# A name that opens the phrase before an appositive: "Stuart Stevens, the chief strategist
# for Mitt Romney's campaign", "Sen. Chris Murphy (a Connecticut Democrat …)".
_NAME_THEN_APPOSITIVE = re.compile(r"(" + _NAME + r")\.?(?:,\s*\S|\s*\(\s*(?:[a-z]|[RDI]-))")


def _headed_by_name(phrase: str, context: _Context) -> Speaker | None:
    """The person a phrase opens with is its head, the appositive after the comma only
    describes them: not Mitt Romney's, nor "director of the Federal Bureau of
    Investigation" for "James B. Comey Jr., the director of the FBI"; None when the phrase
    opens with no name."""
    match = _NAME_THEN_APPOSITIVE.match(" ".join(_HONORIFIC.sub("", phrase).split()))
    if match is None or not could_be_person(match.group(1)):
        return None
    name = match.group(1)
    known = context.resolve(name)
    if known is None and len(name.split()) < 2:  # "Sure, …" opens with no name
        return None
    described = _describe(phrase, context.vocabulary) or Speaker(name=name, official=None)
    if known is not None:
        name = known.name  # the appositive's role and body join what was known of them
    elif described.name in name:  # "Senate Minority Leader Harry M. Reid (D-Nev.)"
        name = described.name
    return context.remember(replace(described, name=name, kind="person"), phrase)


_PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])
_GROUP_PRONOUNS = frozenset(["they", "it", "we", "i", "you", "them"])


def speaker_for_source(phrase: str, context: _Context, before: str = "") -> Speaker:
    """The speaker a source phrase names: a person, a body, or an unnamed source.

    "he" resolves to the latest person of the same gender who spoke (or opened a sentence);
    "Mr Shapps", "the spokeswoman" and "the ministry" to the earlier full mention they
    shorten; "US officials" and "people familiar with the talks" stay unnamed, "Russia's
    foreign ministry" is an organisation.
    """
    speaker = _source_speaker(phrase, context, before)
    context.spoke(speaker)
    return speaker


def _source_speaker(phrase: str, context: _Context, before: str) -> Speaker:
    # "some (favored by …)": a bracket the Source ran into opens no part of the name.
    phrase = source_phrase(side_that_speaks(phrase.strip(" ,;:—–-").rstrip(" ("), before))
    earlier, comma, last = phrase.rpartition(", ")
    named = _PARTY_SEAT.sub("", _HONORIFIC.sub("", earlier.split(", ")[-1]))
    named = re.sub(r"\s+of\s.*", "", named).strip().rstrip(".")
    if comma and re.match(r"(?:the|a|an)\s", last, re.I) and not _looks_like_name(named):
        # "… a self-described Democratic socialist, a new poll": the source span ran back
        # over an appositive that is no name (but "Sen. Ted Cruz (R-Tex.), a Republican
        # candidate" is one, its party seat left out); the subject is the phrase after it.
        phrase = last
    lowered = phrase.lower()
    # "…, who said"; a headline's "Hollywood Actor Who Endorsed Ted Cruz Just Called": the
    # relative clause after "Who" names no one, the phrase before it does.
    if lowered.partition(" ")[0] == "who":
        antecedent = _relative_antecedent(before)
        if antecedent:
            return _source_speaker(antecedent, context, "")
    if lowered in _PERSON_PRONOUNS or lowered in _GROUP_PRONOUNS:
        resolved = context.resolve(lowered)
        if resolved is not None:
            return resolved
        kind = "person" if lowered in _PERSON_PRONOUNS else "unnamed"
        return Speaker(name=phrase, kind=kind, official=None)
    headed = _headed_by_name(phrase, context)
    if headed is not None:
        return headed
    vocabulary = context.vocabulary
    official = official_status(phrase, vocabulary.user_official, vocabulary.user_unofficial)
    country = _country(phrase, vocabulary)
    bare = _DETERMINERS.sub("", phrase)
    if lowered.startswith("the "):
        # "the diplomat" after "Sun Lei, China's deputy envoy" is Sun Lei, not an unnamed one.
        resolved = context.resolve(phrase)
        if resolved is not None:
            return resolved
    unnamed = unnamed_source(phrase, country, vocabulary.user_official, vocabulary.user_unofficial)
    if unnamed is not None:
        return context.remember(unnamed, phrase)  # "US officials … they said"
    described = _speaker_from_phrase(phrase, context) if len(phrase) < 200 else None
    if described is not None:
        return described
    # "former president", "a voter": a role with no holder named speaks as the role, a
    # person, as the rules read "the former president"; not a body named "former president".
    vocabulary = context.vocabulary
    role = role_itself("the " + bare, vocabulary.user_official, vocabulary.user_unofficial)
    if role is not None:
        return context.remember(role, phrase)
    speaker = Speaker(
        name=bare,
        kind="organisation",
        organisation=bare,
        country=country,
        official=official,
    )
    return context.remember(speaker, phrase)
