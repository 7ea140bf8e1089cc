"""The word lists under newsmon/data/vocabulary/: all load, clean, and fail loudly if missing."""

from __future__ import annotations

from importlib import resources

import pytest

from newsmon.statements.vocabulary import (
    VOCABULARY_PACKAGE,
    VocabularyFileError,
    country_words,
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
