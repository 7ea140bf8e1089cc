"""Text folding shared by the steps: one table of quote marks and odd spaces."""

from __future__ import annotations

# Curly, low and angle quotes fold to the straight ones; a doubled apostrophe ('' as some
# feeds print a closing quote) and the backtick pair (`` as in LaTeX-style copy) to '"'.
QUOTE_TABLE = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‟": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "\u00a0": " ",
    }
)


def fold_quotes(text: str) -> str:
    """Straight quotes and plain spaces for curly, angle and low quotes and no-break spaces.

    Every character maps to exactly one character, so offsets into the folded text are
    offsets into the original: callers can fold, search, and cut the original.
    """
    return text.translate(QUOTE_TABLE)
