"""Which part of a tagged Source segment names the speaker when the tagger ran it over a
sentence end, a colon or a clause: the part that stands with the cue.

"… sued Attorney General Lynch. Leaders of the state Senate filed …" and "The group polled
members: 1,409 teachers said …" are two sentences or clauses, and only the last speaks;
"Her son gained attention when a gay activist revealed …" is said by the activist, whom
the clause after "when" opens, not by the son its first words name (names.noun_phrase
keeps those).
"""

from __future__ import annotations

from functools import cache

from newsmon.statements.names import _CLAUSE_WORDS, SAY_VERBS, after_according_to, noun_phrase
from newsmon.statements.tagger import Token
from newsmon.statements.vocabulary import word_set

# Words after which a new subject opens inside the words the tagger marked as the Source.
_NEW_CLAUSE = frozenset(["when", "where", "while", "but"])
_RELATIVES = frozenset(["who", "whom", "which", "that"])
_SPEAKER_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its", "our", "them"]
)


@cache
def speaker_function_words() -> frozenset[str]:
    """Stopwords that cannot name a speaker, built once: every Source segment asks."""
    return frozenset(word_set("stopwords") - _SPEAKER_PRONOUNS)


def sentence_pieces(
    sequence: list[Token], first: int, last: int, sentences: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The parts of the Source tokens FIRST to LAST within one sentence (``sentences`` are
    [begin, end) token ranges) and between colons, in text order."""
    pieces = []
    for begin, end in sentences:
        if begin > last:
            break  # sentences are in text order: none further holds a Source token
        if end <= first:
            continue
        start, stop = max(first, begin), min(last, end - 1)
        for index in range(start, stop + 1):
            if sequence[index].text == ":":
                if index > start:
                    pieces.append((start, index - 1))
                start = index + 1
        if start <= stop:
            pieces.append((start, stop))
    return pieces


def subject_before_cue(
    sequence: list[Token], first: int, last: int, cue: int
) -> tuple[int, int] | None:
    """The subject that opens the last clause of Source tokens FIRST to LAST right before
    the cue at token ``cue``, when the Source runs on from a noun phrase into a clause of
    its own; None when it does not, or when that subject is no plain noun phrase.

    A comma opens the new subject only before a verb of saying and after an auxiliary ("Mr.
    Thiel was revealed as a delegate, a columnist for the site said"): after other words it
    is an appositive ("Henry Realty, a firm focused on …") or an opening phrase ("a poll
    released Sunday, 8 percent of Democrats said", where the poll is the Source)."""
    if last + 1 != cue or cue >= len(sequence):
        return None
    words = [token.text for token in sequence[first : last + 1]]
    verb = len(noun_phrase(words))
    if verb >= len(words) or _after_according_to(sequence, first):
        return None
    for boundary in range(len(words) - 1, verb - 1, -1):
        word = words[boundary].lower()
        if word != "," and word not in _NEW_CLAUSE:
            continue
        tail = words[boundary + 1 :]
        said = sequence[cue].text.lower() in SAY_VERBS
        if word == "," and not (said and words[verb].lower() in _CLAUSE_WORDS):
            return None
        return (first + boundary + 1, last) if _plain_noun_phrase(tail) else None
    return None


def _plain_noun_phrase(words: list[str]) -> bool:
    """Whether words are a noun phrase with no verb or participle in it, that names
    someone: "a gay activist", "authorities"; not "who …", "a book calling for …"."""
    if not words or words[0].lower() in _RELATIVES or len(noun_phrase(words)) < len(words):
        return False
    if any(w[:1].islower() and len(w) > 3 and w.endswith(("ed", "ing")) for w in words):
        return False
    return any(w[:1].isalnum() and w.lower() not in speaker_function_words() for w in words)


def _after_according_to(sequence: list[Token], first: int) -> bool:
    """ "According to the playbook, his salespersons were told": names.side_that_speaks
    chooses the side of such a Source."""
    return after_according_to(" ".join(token.text for token in sequence[max(0, first - 2) : first]))
