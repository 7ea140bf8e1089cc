"""Tagger statements that meet the words the rules took.

The tagger's Content may run past its sentence into a quote the rules read in the next one
("Analysts are divided over how far China will go. "Beijing wants …," said Gabuev"). The
quote is the rules' statement; what the tagger read before it is judged on its own.
"""

from __future__ import annotations

from dataclasses import replace

from newsmon.statements.learned import Found
from newsmon.statements.vocabulary import saying_words

# How many of the latest rule spans a tagger statement is compared with: it can only run
# into the words of a sentence next to its own.
RECENT_RULE_SPANS = 8
# Marks left between the tagger's words and the quote once it is cut off.
_TRAILING = " \t\n\"“”'‘’,;:—–-"
# "Analysts are divided over how far China will go. "…," said Gabuev": a question after a
# cue that says nothing opens the topic the quote then speaks to. PolNeAR counts such
# topics elsewhere ("talks about how …"), so only the words cut off a quote are held to it.
_QUESTION_WORDS = frozenset(["how", "what", "why", "whether", "when", "where", "who"])
_PREPOSITIONS = frozenset(["over", "about", "on", "of", "as", "to", "into", "at", "in"])


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans share at least 30% of the shorter one."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.3 * min(a[1] - a[0], b[1] - b[0])


def before_rules_words(text: str, item: Found, covered: list[tuple[int, int]]) -> Found | None:
    """The tagger statement without the rules' words it runs into, or None when nothing of
    its own is left: a quoted statement that overlaps a rules quote is that quote, and
    words that start inside the rules' words are theirs."""
    span = (item.start, item.end)
    recent = covered[-RECENT_RULE_SPANS:]
    if not any(overlaps(span, rules) for rules in recent):
        return item
    if item.quoted:
        return None
    met = [rules[0] for rules in recent if rules[0] < item.end and rules[1] > item.start]
    end = min(met)
    while end > item.start and text[end - 1] in _TRAILING:
        end -= 1
    if end <= item.start or text[end - 1] not in ".!?":
        return None
    # '… a positive start. "…," Sun said.': a cue after the cut is the rules' attribution.
    if item.cue is None or item.cue[0] >= end:
        return None
    cue = text[item.cue[0] : item.cue[1]].lower().split()
    words = text[item.start : end].lower().split()
    if _asks(cue, words):
        return None
    # The sentence's own end stop is no part of the words, as when no quote follows.
    return replace(item, end=end - 1)


def _asks(cue: list[str], words: list[str]) -> bool:
    return (
        bool(cue and words)
        and words[0] in _QUESTION_WORDS
        and cue[-1] in _PREPOSITIONS
        and saying_words().isdisjoint(cue)
    )
