"""Cue words: what marks a sentence as reported speech, and what only looks like it."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from newsmon.models import Statement
from newsmon.statements.vocabulary import alternation, word_list, word_set

CUE_WORD = re.compile(
    r"\b(?:according to|said|says|say|told|tells|added|adds|noted|warned|urged|stressed|"
    r"announced|wrote|writes|tweeted|insisted|argued|called|accused|emphasi[sz]ed|stated)\b"
)


def with_cue(statement: Statement, sentence: str) -> Statement:
    match = CUE_WORD.search(sentence[:400])
    return replace(statement, cue=match.group(0)) if match else statement


def is_speech(cue: str) -> bool:
    """Whether a cue says rather than thinks or wants ("said" yes, "believes" no)."""
    stems = tuple(word_list("not_speech_cues"))
    return not any(word.lower().startswith(stems) for word in re.findall(r"\w+", cue))


def names_a_topic(cue: str) -> bool:
    """Whether unquoted words after the cue are what was talked about, not what was said:
    the cue's last word is one of topic_cues.txt ("answered a question related to the
    talks"). Reactions ("welcomed the resumption of talks", "condemned the sanctions") are
    the speaker's position and count (issue #15; PolNeAR counts them too)."""
    cue_words = cue.lower().split()
    return bool(cue_words) and cue_words[-1].startswith(tuple(word_list("topic_cues")))


_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "its", "their"])


def says_a_clause(words: list[str], cue: str) -> bool:
    """Words after a verb of saying (recovery_cues.txt) that open a clause, not a noun
    phrase ("noted that talks resume", not "noted the meeting's significance")."""
    cue_words = cue.lower().split()
    return (
        bool(words and cue_words)
        and cue_words[-1] in word_set("recovery_cues")
        and words[0] not in _DETERMINERS
    )


@cache
def _second_act() -> re.Pattern[str]:
    return re.compile(r",?\s+(?:" + alternation(word_list("second_act_cues")) + r")\s+(?=\S)")


def second_act(sentence: str) -> re.Match[str] | None:
    """Where a second act of saying by the same speaker opens (second_act_cues.txt: "…,"
    X said, adding that Y; X said … and urged Z to …), outside any quotation: "and urged"
    inside the speaker's quoted words is part of them."""
    for match in _second_act().finditer(sentence):
        before = sentence[: match.start()]
        if before.count('"') % 2 == 0 and before.count("“") == before.count("”"):
            return match
    return None
