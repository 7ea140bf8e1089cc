"""Where reported words end when a clause with a subject and verb of its own follows them.

"While environmentalists welcomed India's announcement that it would invest in solar
energy, they were less pleased by its plans …": the tagger often reads the words after
"welcomed" on past the comma that closes the "While …" clause, into the main clause, which
has a subject and a verb of its own and says something else, often for someone else ("…,
others argue that …", "…, all signs pointed to …"). The words end at that comma; and
after any cue, before ", and he <verb>" (the subject's next act: "Mr. Obama decried …, and
he foreshadowed …"). Issue #15: on the train holdout these statements were matched to the
later clause's attribution under the first clause's speaker.
"""

from __future__ import annotations

import re

from newsmon.statements.names import SAY_VERBS
from newsmon.statements.tagger import Token, tokens
from newsmon.statements.token_sentences import _ABBREVIATIONS
from newsmon.statements.vocabulary import reporting_verbs

# Words that open a clause which cannot stand alone and ends at a comma.
_SUBORDINATORS = frozenset(
    [
        "while",
        "though",
        "although",
        "when",
        "whereas",
        "as",
        "despite",
        "after",
        "before",
        "because",
        "if",
        "since",
        "once",
        "until",
        "unlike",
    ]
)
# Words that may come before the subordinator: "And although he thanked …".
_CONNECTIVES = frozenset(["and", "but", "yet", "even"])
_QUOTES = frozenset(['"', "“", "”", "''", "``", "’", "'"])
# A subject that is one such word: "…, they were less pleased", "…, others argue".
_SUBJECT_WORDS = frozenset(
    ["he", "she", "they", "we", "i", "it", "others", "many", "some", "most", "critics"]
)
# Words that open a subject's noun phrase: "…, all signs pointed to", "…, the crowd chanted".
_DETERMINERS = frozenset(
    ["the", "a", "an", "all", "his", "her", "their", "its", "our", "several", "both", "many"]
)
# "…, a state that she hoped to carry, aides said": a relative clause makes the phrase an
# appositive, whose verb is the relative clause's, not a subject's.
_RELATIVES = frozenset(["that", "which", "who", "whom", "whose", "where"])
# How many words a subject may run to before its verb.
MAX_SUBJECT = 5
# A verb right after a subject: an auxiliary, a modal or a bare verb of saying, or any
# word of say_verbs.txt, or a lower-case word ending in "ed" or "s".
_VERBS = frozenset(
    [
        "was", "were", "is", "are", "has", "have", "had", "will", "would", "did", "does",
        "do", "can", "could", "may", "might", "should", "argue", "say",
    ]
)  # fmt: skip
# Words ending in "s" that are no verb ("was", "has", "is" are, in _VERBS).
_NOT_VERBS = frozenset(["this", "its", "his", "as", "us", "yes"])


# How far before its cue a subordinate clause may open.
MAX_OPENING = 15
_SENTENCE_END = frozenset([".", "!", "?"])
_BOUNDARIES = frozenset([".", "!", "?", ",", ";", ":", "(", "—", "–"])


def in_subordinate(sequence: list[Token], cue_first: int) -> bool:
    """Whether the token ``cue_first`` stands in a subordinate clause that opens its
    sentence ("While …", "And although …") with no comma between them."""
    k = cue_first - 1
    while k >= 0 and cue_first - k <= MAX_OPENING and not _boundary(sequence, k):
        k -= 1
    if k >= 0 and sequence[k].text not in _SENTENCE_END:
        return False
    at = k + 1
    while at < cue_first and (
        sequence[at].text in _QUOTES or sequence[at].text.lower() in _CONNECTIVES
    ):
        at += 1
    return at < cue_first and sequence[at].text.lower() in _SUBORDINATORS


def _boundary(sequence: list[Token], k: int) -> bool:
    """Whether token ``k`` ends a clause; the dot of "Ms. Reyes" or "J. Smith" does not."""
    word = sequence[k].text
    if word != ".":
        return word in _BOUNDARIES
    before = sequence[k - 1].text if k > 0 else ""
    return before.lower() not in _ABBREVIATIONS and not (len(before) == 1 and before.isupper())


