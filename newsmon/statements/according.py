"""The "according to" reading of a sentence: who it names, and where the words start."""

from __future__ import annotations

import re

from newsmon.models import Speaker
from newsmon.statements.phrase_speaker import _speaker_from_phrase
from newsmon.statements.speakers import _Context
from newsmon.statements.vocabulary import any_case

# "\baccording to" with re.I: each position of every sentence without a speech verb tried
# in turn. Spelt in classes of its letters' cases, with "\b" a look-behind after the
# first, it opens with a class re scans for in C (0.10 -> 0.05 CPU ms a page).
_ACCORDING = re.compile(
    any_case("a") + r"(?<!\w.)" + "".join(map(any_case, "ccording to")) + r" (?P<who>[^,.;]+)"
)


def according(
    sentence: str, quotes: list[re.Match[str]], context: _Context
) -> tuple[Speaker, int | None] | None:
    """The speaker "according to" names, after the quotes if any."""
    if quotes:
        match = _ACCORDING.search(sentence[quotes[-1].end() :])
        if match:
            speaker = _speaker_from_phrase(match.group("who"), context)
            if speaker:
                return speaker, None
    named = _ACCORDING.search(sentence)
    if named and not quotes:
        speaker = _speaker_from_phrase(named.group("who"), context)
        if speaker:
            remainder = (sentence[: named.start()] + sentence[named.end() :]).strip(" ,.")
            head = remainder[:20]
            return speaker, sentence.index(head) if head in sentence else 0
    return None
