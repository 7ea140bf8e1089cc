"""Text helpers shared by the steps: one table of quote marks and odd spaces, and where a
word occurs in a text."""

from __future__ import annotations

# Curly, low and angle quotes fold to the straight ones, a no-break space to a plain one.
QUOTE_FOLDS = (
    ("“", '"'),
    ("”", '"'),
    ("„", '"'),
    ("«", '"'),
    ("»", '"'),
    ("‟", '"'),
    ("‘", "'"),
    ("’", "'"),
    ("‚", "'"),
    ("‛", "'"),
    ("\u00a0", " "),
)


def fold_quotes(text: str) -> str:
    """Straight quotes and plain spaces for curly, angle and low quotes and no-break spaces.

    Every character maps to exactly one character, so offsets into the folded text are
    offsets into the original: callers can fold, search, and cut the original.
    """
    return replace_each(text, QUOTE_FOLDS)


def replace_each(text: str, folds: tuple[tuple[str, str], ...]) -> str:
    """TEXT with each non-ASCII character of FOLDS replaced by its fold, as str.translate
    would replace them, where no fold is itself a character to replace.

    One str.replace per character rather than str.translate: translate reads a text with
    any character beyond ASCII (curly quotes, in most news) one character at a time through
    a dictionary look-up that raises KeyError for every character not in the table, 0.57 ms
    for an article of 5,000 characters where the replaces take 4 µs.
    """
    if text.isascii():  # a flag on the string: nothing to replace
        return text
    for character, fold in folds:
        text = text.replace(character, fold)
    return text


def occurrences(word: str, text: str, whole_word: bool = False) -> list[tuple[int, int]]:
    """Where WORD occurs in TEXT, left to right, without overlaps: what re.finditer finds for
    the escaped word (for ``\\bword\\b`` with WHOLE_WORD), without compiling a pattern for
    each word. The words are speakers' names and listed institutions: a worker sees new ones
    on every page, and a pattern for each pushed the fixed patterns out of re's cache."""
    found = []
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not whole_word or (_word_boundary(text, at) and _word_boundary(text, end)):
            found.append((at, end))
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)
    return found


def _word_boundary(text: str, at: int) -> bool:
    """re's ``\\b`` at AT: a word character on one side only (re's word characters are
    those str.isalnum accepts, and the underscore)."""
    before = at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")
    after = at < len(text) and (text[at].isalnum() or text[at] == "_")
    return before != after
