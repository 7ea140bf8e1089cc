"""A speaker from the words of one noun phrase: the person it names (the head of the phrase,
not a modifier), their role, organisation and country, and whether they are official."""

from __future__ import annotations

import re

from newsmon.models import Speaker
from newsmon.statements.names import _HONORIFIC, _NAME, _looks_like_name
from newsmon.statements.official import (
    body_of_place,
    gender,
    named_body,
    names_a_thing,
    official_status,
)
from newsmon.statements.unnamed import DETERMINERS as _DETERMINERS
from newsmon.statements.vocabulary import Compiled as _Compiled
from newsmon.statements.vocabulary import word_set
from newsmon.text import occurrences

_PRONOUNS = {"he", "she", "they", "it"}
_NOT_NAMES = word_set("not_names")
# "(R-Texas)", ", D-N.Y.,": party and state of a legislator.
_PARTY_SEAT = re.compile(r"\(?\b[RDI]-[A-Z][A-Za-z.]*(?:\s[A-Z][a-z]+)?\)?")
_OF_BODY = re.compile(r"(?:of|at|for|with)\b")
# "a Michigan Republican", "Republican Christine Todd Whitman": a party (with the place it
# stands for) describes a person, it is no part of their name.
_PARTY_WORD = re.compile(r"(?:Republican|Democrat|Democratic|Independent)$")


def plain_role(word: str) -> str:
    """A role word as roles are kept: "spokeswoman" and "spokesman" are a spokesperson, so a
    later "the spokeswoman" finds the role kept for "a spokeswoman for the ministry"."""
    word = word.lower()
    return "spokesperson" if word in ("spokesman", "spokeswoman") else word


def _describe(phrase: str, vocabulary: _Compiled) -> Speaker | None:
    """Name, role, organisation, country and officialness from a noun phrase."""
    owned = _owned(phrase, vocabulary)
    if owned is not None:
        return owned
    role_match = None
    for match in vocabulary.role_pattern.finditer(phrase):
        role_match = match
    institution = _institution(phrase, vocabulary)
    country = _country(phrase, vocabulary)
    body = body_of_place(phrase)
    if body:
        # "Bank of America", "the University of Chicago": a body, whose last word is no name.
        institution = institution or body.group(0)
        rest = f"{phrase[: body.start()]} {phrase[body.end() :]}".strip(" ,")
        name = _person_name(rest, role_match, vocabulary) if rest else None
        name = name or (None if role_match else body.group(0))
    else:
        name = _person_name(phrase, role_match, vocabulary)
    role = plain_role(role_match.group(1)) if role_match else None
    if not name:
        if institution and not role:
            labelled = re.search(
                r"((?:[A-Z][\w.'’-]*\s+)*)" + re.escape(institution) + r"(?:\s+of\s+[A-Z][\w ]+)?",
                phrase,
            )
            label = labelled.group(0).strip() if labelled else institution
            label = re.sub(r"^The\s+", "", label)  # sentence-initial "The Chinese Foreign Ministry"
            return Speaker(
                name=label,
                kind="organisation",  # "Chinese Foreign Ministry" is a body, not a person
                organisation=institution,
                country=country,
                official=True,
            )
        return None
    # "Florida adopted the Common Core": a place speaks as its government, never as "he".
    if names_a_thing(name) or name == institution or name in word_set("places"):
        return Speaker(
            name=name,
            kind="organisation",
            organisation=institution or name,
            country=country,
            official=official_status(phrase, vocabulary.user_official, vocabulary.user_unofficial),
        )
    former = bool(re.search(r"\b(?:former|ex-|retired)\b", phrase, re.I))
    official = _is_official(role, phrase, vocabulary) and not former
    return Speaker(
        name=name,
        role=role,
        organisation=institution,
        country=country,
        official=official,
    )


# "Mrs. Clinton's campaign", "the Trump campaign", "Cruz's communications director": a name
# before lowercase words that end the phrase is their owner; the head is the last word.
_OWNED = re.compile(r"(?P<owner>" + _NAME + r")(?P<head>(?:\s+[a-z][\w-]*){1,3})$")
_POSSESSIVE = re.compile(r"['’]s$")


def _owned(phrase: str, vocabulary: _Compiled) -> Speaker | None:
    """The body ("Clinton's campaign") or the unnamed person ("Cruz's communications
    director") that a phrase headed by a lowercase noun after a name stands for; for any
    other head, what the owner said through it ("Trump's statement"): the owner. None when
    the phrase is not so built."""
    bare = " ".join(_HONORIFIC.sub("", phrase).split())
    match = _OWNED.search(bare)
    if match is None:
        return None
    head = match.group("head").split()
    if any(w in _FUNCTION_WORDS or w.endswith(("ly", "self", "selves")) for w in head):
        return None  # "Trump in a statement", "Clinton herself": no head of the phrase
    owner = re.sub(r"^The\s+", "", match.group("owner"))
    name = f"{owner}{match.group('head')}"
    country = _country(phrase, vocabulary)
    official = official_status(phrase, vocabulary.user_official, vocabulary.user_unofficial)
    possessive = bool(_POSSESSIVE.search(owner))
    role = vocabulary.role_pattern.fullmatch(head[-1])
    if role and possessive:  # "the Vermont senator": a place before a role, read below
        return Speaker(
            name=name,
            kind="unnamed",
            role=role.group(1).lower(),
            country=country,
            official=official,
        )
    if named_body(" ".join(head)) or head[-1] in word_set("owned_bodies"):
        return Speaker(
            name=name, kind="organisation", organisation=name, country=country, official=official
        )
    if possessive and not role and len(head) <= 2:
        return _describe(_POSSESSIVE.sub("", owner), vocabulary)
    return None


