"""The gold side of bench/identity.py, on invented text (PolNeAR is never copied here)."""

from __future__ import annotations

from datetime import date

from bench.identity import Line, Source, _lines, carried, shared_lines, verdict, words

TEXT = (
    "Title.\n\n"
    "The minister said “we will keep the grain corridor open for as long as the "
    "partners keep their side of the bargain, and not a day longer,” adding that "
    "talks would resume.\n"
)
STANDOFF = (
    "T1\tSource 8 20\tThe minister\n"
    "T2\tCue 21 25\tsaid\n"
    "T3\tContent 26 146\t“we will … longer,”\n"
    "T4\tContent 154 177\tthat talks would resume\n"
)


def line(text: str, article: str = "a", index: int = 0) -> Line:
    return Line(article, index, tuple(words(text)), quoted=True)


def test_quotes_inside_content_spans_and_unquoted_content_are_the_gold_lines() -> None:
    found = _lines("a", TEXT, STANDOFF)
    assert [(" ".join(x.words)[:24], x.quoted) for x in found] == [
        ("we will keep the grain c", True),
        ("that talks would resume", False),
    ]


def test_quotes_opened_and_closed_with_different_marks_are_each_a_line() -> None:
    # A straight mark closed by a curly one, then the reverse: read only mark by like
    # mark, the first straight mark would run on to the last one and take both lines
    # with the attribution between them as one.
    text = (
        'Title.\n\n"We will keep the grain corridor open for the partners,” the minister '
        'said. “Not a day longer than they keep their side of the bargain," he added.\n'
    )
    first, second = text.index('"We'), text.index("“Not")
    standoff = (
        f"T1\tContent {first} {text.index('the minister')}\tq\n"
        f"T2\tContent {second} {text.index(' he added')}\tq\n"
    )
    found = _lines("a", text, standoff)
    assert [(" ".join(x.words), x.quoted) for x in found] == [
        ("we will keep the grain corridor open for the partners", True),
        ("not a day longer than they keep their side of the bargain", True),
    ]


def test_windows_are_the_same_line_and_a_shared_opening_is_not() -> None:
    long = "we will keep the grain corridor open for as long as the partners keep their side"
    assert verdict(
        line(long), line("keep the grain corridor open for as long as the partners")
    ) == ("same")
    other = "we will keep the border closed until the elections are over and done"
    assert verdict(line(long), line(other)) == "different"


def test_a_shared_line_needs_two_publishers_and_twelve_words() -> None:
    quote = "we will keep the grain corridor open for as long as the partners keep their side"
    sources = [
        Source("nyt_x", "nyt", date(2016, 1, 1), "", "", [line(quote, "nyt_x")]),
        Source("nyt_y", "nyt", date(2016, 1, 2), "", "", [line(quote, "nyt_y")]),
        Source("wp_z", "wash-post", date(2016, 1, 3), "", "", [line(quote, "wp_z")]),
    ]
    pairs = shared_lines(sources)
    assert {(a.article, b.article) for a, b in pairs} == {("nyt_x", "wp_z"), ("nyt_y", "wp_z")}


def test_a_mention_carries_the_lines_whose_words_it_holds() -> None:
    lines = _lines("a", TEXT, STANDOFF)
    held = carried("We will keep the grain corridor open … not a day longer", lines)
    assert [x.index for x in held] == [0]