def clause_close(sequence: list[Token], after: int, last: int) -> int | None:
    """The comma between ``after`` and ``last`` that closes an opening subordinate clause:
    the first one followed (past closing quote marks) by a subject and its verb."""
    for k in range(after + 1, last):
        if sequence[k].text == "," and _subject_and_verb(sequence, k + 1, last):
            return k
    return None


_PRONOUN_SUBJECTS = frozenset(["he", "she", "they", "we", "i"])


def joined_clause(sequence: list[Token], after: int, last: int) -> int | None:
    """A ", and <pronoun> <verb>" between ``after`` and ``last``: the subject's next act
    ("decried …, and he foreshadowed …"). Not when the verb is one of _VERBS: in "said the
    bridge was unsafe, and he would close it" the second clause is still what was said."""
    for k in range(after + 1, last - 2):
        if sequence[k].text != ",":
            continue
        at = k + 1
        while at < last and sequence[at].text in _QUOTES:
            at += 1
        if (
            sequence[at].text.lower() == "and"
            and at + 2 <= last
            and sequence[at + 1].text.lower() in _PRONOUN_SUBJECTS
            and _is_verb(sequence[at + 2].text)
            and sequence[at + 2].text not in _VERBS
        ):
            return k
    return None


def another_attribution(sequence: list[Token], after: int, last: int) -> int | None:
    """A ", and|but|while|whereas <subject> <verb of saying>" between ``after`` and
    ``last``: "said he would run, and other party leaders said …", "said there was no
    intent in her case, whereas Petraeus acknowledged …" join a second attribution. (The
    tagger's words have nesting.inner_attribution for it, which also keeps what the second
    says.)"""
    for k in range(after + 1, last - 2):
        joins = sequence[k].text == "," and sequence[k + 1].text in _JOINING
        if joins and _another_says(sequence, k + 2, last):
            return k
    return None


_JOINING = frozenset(["and", "but", "while", "whereas"])
# "…, and then said": the same subject's next act, not a second attribution.
_SAME_SUBJECT = frozenset(["then", "also", "later", "again", "soon", "never", "still"])
# Verbs of reporting that before "to" say what the subject does or wants, not what it says.
_ACTS_BEFORE_TO = frozenset(["agreed", "continued", "hoped"])


def _another_says(sequence: list[Token], at: int, last: int) -> bool:
    """Whether a subject of its own and a verb of saying open at ``at`` ("Trump vowed …":
    the verbs of vocabulary.reporting_verbs, not only those the rules read)."""
    word = sequence[at].text if at <= last else ""
    if not (word[:1].isupper() or word.isalpha()) or word in _SAME_SUBJECT:
        return False
    for k in range(at + 1, min(last, at + MAX_SUBJECT + 1) + 1):
        word = sequence[k].text
        if word in reporting_verbs():
            # "and prices continued to fall", "and Democrats agreed to back it" are acts of
            # the clause's own ("and the union vowed to strike" is one of saying).
            return word not in _ACTS_BEFORE_TO or k == last or sequence[k + 1].text != "to"
        if word in _VERBS:
            return False  # the clause's own verb: "and growth was faster than … predicted"
        if not (word.replace("-", "").replace("'", "").isalpha() or not _boundary(sequence, k)):
            return False  # a clause break, or a word that is no part of a name ("Mr." is)
    return False


def _subject_and_verb(sequence: list[Token], at: int, last: int) -> bool:
    return _verb_after_subject(sequence, at, last) is not None


def _verb_after_subject(sequence: list[Token], at: int, last: int) -> int | None:
    """The verb token of a subject and its verb that open at ``at`` (past quote marks)."""
    while at <= last and sequence[at].text in _QUOTES:
        at += 1
    if at > last:
        return None
    word = sequence[at].text
    lowered = word.lower()
    if lowered in _SUBJECT_WORDS or _bare_plural(word):
        end = at + 1
    elif lowered in _DETERMINERS or word[:1].isupper():
        end = at + 1
        while end <= last and end - at < MAX_SUBJECT and _in_subject(sequence, end, lowered):
            end += 1
    else:
        return None
    return end if end <= last and _is_verb(sequence[end].text) else None