_FUNCTION_WORDS = word_set("stopwords")


def _is_official(role: str | None, phrase: str, vocabulary: _Compiled) -> bool | None:
    return official_status(phrase, vocabulary.user_official, vocabulary.user_unofficial)


def _person_name(
    phrase: str, role_match: re.Match[str] | None, vocabulary: _Compiled
) -> str | None:
    """The capitalised words that are not a role, country word or institution.

    Of several names the head of the phrase wins: "Elizabeth Warren supporter Zainab
    Dossaji" is Dossaji, "Gwynne Shotwell, president of SpaceX" is Shotwell, and in "Sen.
    Ted Cruz, R-Texas" the party and state are no name.
    """
    phrase = _PARTY_SEAT.sub("", _HONORIFIC.sub("", phrase))
    if role_match:
        role_match = vocabulary.role_pattern.search(phrase) or None
    text = phrase
    if role_match:
        after = phrase[role_match.end() :].strip(" ,")
        before = phrase[: role_match.start()].strip(" ,")
        last_part = phrase.rsplit(",", 1)[-1].strip()
        if "," in phrase and _looks_like_name(last_part):
            text = last_part  # "an associate professor at X, Sun Xiuwen"
        elif before and (_OF_BODY.match(after) or ("," in before and after.startswith("to "))):
            # "Gwynne Shotwell, president of SpaceX"; "Barbara Woodward, the British
            # ambassador to the United Nations"
            text = before
        elif re.match(_NAME, after or ""):
            text = after
        elif re.search(_NAME, after or ""):
            text = list(re.finditer(_NAME, after))[-1].group(0)  # "Ambassador to Russia Zhang"
        elif _PLACE_BEFORE_ROLE.fullmatch(before):
            return _DETERMINERS.sub("", phrase[: role_match.end()].strip())
        elif before and "," not in before and before.split()[-1][:1].islower():
            # "English skills students", "Hillary Clinton campaign chairman": the name
            # modifies a noun before the role; the role's holder is not named.
            return None
        else:
            text = before
    noise = vocabulary.country_noise
    # "Wang Wen, dean of X", "Darran Whiting of Liberty Baptist Church": the first name is head.
    head, comma, _ = text.partition(", ")
    if comma and any(not _PARTY_WORD.search(name) for name in re.findall(_NAME, head)):
        text = head  # not "a Republican, Purcell": a party's member is no name
    # "Darran Whiting of Liberty Baptist Church", "Larry O'Connor on Hot Air", "Mark Levin
    # at Fox News": the name before the preposition is the head, not the place or outlet.
    head = _BEFORE_PREPOSITION.split(text, maxsplit=1)[0]
    if head != text and len(head.split()) > 1 and _looks_like_name(head):
        text = head
    candidates = []
    for match in re.finditer(_NAME, text):
        words = [
            w
            for w in match.group(0).split()
            if re.sub(r"['’]s$", "", w).lower() not in noise
            and w.lower().strip(".") not in _NOT_NAMES
            and not any(w in inst.split() for inst in vocabulary.institutions)
            and not vocabulary.role_pattern.fullmatch(w)
            and w.lower() not in {"former", "deputy", "the", "foreign", "affairs", "chinese"}
        ]
        length = len(words)  # the party word still counts for which name is the head
        if length > 2 and _PARTY_WORD.match(words[0]) and gender(" ".join(words[1:])):
            words = words[1:]  # "Republican Christine Todd Whitman", not "Democratic National …"
        words = _without_place(words)
        if words:
            candidates.append((length, " ".join(words)))
    if not candidates:
        return None
    # The longest name, and of equally long ones the last: the head of a noun phrase.
    name = max(reversed(candidates), key=lambda c: c[0])[1]
    if name.lower() in _PRONOUNS or len(name) < 3 or not name[0].isupper():
        return None
    return name


_BEFORE_PREPOSITION = re.compile(r"\s(?:of|on|at)\s")


def _without_place(words: list[str]) -> list[str]:
    """A person's name without the state before it: "Vermont Sen. Bernie Sanders" is Bernie
    Sanders (the title is gone by now); not unless a first name follows ("Washington Post
    Editorial Board", "Iowa University's …", "New York City Rudy Giuliani")."""
    for size in (2, 1):
        rest = words[size:]
        if len(rest) >= 2 and " ".join(words[:size]) in word_set("places") and gender(rest[0]):
            return rest
    return words


# "the independent Vermont" before a role names no one: the speaker is the role as described.
_PLACE_BEFORE_ROLE = re.compile(r"(?:[Tt]he|[Aa]n?)(?:\s[a-z][\w'’-]*)?(?:\s[A-Z][\w.'’-]*){1,3}")


def _country(phrase: str, vocabulary: _Compiled) -> str | None:
    """The country word nearest the start: "Brazilian President …, visiting China" is Brazil.

    Of two countries with a word there, the one listed first.
    """
    first = vocabulary.any_country.search(phrase)
    if first is None:
        return None
    at = first.start()
    return next((name for pattern, name in vocabulary.countries if pattern.match(phrase, at)), None)


def _institution(phrase: str, vocabulary: _Compiled) -> str | None:
    """The first listed institution that the phrase names."""
    if not vocabulary.any_institution.search(phrase):
        return None
    return next(
        (i for i in vocabulary.institutions if occurrences(i, phrase, whole_word=True)),
        None,
    )


def _is_institution(name: str, vocabulary: _Compiled) -> bool:
    return any(inst in name for inst in vocabulary.institutions)
