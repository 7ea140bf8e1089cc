"""The "according to" reading of a sentence: who it names, and where the words start."""

from __future__ import annotations

import re

from newsmon.models import Speaker
from newsmon.statements.names import ACCORDING_TO
from newsmon.statements.phrase_speaker import _speaker_from_phrase
from newsmon.statements.speakers import _Context

_ACCORDING = re.compile(ACCORDING_TO + r" (?P<who>[^,.;]+)")


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
