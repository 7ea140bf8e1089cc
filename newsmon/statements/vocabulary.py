"""Word lists (package data under newsmon/data/vocabulary/) and the user's additions.

Each list is a UTF-8 text file, one entry a line, '#' starts a comment line. They are read
once per process (functools.cache) through importlib.resources, so an installed wheel reads
the same files as a checkout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, model_validator

VOCABULARY_PACKAGE = "newsmon.data.vocabulary"


class VocabularyFileError(FileNotFoundError):
    """A word list the extractor needs is missing from newsmon/data/vocabulary/."""


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The entries of ``newsmon/data/vocabulary/<name>.txt``, in file order."""
    resource = resources.files(VOCABULARY_PACKAGE).joinpath(f"{name}.txt")
    if not resource.is_file():
        raise VocabularyFileError(
            f"vocabulary list {name}.txt is missing from newsmon/data/vocabulary/ "
            "(reinstall newsmon, or restore the file from the repository)"
        )
    lines = resource.read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def word_set(name: str) -> frozenset[str]:
    return frozenset(word_list(name))


@cache
def reporting_verbs() -> frozenset[str]:
    """Verbs that open an attribution inside other words: say_verbs.txt and
    recovery_cues.txt ("said", "vowed", "acknowledged"); cue_words.txt's broader words
    ("call", "ask") split more than they mend."""
    return word_set("say_verbs") | word_set("recovery_cues")


@cache
def saying_words() -> frozenset[str]:
    """Words that make a cue one of saying: those of any cue vocabulary."""
    return word_set("cue_words") | word_set("say_verbs") | word_set("recovery_cues")


@cache
def country_words() -> dict[str, tuple[str, ...]]:
    """``countries.txt``: "Name: word, word, …" lines, in file order."""
    countries: dict[str, tuple[str, ...]] = {}
    for line in word_list("countries"):
        name, sep, words = line.partition(":")
        if not sep:
            raise VocabularyFileError(
                f"countries.txt line {line!r} has no ':'; write 'Country: word, word'"
            )
        countries[name.strip()] = tuple(w.strip() for w in words.split(",") if w.strip())
    return countries


def say_pattern() -> str:
    """An alternation of the speech verbs, longest first (so "called on" beats "called")."""
    return alternation(word_list("say_verbs"))


# Words by common prefix: each character leads to the rest; "" marks the end of a word.
_Trie = dict[str, "_Trie"]


def alternation(
    words: Iterable[str],
    ignore_case: bool = False,
    literal: Callable[[str], str] = re.escape,
    opening: Callable[[str], list[str]] | None = None,
) -> str:
    """A regex that matches what ``"|".join(words, longest first)`` matches, tried as a trie.

    re tries the alternatives of a plain alternation one by one at every position; with a
    hundred roles or verbs that is most of the time a sentence takes. Nested by common
    prefix, each character is tried once, and a node's longer continuations come before
    its own end, so of the words that fit at a position the longest is still tried first
    and then the shorter ones, as in the plain alternation. With ``ignore_case`` (for a
    pattern compiled with re.IGNORECASE) words are merged by lower case; a word list
    with characters that re would match across two branches (the long s and "s") keeps
    the plain alternation. ``literal`` writes each character of a word; ``opening``, if
    given, a word's first character as the branches it opens (``each_case``).
    """
    ordered = sorted(dict.fromkeys(words), key=len, reverse=True)
    plain = "|".join("".join(map(literal, word)) for word in ordered)
    if not ordered:
        return plain
    trie: _Trie = {}
    for word in ordered:
        node = trie
        for char in word:
            # One character at a time, as re compares them ("İ" lowers to two).
            folded = char.lower() if ignore_case else char
            node = node.setdefault(folded if len(folded) == 1 else char, {})
        node[""] = {}
    if ignore_case and not _branches_distinct(trie):
        return plain
    return _trie_pattern(trie, literal, opening)


def _trie_pattern(
    node: _Trie, literal: Callable[[str], str], opening: Callable[[str], list[str]] | None = None
) -> str:
    branches = [
        written + _trie_pattern(child, literal)
        for char, child in node.items()
        if char
        for written in (opening(char) if opening else [literal(char)])
    ]
    if not branches:
        return ""
    body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 or "" in node else branches[0]
    return body + "?" if "" in node else body


# What re.IGNORECASE matches to an ASCII letter besides its two cases (re's own table of
# case equivalents: the dotted and dotless i, the Kelvin sign, the long s).
_OTHER_CASES = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
OTHER_CASES = "".join(_OTHER_CASES.values())


