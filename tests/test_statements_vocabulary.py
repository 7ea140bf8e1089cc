"""The word lists under newsmon/data/vocabulary/: all load, clean, and fail loudly if missing."""

from __future__ import annotations

import random
import re
from importlib import resources

import pytest

from newsmon.statements.vocabulary import (
    VOCABULARY_PACKAGE,
    SpeakerVocabulary,
    VocabularyFileError,
    alternation,
    any_case,
    country_words,
    each_case,
    say_pattern,
    word_list,
)

LISTS = sorted(
    path.name.removesuffix(".txt")
    for path in resources.files(VOCABULARY_PACKAGE).iterdir()
    if path.name.endswith(".txt")
)


def test_the_package_ships_the_lists_the_extractor_reads() -> None:
    expected = {
        "official_roles",
        "unofficial_roles",
        "relational_roles",
        "official_bodies",
        "unofficial_bodies",
        "institutions",
        "countries",
        "say_verbs",
        "cue_words",
        "not_speech_cues",
        "stopwords",
        "not_names",
        "female_names",
        "male_names",
        "unnamed_sources",
    }
    assert expected <= set(LISTS)


@pytest.mark.parametrize("name", LISTS)
def test_every_list_loads_without_duplicates_or_stray_whitespace(name: str) -> None:
    entries = word_list(name)
    assert entries, f"{name}.txt is empty"
    assert len(entries) == len(set(entries)), f"{name}.txt has duplicate entries"
    for entry in entries:
        assert entry == entry.strip(), f"{name}.txt: stray whitespace in {entry!r}"
        assert "  " not in entry, f"{name}.txt: double space in {entry!r}"


def test_countries_parse_into_names_and_words() -> None:
    countries = country_words()
    assert "China" in countries and "Chinese" in countries["China"]
    assert all(words for words in countries.values())


def test_a_missing_list_fails_with_a_message_naming_the_file() -> None:
    with pytest.raises(VocabularyFileError, match=r"no_such_list\.txt"):
        word_list("no_such_list")


def _plain(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True))


@pytest.mark.parametrize("ignore_case", [False, True])
def test_the_trie_alternation_matches_what_the_plain_one_matches(ignore_case: bool) -> None:
    """Random words sharing prefixes ("ab", "abs", "a b"), in random text: every match, and
    the word each one took, is the plain longest-first alternation's."""
    rng = random.Random(15)
    alphabet = "abAB s"
    flags = re.IGNORECASE if ignore_case else 0
    for _ in range(300):
        words = ["".join(rng.choices(alphabet, k=rng.randint(1, 5))) for _ in range(8)]
        text = "".join(rng.choices(alphabet + ".", k=80))
        for template in (r"\b({})s?\b", r"^(.{{0,30}}?)\s*\b({})\b(.*)$"):
            plain = re.compile(template.format(_plain(words)), flags)
            trie = re.compile(template.format(alternation(words, ignore_case)), flags)
            assert [m.groups() for m in trie.finditer(text)] == [
                m.groups() for m in plain.finditer(text)
            ], (words, text)


def test_a_trie_of_any_case_letters_opening_in_each_case_matches_what_ignore_case_does() -> None:
    """The role pattern's form (``any_case`` letters, the first one a branch per case,
    no re.IGNORECASE) against the plain alternation with the flag, on random words and
    texts that hold the Kelvin sign and the long s."""
    rng = random.Random(20)
    for _ in range(300):
        words = ["".join(rng.choices("abkAKs S", k=rng.randint(1, 5))) for _ in range(8)]
        text = "".join(rng.choices("abkAKs S.\u212a\u017f", k=80))
        pattern = alternation(words, ignore_case=True, literal=any_case, opening=each_case)
        for template in (r"\b({})s?\b", r"^(.{{0,30}}?)\s*\b({})\b(.*)$"):
            plain = re.compile(template.format(_plain(words)), re.IGNORECASE)
            trie = re.compile(template.replace("s?", any_case("s") + "?").format(pattern))
            assert [m.groups() for m in trie.finditer(text)] == [
                m.groups() for m in plain.finditer(text)
            ], (words, text)


def test_the_role_and_verb_patterns_read_overlapping_entries_longest_first() -> None:
    roles = SpeakerVocabulary().compiled().role_pattern
    found = [m.group(1) for m in roles.finditer("Deputy Foreign Minister Ryabkov and ministers")]
    assert found == ["Deputy Foreign Minister", "minister"]
    said = re.compile(r"\b(" + say_pattern() + r")\b")
    assert said.search("She called on Russia").group(1) == "called on"  # type: ignore[union-attr]


def test_a_case_blind_alternation_keeps_the_plain_form_where_re_folds_across_branches() -> None:
    # re.IGNORECASE matches the long s (ſ) with "s": as two branches of one node the
    # longest-first order could break, so the plain alternation is kept.
    assert alternation(["ſa", "sab"], ignore_case=True) == "sab|ſa"
    assert alternation(["sa", "sab"], ignore_case=True) == "sa(?:b)?"


def test_any_case_matches_every_character_ignore_case_matches_and_no_other() -> None:
    # Over all of Unicode, for every ASCII character and a few others: the role pattern
    # is compiled without re.IGNORECASE and must find what it found with the flag.
    everything = "".join(map(chr, range(0x110000)))
    for char in [chr(code) for code in range(128)] + ["é", "ſ", "İ", "ß"]:
        expected = re.compile(re.escape(char), re.IGNORECASE).findall(everything)
        assert re.findall(any_case(char), everything) == expected, char


def test_the_role_pattern_finds_roles_in_any_case() -> None:
    roles = SpeakerVocabulary(official_roles=("Éminence",)).compiled().role_pattern
    text = "PRESIDENT Putin, the foreign miniſter, a \u212aing's envoys and the éMINENCE"
    found = [m.group(1) for m in roles.finditer(text)]
    assert found == ["PRESIDENT", "foreign miniſter", "\u212aing", "envoy", "éMINENCE"]
