"""Unnamed sources: "US officials", "a senior official", "people familiar with the talks"."""

from __future__ import annotations

import re
from functools import cache

from newsmon.models import Speaker
from newsmon.statements.official import named_body, official_status
from newsmon.statements.vocabulary import word_set

# A determiner before the words it determines; "several of them", "Many in the crowd": a
# quantifier before a preposition is the phrase's head, and stays.
DETERMINERS = re.compile(
    r"^(?:the|a|an|some|several|many|most|two|three|four|other|another|one|both|all)\s+"
    r"(?!(?:of|in|from|among|at|on)\b)",
    re.I,
)


def unnamed_source(
    phrase: str,
    country: str | None,
    user_official: tuple[str, ...] = (),
    user_unofficial: tuple[str, ...] = (),
) -> Speaker | None:
    """ "US officials", "a senior official", "people familiar with the talks": no one named."""
    # "officials from both delegations who spoke to reporters": the clause is not the name.
    bare = _RELATIVE.split(DETERMINERS.sub("", phrase.strip(" ,.;:")), maxsplit=1)[0].strip(" ,")
    bare = DETERMINERS.sub("", re.split(r",\s+|\s+[—–]\s+", bare)[-1])  # "After X, some aides"
    words = [w.strip(",.’'").lower() for w in bare.split()]
    unnamed = word_set("unnamed_sources")  # "Josh Earnest" is a name, "White House official" not
    if not any(w in unnamed for w in words) or (
        _TWO_NAMES.search(bare) and words[-1] not in unnamed
    ):
        return None
    return Speaker(
        name=bare,
        kind="unnamed",
        organisation=named_body(bare),
        country=country,
        official=official_status(phrase, user_official, user_unofficial),
    )


_RELATIVE = re.compile(r",?\s+(?:who|whom|which|that)\s")
# Two capitalised words in a row, as in a person's name ("Josh Earnest", not "US officials").
_TWO_NAMES = re.compile(r"\b[A-Z][a-z][\w'’-]*\s+[A-Z][a-z][\w'’-]*")


# "the former president said", "the admiral said" where no holder was named before: the role
# itself speaks rather than the quote being lost. The role's last word is lower case: "The
# Advocate" is a newspaper.
_THE_ROLE = re.compile(r"^[Tt]he\s+((?:[\w'’-]+\s+){0,4}[a-z][\w'’-]*)$")


@cache
def _roles() -> frozenset[str]:
    return word_set("official_roles") | word_set("unofficial_roles") | word_set("relational_roles")


def role_itself(
    phrase: str, user_official: tuple[str, ...] = (), user_unofficial: tuple[str, ...] = ()
) -> Speaker | None:
    """The speaker "the <role>" names when no holder of the role is known, or None. The
    roles the user lists, official or not, are roles too, and say which they are."""
    match = _THE_ROLE.match(phrase.strip(" ,"))
    if match is None:
        return None
    role = match.group(1)
    lowered = role.lower()
    roles = _roles() | {r.lower() for r in (*user_official, *user_unofficial)}
    if not any(lowered == r or lowered.endswith(" " + r) for r in roles):
        return None
    official = official_status(phrase, user_official, user_unofficial)
    return Speaker(name=role, role=role, kind="person", official=official)
