"""Parts of a name or a noun phrase: a person's surname, the head of "the diplomat …"."""

from __future__ import annotations

from newsmon.statements.vocabulary import word_set

SAY_VERBS = word_set("say_verbs")

# "Joseph R. Biden Jr.", "Luther Stan Pate IV": the generation is no surname.
GENERATION = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])


def surname(name: str) -> str:
    """The last word of a name that is not a generation: "Biden" of "Joseph R. Biden Jr"."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().strip(",") in GENERATION:
        words.pop()
    return words[-1] if words else ""


def noun_phrase(words: list[str]) -> list[str]:
    """The words of "the diplomat mentioned the suffering …" up to its verb: the tagger's
    source span can run on into the clause, and its head is "diplomat", not the last word."""
    for index, word in enumerate(words[2:], start=2):
        # "the ministry of the united nations": a past participle after a function word
        # is a modifier, not the verb.
        if (word.endswith("ed") or word in SAY_VERBS) and words[index - 1] not in _FUNCTION:
            return words[:index]
    return words


_FUNCTION = frozenset(["the", "a", "an", "of", "to", "for", "and", "in", "on", "at", "by"])
