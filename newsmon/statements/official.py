"""Official or not, from the words of a speaker's phrase; and a person's gender, for "he"/"she".

Officials speak for a state or an intergovernmental body: government, parliament, courts,
diplomats, ministries, militaries, police, agencies, the UN, EU, NATO, AU. Companies, media,
NGOs, think tanks, unions, parties and campaigns, experts, journalists, candidates and former
officials are not. When the words say neither, the answer is None (unknown), not a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsmon.statements.first_names import census_gender
from newsmon.statements.vocabulary import alternation, country_words, word_list, word_set

# "former Secretary of State", "ex-minister", "then-Senator": the office is not held now.
_NOT_NOW = re.compile(r"\b(?:former|formerly|ex-|retired|then-|onetime|one-time|erstwhile)", re.I)
# "(R-Utah)", "R-Texas", "(D-N.C.)": a member of Congress or of a state legislature.
_PARTY_SEAT = re.compile(r"\b[RDI]-[A-Z][A-Za-z.]+")


_TITLE_OF = re.compile(
    r"\b(?:president|chairman|chairwoman|director|head|chief|secretary)\s+(?:of|at)\s+"
    r"(?:the\s+)?(?P<body>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)",
    re.I,
)


# "Secretary of State", "Secretary of Homeland Security", "Chief of Staff": a portfolio.
_PORTFOLIOS = frozenset(
    [
        "state",
        "defense",
        "defence",
        "homeland",
        "treasury",
        "interior",
        "energy",
        "commerce",
        "labor",
        "labour",
        "education",
        "health",
        "transportation",
        "transport",
        "agriculture",
        "justice",
        "staff",
        "veterans",
        "housing",
    ]
)


@cache
def _state_names() -> str:
    """Countries and their words ("France", "Ukraine", "Chinese") as one alternation."""
    return alternation(
        [w for words in country_words().values() for w in words] + list(country_words())
    )


@cache
def _state_words() -> re.Pattern[str]:
    """A state's word anywhere in a phrase: a state, so official."""
    return re.compile(r"\b(?:" + _state_names() + r")\b")


@cache
def _state_itself() -> re.Pattern[str]:
    """A state speaking as itself: "China", "Beijing", "the Chinese side"."""
    return re.compile(r"(?:[Tt]he\s+)?(?:" + _state_names() + r")(?:\s+side)?")


class _StateWords:
    def search(self, text: str) -> re.Match[str] | None:
        return _state_words().search(text)


_STATE_WORDS = _StateWords()


@dataclass(frozen=True)
class _Lexicon:
    pattern: re.Pattern[str]
    kinds: dict[str, str]  # casefolded entry (or exact entry when cased) -> kind


@cache
def _lexicon(extra_official: tuple[str, ...], extra_unofficial: tuple[str, ...]) -> _Lexicon:
    """One pattern over every role and body word, longest first, so "attorney general" is
    read before "attorney" and "chief executive" before "chief"."""
    kinds: dict[str, str] = {}
    for entry in word_list("unofficial_roles"):
        kinds[entry.casefold()] = "unofficial_role"
    for entry in word_list("relational_roles"):
        kinds[entry.casefold()] = "relational_role"
    for entry in word_list("official_roles") + extra_official:
        kinds[entry.casefold()] = "official_role"
    # What the user lists as unofficial ("commissioner" of a sports league) is so, whatever
    # the default lists say.
    for entry in extra_unofficial:
        kinds[entry.casefold()] = "unofficial_role"
    roles = list(kinds)
    bodies_cased: dict[str, str] = {}
    for entry in word_list("unofficial_bodies"):
        bodies_cased[entry] = "unofficial_body"
    for entry in word_list("official_bodies"):
        bodies_cased[entry] = "official_body"
    # Roles ignore case ("Sen." / "senator"); bodies keep it ("House" is not "house").
    pattern = re.compile(
        r"(?<![\w.])(?:(?i:(?P<role>" + alternation(roles, ignore_case=True) + r"))(?:e?s)?"
        r"|(?P<body>" + alternation(bodies_cased) + r"))(?![\w])"
    )
    kinds.update({"body:" + k: v for k, v in bodies_cased.items()})
    return _Lexicon(pattern, kinds)


def official_status(
    phrase: str,
    official_roles: tuple[str, ...] = (),
    unofficial_roles: tuple[str, ...] = (),
) -> bool | None:
    """True, False, or None when the phrase does not say."""
    if _NOT_NOW.search(phrase):
        return False
    lexicon = _lexicon(tuple(official_roles), tuple(unofficial_roles))
    found: set[str] = set()
    for match in lexicon.pattern.finditer(phrase):
        if match.group("role"):
            found.add(lexicon.kinds[match.group("role").casefold()])
        else:
            found.add(lexicon.kinds["body:" + match.group("body")])
    # A body outranks a title: the president of a union speaks for the union.
    if "unofficial_body" in found:
        return None if "official_body" in found else False
    if "official_body" in found or _PARTY_SEAT.search(phrase):
        return True
    if "official_role" in found:
        # "president of SpaceX": a title of some body that is neither a state's nor known.
        of_body = _TITLE_OF.search(phrase)
        if of_body is None:
            return True
        body = of_body.group("body")
        return bool(_STATE_WORDS.search(body)) or body.split()[0].lower() in _PORTFOLIOS
    if "unofficial_role" in found:
        return False
    state = phrase.strip()
    # "China urged …" is the state's own position; "Kyiv's" is half a phrase, whose.
    if _state_itself().fullmatch(state) and not state.endswith(("'s", "’s")):
        return True
    return None


def names_a_body(phrase: str) -> bool:
    """Whether the phrase names a body, official or not ("Russia's foreign ministry")."""
    return named_body(phrase) is not None


def named_body(phrase: str) -> str | None:
    """The first body the phrase names, official or not ("White House" of "a White House
    official"), or None."""
    lexicon = _lexicon((), ())
    return next(
        (m.group("body") for m in lexicon.pattern.finditer(phrase) if m.group("body")), None
    )


def gender(phrase: str) -> str | None:
    """ "f", "m" or None, from a title, a gendered role word or a first name (the hand-kept
    lists first, then the census ones)."""
    female, male = word_set("female_names"), word_set("male_names")
    words = phrase.casefold().replace("’", "'").split()
    for index, word in enumerate(words):
        pair = " ".join(words[index : index + 2])
        if word in female or pair in female:
            return "f"
        if word in male or pair in male:
            return "m"
    return census_gender(phrase)


def names_a_thing(name: str) -> bool:
    """ "Obama's Affordable Care Act", "Bank": a law or a body, never "she" or "he"."""
    return name.split()[-1].lower() in word_set("not_person_heads")


_BODY_OF = re.compile(
    r"(?:[A-Z][\w'’-]*\s+)*([A-Z][\w'’-]*)\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
)


def body_of_place(phrase: str) -> re.Match[str] | None:
    """ "Bank of America", "the University of Chicago": a body named after a place."""
    body = _BODY_OF.search(phrase)
    return body if body and names_a_thing(body.group(1)) else None