def _in_subject(sequence: list[Token], k: int, opening: str) -> bool:
    """Whether token ``k`` still belongs to a subject that opened with ``opening``: a name
    goes on with capitalised words and a title's dot ("Ms. Ortiz"), a determiner's phrase
    with any word that is no verb."""
    word = sequence[k].text
    # The rules read sentences whose abbreviation dots are masked ("Ms\u2024 Ortiz").
    if word[:1].isupper() or word == "\u2024" or (word == "." and not _boundary(sequence, k)):
        return True
    return (
        opening in _DETERMINERS
        and word.isalpha()
        and not _is_verb(word)
        and word.lower() not in _RELATIVES
    )


def _bare_plural(word: str) -> bool:
    """A plural noun standing alone as a subject: "…, engineers argue that …"."""
    return word.isalpha() and word.islower() and word.endswith("s") and not word.endswith("ss")


def _is_verb(word: str) -> bool:
    if not (word.isalpha() and word.islower()) or word in _NOT_VERBS:
        return False
    return (
        word in _VERBS
        or word in SAY_VERBS
        or word.endswith("ed")
        or (word.endswith("s") and len(word) > 3)
    )


def subordinate_end(sequence: list[Token], cue_first: int, cue_last: int, last: int) -> int:
    """Where words after a cue (tokens ``cue_first`` to ``cue_last``) end: before the comma
    that closes the opening subordinate clause the cue stands in, else at ``last``."""
    if not in_subordinate(sequence, cue_first):
        joined = joined_clause(sequence, cue_last, last)
        return last if joined is None else joined - 1
    comma = clause_close(sequence, cue_last, last)
    if comma is None:
        return last
    while comma > cue_last + 1 and sequence[comma - 1].text in _QUOTES:
        comma -= 1
    return comma - 1


_OPENS_SUBORDINATE = re.compile(
    r"\s*(?:(?:"
    + "|".join(sorted(_CONNECTIVES))
    + r")\s+)*(?:"
    + "|".join(sorted(_SUBORDINATORS))
    + r")\b",
    re.IGNORECASE,
)


def main_clause_start(sentence: str) -> int:
    """Where the main clause of ``sentence`` starts when an opening subordinate clause
    stands before it ("While not everything Trump says is true, Jamieson said …", "Despite
    …, Groberg says …"), else 0. That clause is no part of what the main clause's speaker
    said, and a verb of saying in it is not the main clause's."""
    if not _OPENS_SUBORDINATE.match(sentence):
        return 0  # most sentences: no tokens needed
    words = tokens(sentence)
    at = 0
    while at < len(words) and words[at].text.lower() in _CONNECTIVES:
        at += 1
    if at == len(words) or words[at].text.lower() not in _SUBORDINATORS:
        return 0
    comma = clause_close(words, at, len(words) - 1)
    if comma is None or comma + 1 == len(words):
        return 0
    return words[comma + 1].start


def clause_in_subordinate(sentence: str, start: int) -> int:
    """Where reported words that start at character ``start`` of ``sentence`` end: at the
    comma that closes the subordinate clause their cue stands in, else at the end."""
    words = tokens(sentence)
    first = next((k for k, token in enumerate(words) if token.start >= start), len(words))
    if first == 0 or first == len(words):
        return len(sentence)
    last = subordinate_end(words, first - 1, first - 1, len(words) - 1)
    joined = another_attribution(words, first - 1, last)
    last = last if joined is None else joined - 1
    return words[last].end if last < len(words) - 1 else len(sentence)


def main_clause_subject(clause: str) -> str | None:
    """The subject a main clause opens with (main_clause_start found one before its verb):
    "Rubio" of "Rubio fired back: …", "the crowd" of "the crowd chanted …"; None when it
    opens with a quote ("As Dell said, "Israel is …"": no subject is named in the words)."""
    words = tokens(clause)
    if not words or words[0].text in _QUOTES:
        return None
    verb = _verb_after_subject(words, 0, len(words) - 1)
    return None if verb is None else clause[: words[verb].start].strip(' "“”')
