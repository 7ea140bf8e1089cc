"""Which speaker to believe when the rules and the tagger name different ones for a statement.

The rules' speaker stands unless it is doubtful ("Around 47 percent said …" gave "Around"), or
the tagger's source stands right beside its own cue, outside the statement's words, while the
rules' speaker stands beside no verb of saying in the sentence ("Hurun lists …, Forbes says"
gave Forbes for Hurun's words; "Clinton, who …, did not mention Trump by name, but told …"
gave Trump).
"""

from __future__ import annotations

import re

from newsmon.models import Speaker, Statement
from newsmon.statements.learned import Found
from newsmon.statements.speakers import _Context
from newsmon.statements.vocabulary import say_pattern, word_set
from newsmon.text import occurrences


def tagger_reads_better(
    text: str, sentence: str, statement: Statement, tagged: Found, context: _Context
) -> bool:
    """Whether the tagger's source should replace the rules' speaker of ``statement``."""
    if _doubtful(statement.speaker, context):
        return True
    return _next_to_cue(text, tagged, statement.spans[0]) and not _beside_verb(
        sentence, statement.speaker
    )


def tagged_for(items: list[Found], span: tuple[int, int]) -> Found | None:
    """The tagger's content with a source that overlaps ``span`` most, if any."""
    best: tuple[int, Found] | None = None
    for item in items:
        overlap = min(item.end, span[1]) - max(item.start, span[0])
        if item.source and overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, item)
    return best[1] if best else None


_GAP = re.compile(r"[\s,]*(?:\w+ly\b)?[\s,]*")


def _next_to_cue(text: str, item: Found, span: tuple[int, int]) -> bool:
    """Whether the tagger's source stands right beside its cue (commas and one adverb
    between), and the cue is not one inside the statement's own words ("… said that
    activists criticised the company")."""
    source, cue = item.source, item.cue
    if source is None or cue is None or span[0] <= cue[0] < span[1]:
        return False
    gap = text[source[1] : cue[0]] if source[1] <= cue[0] else text[cue[1] : source[0]]
    return bool(_GAP.fullmatch(gap))


# After the name, up to three appositives in commas ("Vassily Nebenzia, Russia's envoy to
# the United Nations, said"), an adverb, then the verb; before it, the verb or "according
# to" and up to three capitalised words ("said Sen. Ted Cruz").
_THEN_SAID = re.compile(
    r"(?:,[^,;\"“”]{1,80}){0,3}?[\s,]*(?:\w+ly\s+)?(?:" + say_pattern() + r")\b"
)
_SAID_THEN = re.compile(
    r"\b(?:" + say_pattern() + r"|according to)[\s,]+(?:[A-Z][\w.’'-]*\s+){0,3}$"
)


def _beside_verb(sentence: str, speaker: Speaker) -> bool:
    """Whether the speaker's last name stands right before a verb of saying (past its
    appositives) or right after one, or after "according to"."""
    words = speaker.name.replace("’s", "").replace("'s", "").split()
    if not words:
        return False
    for start, end in occurrences(words[-1], sentence, whole_word=True):
        window = max(0, start - 60)
        if _THEN_SAID.match(sentence, end) or _SAID_THEN.search(sentence, window, start):
            return True
    return False


def _doubtful(speaker: Speaker, context: _Context) -> bool:
    """A one-word speaker with no role that names a place or a sentence opener, not a person
    the article introduced ("Around", "Instead", "America", "Florida")."""
    name = speaker.name.strip()
    if " " in name or speaker.role or speaker.kind != "person":
        return False
    lowered = name.lower()
    known = any(m.speaker.name != name and name in m.speaker.name for m in context.mentions)
    return not known and (
        lowered in word_set("not_names")
        or lowered in context.vocabulary.country_noise
        or not name[:1].isupper()
    )


def disagree(speaker: Speaker, text: str, mention: tuple[int, int]) -> bool:
    """Whether the tagger's source names someone else than the rules' speaker (a pronoun
    names no one, so it agrees with any resolution)."""
    source = text[mention[0] : mention[1]].lower()
    if source.strip() in _PRONOUN_SOURCES:
        return False
    words = speaker.name.replace("’s", "").replace("'s", "").split()
    return not words or words[-1].lower() not in source


_PRONOUN_SOURCES = frozenset(["he", "she", "they", "it", "we", "i"])