def any_case(char: str) -> str:
    """A pattern, compiled without re.IGNORECASE, that matches what CHAR matches with it.

    An ignore-case literal is compared with every text character's lower case, and in an
    alternation each branch is then entered at each position: a class of the few
    characters it can be is checked at once (the role pattern in a third of the time).
    """
    if char.isascii() and char.isalpha():
        return f"[{char.lower()}{char.upper()}{_OTHER_CASES.get(char.lower(), '')}]"
    return re.escape(char) if char.isascii() else f"(?i:{re.escape(char)})"


def each_case(char: str) -> list[str]:
    """``any_case`` as one branch per case of CHAR, for the first characters of a trie: re
    compares a branch's opening character before it enters the branch, where a class
    has to be entered and read (the role pattern over a page's sentences in 56% of the
    time). One character of the text still opens no more than one branch."""
    if char.isascii() and char.isalpha():
        return [char.lower(), char.upper(), *_OTHER_CASES.get(char.lower(), "")]
    return [any_case(char)]


def _branches_distinct(node: _Trie) -> bool:
    """No text character matches two branches of a node when case is ignored."""
    chars = [char for char in node if char]
    if any(
        re.fullmatch(re.escape(a), b, re.IGNORECASE)
        for i, a in enumerate(chars)
        for b in chars[i + 1 :]
        if not (a.isascii() and b.isascii())
    ):
        return False
    return all(_branches_distinct(child) for child in node.values())


class SpeakerVocabulary(BaseModel):
    """Roles, countries and institutions; what the user writes extends the defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    official_roles: tuple[str, ...] = Field(default=())
    unofficial_roles: tuple[str, ...] = Field(default=())
    countries: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    institutions: tuple[str, ...] = Field(default=())
    # How sure the tagger must be before unquoted reported words count as a statement. On
    # PolNeAR train articles the tagger did not see, lower is better down to 0.5 and flat
    # below, and 0.4 with tagger.CONTENT_MARGINAL (its extra Content words are less sure).
    # Set B counts calls, urgings and reactions as statements since issue #15 (its
    # definition, eval/statements/README.md) and stays at F1 >= 0.90 here.
    reported_confidence: float = Field(default=0.4, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _roles_are_not_both(self) -> SpeakerVocabulary:
        both = {r.lower() for r in self.official_roles} & {r.lower() for r in self.unofficial_roles}
        if both:
            raise ValueError(
                f"roles listed as both official and unofficial: {', '.join(sorted(both))}"
            )
        return self

    def compiled(self) -> Compiled:
        # The model holds a dict, so it is not hashable; its JSON form is the cache key.
        return _compile(self.model_dump_json())


@dataclass(frozen=True)
class Compiled:
    official: tuple[str, ...]
    unofficial: tuple[str, ...]
    role_pattern: re.Pattern[str]
    countries: tuple[tuple[re.Pattern[str], str], ...]
    institutions: tuple[str, ...]
    country_noise: frozenset[str]
    # Any country word, any institution: one search says whether a phrase names one at
    # all, before the lists are read in order for which.
    any_country: re.Pattern[str]
    any_institution: re.Pattern[str]
    # What the user added in sources.yaml, passed on to official.official_status.
    user_official: tuple[str, ...] = ()
    user_unofficial: tuple[str, ...] = ()
    reported_confidence: float = 0.4


@cache
def _compile(vocabulary_json: str) -> Compiled:
    vocabulary = SpeakerVocabulary.model_validate_json(vocabulary_json)
    official = tuple(dict.fromkeys((*word_list("official_roles"), *vocabulary.official_roles)))
    unofficial = tuple(
        dict.fromkeys((*word_list("unofficial_roles"), *vocabulary.unofficial_roles))
    )
    relational = word_list("relational_roles")
    roles = alternation(
        (*official, *unofficial, *relational), ignore_case=True, literal=any_case, opening=each_case
    )
    role_pattern = re.compile(r"\b(" + roles + r")" + any_case("s") + r"?\b")
    countries = dict(country_words())
    for name, words in vocabulary.countries.items():
        countries[name] = tuple(dict.fromkeys((*countries.get(name, ()), *words)))
    patterns = tuple(
        (re.compile(r"(?<![\w.])" + re.escape(word) + r"(?![\w])"), name)
        for name, words in countries.items()
        for word in sorted(words, key=len, reverse=True)
    )
    institutions = tuple(dict.fromkeys((*word_list("institutions"), *vocabulary.institutions)))
    noise = frozenset(w.lower() for words in country_words().values() for w in words)
    all_words = (word for words in countries.values() for word in words)
    return Compiled(
        official,
        unofficial,
        role_pattern,
        patterns,
        institutions,
        noise,
        re.compile(r"(?<![\w.])(?:" + alternation(all_words) + r")(?![\w])"),
        re.compile(r"\b(?:" + alternation(institutions) + r")\b"),
        vocabulary.official_roles,
        vocabulary.unofficial_roles,
        vocabulary.reported_confidence,
    )
