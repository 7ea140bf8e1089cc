"""Statement identity on lines as outlets print them: what joins and what stays apart.

The sentences are written for these tests; each mirrors a kind of pair the PolNeAR
identity bench (bench/identity.py) got wrong.
"""

from __future__ import annotations

import numpy as np

from newsmon.statements import same_statement, statement_keys
from newsmon.statements.form_pool import FormPool
from newsmon.statements.identity import statement_form


def test_one_word_told_differently_inside_a_long_shared_run_still_joins() -> None:
    # One outlet prints "our", the other "this"; the second also carries an earlier line.
    speech = (
        "I know the road in front of us is a long and steep road, but we will keep going. "
        "Our task is to rebuild our harbour and to remember that we are in this together. "
        "That is what the people of this town believe."
    )
    report = (
        'that "we will not let the council close the shipyard," and that, on the mayor, '
        '"our task is to rebuild this harbour and to remember that we are in this together'
    )
    assert same_statement(speech, report) and same_statement(report, speech)
    assert set(statement_keys(speech)) & set(statement_keys(report))


def test_two_substitutions_inside_a_short_run_are_a_different_line() -> None:
    a = "our task is to rebuild our harbour and to remember the sailors we lost last winter"
    b = "their task is to rebuild this harbour and to forget the sailors we lost last winter"
    assert not same_statement(a, b)


def test_short_reported_phrases_on_one_topic_are_not_one_statement() -> None:
    # Three content words name what a story is about; two outlets reporting it are not
    # quoting one line.
    assert not same_statement("her ties to the oil industry", "her oil industry ties")
    assert not same_statement("the senator's use of a private jet", "the senator's jet use")
    assert not same_statement("we don't know what the vote will be", "you don't know what you know")
    # Four content words told in another order still make one line.
    assert same_statement(
        "Only after a ceasefire can the negotiations resume",
        "The negotiations can resume only after a ceasefire",
    )


def test_a_name_and_title_inside_a_reported_span_is_not_a_window_of_it() -> None:
    span = (
        "to raise taxes on shipping firms. She has stopped short of calls from her rivals, "
        "Sen. Oskar Lind and former Freedonian Gov. Anna Karlsson, to nationalise the ports"
    )
    assert not same_statement("former Freedonian Gov. Anna Karlsson", span)
    assert same_statement("calls from her rivals, Sen. Oskar Lind and former Freedonian", span)


# The pairs that join right at each of FormPool's bounds: one fewer common word or
# character allowed and the pool would rule them out.
_FRAME = "and we will not do it as it is and we will do so for all of you"
_WALL = f"{_FRAME}, we will build the border wall and mexico will pay for it"
_RAISED = _WALL.replace("build", "raise").replace("mexico", "canada")
_JOINED_AT_A_BOUND = [
    # A rewrite of the same four content words, one side padded with function words.
    (
        "Mexico will pay and we will build the wall",
        "We will build the wall and Mexico will pay for it, all of it, believe me",
    ),
    # A typo: three of four content words in common, only the token-sort ratio joins them.
    ("Negotiations continue through the weekend", "Negotiatons continue through the weekend"),
    # A window of thirty words with five content words, two of them told differently.
    (f"as he said at the rally on friday, {_RAISED} and that is a promise to every voter", _WALL),
    # The same, quoted, each quote in a frame of its own.
    (
        f"Speaking at a crowded campaign rally in Ohio, Trump promised: “{_RAISED}”",
        f"“{_WALL},” the senator from Pennsylvania told reporters outside the Capitol"
        " on Tuesday afternoon after a long closed meeting",
    ),
    # The same quoted words, no content word among them.
    (
        "“We will do it all,” Trump said at the rally",
        "“We will do it all,” Clinton told supporters on Friday evening after the debate",
    ),
]


def test_the_form_pool_passes_the_pairs_that_join_at_each_of_its_bounds() -> None:
    pool = FormPool(capacity=1)
    unrelated = "The negotiations over the grain corridor were suspended on Monday"
    for a, b in _JOINED_AT_A_BOUND:
        assert same_statement(a, b)
        [slot, other] = pool.add([statement_form(a), statement_form(unrelated)])
        assert list(pool.may_join(statement_form(b), np.array([slot, other]))) == [True, False]
