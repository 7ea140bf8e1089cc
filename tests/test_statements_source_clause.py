"""A tagged Source that runs over a sentence end, a colon or into a clause of its own is
named by the part that stands with the cue (newsmon/statements/source_clause.py)."""

from __future__ import annotations

import pytest

from newsmon.statements.learned import found_in
from newsmon.statements.source_clause import subject_before_cue
from newsmon.statements.tagger import Tagged, tokens


def _source(text: str, source: str, cue: str, content: str) -> str | None:
    """The source printed for hand-set labels: SOURCE is tagged as one Source segment, CUE
    as the cue and CONTENT as what was said."""
    sequence = tokens(text)
    labels = ["O"] * len(sequence)
    for phrase, role in ((source, "SRC"), (cue, "CUE"), (content, "CON")):
        start = text.index(phrase)
        inside = [k for k, t in enumerate(sequence) if start <= t.start < start + len(phrase)]
        labels[inside[0]] = f"B-{role}"
        for k in inside[1:]:
            labels[k] = f"I-{role}"
    (item,) = found_in(Tagged(sequence, labels, [0.9] * len(labels)), 0)
    return text[item.source[0] : item.source[1]] if item.source else None


@pytest.mark.parametrize(
    ("text", "source", "named"),
    [
        (
            "The county sued Mayor Ann Vey and her deputy Tom Ruiz. Leaders of the council"
            " filed a motion saying the suit had no merit.",
            "Mayor Ann Vey and her deputy Tom Ruiz. Leaders of the council",
            "Leaders of the council",
        ),
        (
            "The union asked its members online: 812 nurses said the wards were short of staff.",
            "its members online: 812 nurses",
            "812 nurses",
        ),
    ],
)
def test_a_source_over_a_sentence_end_or_a_colon_is_named_by_the_part_before_the_cue(
    text: str, source: str, named: str
) -> None:
    cue = "filed a motion saying" if "filed" in text else "said"
    content = "the suit had no merit" if "suit" in text else "the wards were short of staff"
    assert _source(text, source, cue, content) == named


@pytest.mark.parametrize(
    ("text", "source", "cue", "named"),
    [
        (
            "Her brother Sam gained notice in 2004 when a local reporter wrote that the firm"
            " had hidden its losses.",
            "Her brother Sam gained notice in 2004 when a local reporter",
            "wrote",
            "a local reporter",
        ),
        (
            "Residents on Monday returned to the flooded town, where officials reported that"
            " the river had crested overnight.",
            "Residents on Monday returned to the flooded town, where officials",
            "reported",
            "officials",
        ),
        (
            "Ms. Arden was named to the board, a spokesman for the bank said that the choice"
            " was unanimous.",
            "Ms. Arden was named to the board, a spokesman for the bank",
            "said",
            "a spokesman for the bank",
        ),
    ],
)
def test_a_source_that_runs_into_a_clause_is_named_by_the_subject_before_the_cue(
    text: str, source: str, cue: str, named: str
) -> None:
    content = text[text.index(" that ") + 6 : -1]
    assert _source(text, source, cue, content) == named


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        # A comma before an appositive, or after a participle, opens no new subject.
        (
            "Lena Holt founded Bright Lane, a charity that said it would feed the hungry.",
            "Lena Holt founded Bright Lane, a charity",
            "said",
        ),
        (
            "A survey released Sunday, most of the farmers said prices were falling fast.",
            "A survey released Sunday, most of the farmers",
            "said",
        ),
        # A clause after "who" is the speaker's own description.
        (
            "Ken Ode, who ran the mill when it closed, said the town never recovered.",
            "Ken Ode, who ran the mill when it closed,",
            "said",
        ),
    ],
)
def test_an_appositive_or_an_opening_phrase_keeps_the_sources_head(
    text: str, source: str, cue: str
) -> None:
    content = text[text.index(cue) + len(cue) + 1 : -1]
    if content.startswith("it "):
        content = content[3:]
    named = _source(text, source, cue, content)
    assert named is not None
    assert source.startswith(named)


def _subject_before_said(text: str) -> str | None:
    """subject_before_cue over all the words before the first "said", read as one Source
    right before its cue: the rule itself, not what the tagger's labels lead to."""
    sequence = tokens(text)
    cue = next(k for k, token in enumerate(sequence) if token.text == "said")
    span = subject_before_cue(sequence, 0, cue - 1, cue)
    if span is None:
        return None
    return text[sequence[span[0]].start : sequence[span[1]].end]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # After an auxiliary, a comma opens the clause whose subject speaks.
        (
            "Mr. Thiel was revealed as a delegate, a columnist for the site said so.",
            "a columnist for the site",
        ),
        ("The mill closed when a union leader said so.", "a union leader"),
        # An appositive, an opening phrase, a "who" clause: the Source keeps its head.
        ("Lena Holt founded Bright Lane, a charity said so.", None),
        ("A survey released Sunday, most of the farmers said so.", None),
        ("Ken Ode, who ran the mill when it closed said so.", None),
    ],
)
def test_the_subject_before_the_cue_opens_only_a_clause_of_its_own(
    text: str, named: str | None
) -> None:
    assert _subject_before_said(text) == named
