"""First names from the census lists (census_female_names.txt, census_male_names.txt,
census_either_names.txt, built by eval/vocabulary/first_names.py).

The hand-kept female_names.txt and male_names.txt (names in the news, titles, gendered role
words) are read in any case anywhere in a phrase. A census name counts only as the first of
two capitalised words ("Bret Baier"): a bare capitalised word is as often a surname or a
place ("Dallas", "Warren"), and a lower-case one a plain word."""

from __future__ import annotations

import re
from functools import cache

from newsmon.statements.vocabulary import word_set

# A capitalised word, then a capitalised name, perhaps after an initial ("Bret Baier",
# "Harry S. Truman").
_FIRST_OF_PAIR = re.compile(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?[A-Z][a-z]")


@cache
def census_genders() -> dict[str, str | None]:
    """Census first name (lower case) -> "f", "m", or None for a name both sexes bear."""
    genders: dict[str, str | None] = dict.fromkeys(word_set("census_either_names"))
    genders.update(dict.fromkeys(word_set("census_female_names"), "f"))
    genders.update(dict.fromkeys(word_set("census_male_names"), "m"))
    return genders


def census_gender(phrase: str) -> str | None:
    """ "f" or "m" from the first census name that opens a capitalised pair, or None."""
    genders = census_genders()
    for pair in _FIRST_OF_PAIR.finditer(phrase):
        found = genders.get(pair.group(1).lower())
        if found is not None:
            return found
    return None
