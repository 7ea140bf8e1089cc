"""Whose participle it is: "Clinton tried to turn the tables, portraying Sanders as …".

A cue that is a participle hung on the sentence by a comma ("…, saying", "…, calling him
a 'stiff'", "…, and, citing Exodus") has no subject of its own: its source is the subject
of the sentence, however many names stand between them.
"""

from __future__ import annotations

from newsmon.statements.names import SAY_VERBS
from newsmon.statements.tagger import Token

# Words that may join a participle to the comma before it: ", and citing", ", while also
# suggesting", "all but begging".
_LINKS = frozenset(["and", "also", "while", "but", "all", "before", "after", "then"])
# Sentence openers that are no subject: an adverb on its own ("Then he cut into Bush"),
# or a phrase up to its comma ("On Monday, Clinton …", "When Maddow pointed out …, Clinton").
_ADVERBS = frozenset(
    ["then", "but", "and", "still", "yet", "so", "now", "later", "instead", "also", "even"]
)
_OPENERS = frozenset(
    [
        "on", "in", "at", "after", "before", "during", "when", "while", "as", "since", "for",
        "with", "without", "despite", "although", "though", "if", "last", "this", "earlier",
        "meanwhile", "however", "by", "from", "like", "unlike", "once", "until", "because",
    ]
)  # fmt: skip
# "…, according to X": a preposition, not a participle.
_PREPOSITIONS = frozenset(["according", "including", "regarding", "concerning", "following"])
# "Hours later, Trump …", "Moments before the vote, …": a time, not the subject.
_TIME_AFTER = frozenset(["later", "after", "before", "ago", "earlier"])
_DASHES = frozenset(["-", "—", "–", "--"])
_PRONOUNS = frozenset(["he", "she", "they", "we", "i"])
_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "their", "its", "our", "my"])
_QUOTES = frozenset(['"', "“", "”", "''", "``", "‘", "'"])
# A verb that ends a noun phrase opened by a determiner ("The New Jersey governor was").
_VERBS = frozenset(
    ["was", "were", "is", "are", "has", "have", "had", "will", "would", "did", "does", "who"]
)
MAX_SUBJECT_WORDS = 6


def hangs_on_comma(sequence: list[Token], cue: int) -> bool:
    """Whether the cue token is a participle joined to the sentence by a comma."""
    word = sequence[cue].text
    if not (word.endswith("ing") and word[:1].islower() and len(word) > 4):
        return False
    if word in _PREPOSITIONS:
        return False
    before = cue - 1
    while before >= 0 and before >= cue - 3 and sequence[before].text.lower() in _LINKS:
        before -= 1
    return before >= 0 and sequence[before].text == ","


def sentence_subject(sequence: list[Token], begin: int, cue: int) -> tuple[int, int] | None:
    """The subject of the sentence that starts at ``begin``, before the token ``cue``: a
    pronoun, a run of capitalised words, or a short phrase opened by a determiner and ended
    by its verb. None when the sentence opens with a quote or the subject is unclear."""
    if any(sequence[k].text in SAY_VERBS for k in range(begin, cue)):
        return None  # '"…," said Devine, suggesting': the speaker of that verb, not the subject
    at = _after_dateline(sequence, begin, cue)
    for _ in range(3):
        if at >= cue:
            return None
        word = sequence[at].text.lower()
        timed = at + 1 < cue and sequence[at + 1].text.lower() in _TIME_AFTER
        if word in _ADVERBS:
            at += 1
        elif word in _OPENERS or timed:
            comma = next((k for k in range(at, cue) if sequence[k].text == ","), None)
            if comma is None:
                return None
            at = comma + 1
        else:
            break
    if at >= cue or sequence[at].text in _QUOTES:
        return None
    word = sequence[at].text
    if word.lower() in _PRONOUNS:
        return at, at
    if word.lower() in _DETERMINERS:
        for end in range(at + 1, min(cue, at + MAX_SUBJECT_WORDS)):
            following = sequence[end].text
            verb = following in _VERBS or following in SAY_VERBS
            if verb or (following.endswith("ed") and following[:1].islower()):
                return (at, end - 1) if end > at + 1 else None
        return None
    if not word[:1].isupper():
        return None
    end = at
    # "New Jersey Gov. Chris Christie": a title's dot is part of the name.
    while end + 1 < cue and (
        sequence[end + 1].text[:1].isupper()
        or (
            sequence[end + 1].text == "." and end + 2 < cue and sequence[end + 2].text[:1].isupper()
        )
    ):
        end += 1
    if sequence[end].text.endswith(("’s", "'s")):
        return None  # "Murphy’s speech …": the subject is what is his
    return at, end


def _after_dateline(sequence: list[Token], begin: int, cue: int) -> int:
    """Past "WASHINGTON —" or "CLEVELAND -- " at the start of an article."""
    if not (sequence[begin].text.isupper() and len(sequence[begin].text) > 1):
        return begin
    for k in range(begin + 1, min(cue, begin + 5)):
        if sequence[k].text in _DASHES:
            while k < cue and sequence[k].text in _DASHES:
                k += 1
            return k
    return begin
