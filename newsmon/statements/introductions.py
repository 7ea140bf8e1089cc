"""People introduced in passing: "Russian President Vladimir Putin", "Sun Lei, China's
deputy envoy,", "Hillary Clinton spoke in Ohio". Remembered so that a later "he", "Mr Putin"
or "the envoy" has someone to point back to."""

from __future__ import annotations

import re
from dataclasses import replace

from newsmon.models import Speaker
from newsmon.statements.describe import (
    _country,
    _describe,
    _institution,
    _is_official,
    plain_role,
)
from newsmon.statements.first_names import census_genders
from newsmon.statements.names import _NAME
from newsmon.statements.vocabulary import Compiled as _Compiled
from newsmon.statements.vocabulary import word_set


def _describe_role(text: str, vocabulary: _Compiled) -> Speaker | None:
    """Role, organisation, country and officialness from a role phrase alone."""
    first = vocabulary.role_pattern.search(text)
    if first is None:
        return None
    role = plain_role(first.group(1))
    institution = _institution(text, vocabulary)
    former = bool(re.search(r"\b(?:former|ex-|retired)\b", text, re.I))
    return Speaker(
        name="",
        role=role,
        organisation=institution,
        country=_country(text, vocabulary),
        official=_is_official(role, text, vocabulary) and not former,
    )


_INTRO_ROLE_NAME = re.compile(
    r"(?P<phrase>(?:(?:[A-Z][\w'’\-.]*|of|the|to|for|and|at|UN)\s+){0,8}?"
    r"(?:[A-Z][\w'’\-.]*\s+)?(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){1,2}))"
)
# The role is a noun phrase, not a clause: "Gawker Media, is the candidate's first" and
# "the South China Sea, it is … Admiral Harris's" introduce no candidate or admiral.
_INTRO_NAME_ROLE = re.compile(
    r"(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){1,2}),\s+"
    r"(?!(?:it|he|she|they|we|I|is|was|are|were|has|had|have|will|would|can|could)\b)"
    r"(?P<role>(?:an?\s+|the\s+)?[^,]{3,160}?),"
)


_AFTER_ROLE = re.compile(r"\s+(" + _NAME + ")")
_BEFORE_ROLE = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,3})$")


def _introductions(sentence: str, vocabulary: _Compiled) -> list[Speaker]:
    """People introduced with their role: "Sun Lei, China's deputy … to the UN," or
    "Russian President Vladimir Putin"."""
    speakers: list[Speaker] = []
    for match in vocabulary.role_pattern.finditer(sentence):
        after = _AFTER_ROLE.match(sentence, match.end())
        if not after:
            _add_role_then_name(speakers, sentence, match, vocabulary)
            continue
        # Up to three capitalised words right before the role, read in a bounded window.
        preceding = _BEFORE_ROLE.search(sentence, max(0, match.start() - 80), match.start())
        before = preceding.group(1) if preceding else ""
        described = _describe(before + match.group(0) + after.group(0), vocabulary)
        if described and len(described.name.split()) >= 2:
            speakers.append(described)
    for match in _INTRO_NAME_ROLE.finditer(sentence):
        role_text = match.group("role")
        found = vocabulary.role_pattern.search(role_text)
        # "Chris Christie, eager all evening to jab senators for …": a role after "to" is
        # what the phrase acts on, not what the person is.
        if found is None or " to " in role_text[: found.start()]:
            continue
        role = _describe_role(role_text, vocabulary)
        name = _without_opening_word(match.group("name"))
        if role is not None and name is not None:
            speakers.append(replace(role, name=name))
    return speakers


# Words that open a sentence before its subject. Only these: "Will", "April" and "May" open
# names too ("Will Hurd, the former congressman,").
_OPENING_WORDS = frozenset(
    ["and", "but", "so", "yet", "then", "while", "when", "although", "though", "if", "as",
     "after", "before", "since", "because", "or", "nor", "meanwhile", "still", "now"]
)  # fmt: skip


def _without_opening_word(name: str) -> str | None:
    """A name without the word that opens its sentence ("But Jane Guardian, the first
    Republican mayor," introduces Jane Guardian); None when a surname alone is left ("But
    Guardian, …"), which re-mentions someone named before rather than introducing them."""
    first, _, rest = name.partition(" ")
    if first.lower() not in _OPENING_WORDS:
        return name
    return rest if " " in rest else None


# "China's ambassador to Russia, Zhang Hanhui, discussed …": the role's phrase, then the
# name set off by commas.
_ROLE_COMMA_NAME = re.compile(r"([^,.;:\"“”]{0,80}),\s+(" + _NAME + r"),")


_SECOND_HOLDER = re.compile(r"\band\s+(?:the|a|an|his|her|their|its)\b", re.I)


def _add_role_then_name(
    speakers: list[Speaker], sentence: str, role: re.Match[str], vocabulary: _Compiled
) -> None:
    after = _ROLE_COMMA_NAME.match(sentence, role.end())
    if not after or len(after.group(2).split()) < 2:
        return
    if _SECOND_HOLDER.search(after.group(1)):
        # "the president and the first lady, Michelle Obama,": she is the second; "the
        # minister of trade and industry, Jane Doerr," holds one role.
        return
    preceding = _BEFORE_ROLE.search(sentence, max(0, role.start() - 80), role.start())
    phrase = (preceding.group(1) if preceding else "") + role.group(0) + after.group(1)
    described = _describe_role(phrase, vocabulary)
    if described is not None:
        speakers.append(replace(described, name=after.group(2)))


# A person named with a first name whose gender is known: kept for "he" and "she" later.
# "(?<!\w.)" after the capital is "\b" before it; opening with a class, the pattern lets re
# skip to the next capital in C rather than try it at each position (people_in -35%).
# The second word is looked at, not taken: in "Executive Dana Whitcombe" the pair after
# "Executive" is "Dana Whitcombe".
_GENDERED_NAME = re.compile(r"([A-Z](?<!\w.)[a-z]+)\s+(?=((?:[A-Z]\.\s+)?[A-Z][a-z][\w'’-]+))")


def people_in(sentence: str) -> list[Speaker]:
    """People named with a known first name ("Hillary Clinton spoke in Ohio")."""
    female, male = word_set("female_names"), word_set("male_names")
    found = []
    taken = 0  # where the last name found ends: its surname opens no name
    for match in _GENDERED_NAME.finditer(sentence[:MAX_SCAN]):
        first = match.group(1).lower()
        if match.start() < taken:
            continue
        if first in female or first in male or first in census_genders():
            taken = match.end(2)
            # "Donald J. Trump's campaign" names Donald J. Trump.
            name = sentence[match.start() : taken]
            found.append(Speaker(name=_POSSESSIVE.sub("", name), official=None))
    return found


MAX_SCAN = 600
_POSSESSIVE = re.compile(r"['’]s$")
