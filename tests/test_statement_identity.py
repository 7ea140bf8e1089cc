"""Statement identity on lines as outlets print them: what joins and what stays apart.

The sentences are written for these tests; each mirrors a kind of pair the PolNeAR
identity bench (bench/identity.py) got wrong.
"""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np

from newsmon.statements import same_statement, statement_keys
from newsmon.statements.earlier import earliest_sharing
from newsmon.statements.form_pool import _KEPT_ROWS, FormPool
from newsmon.statements.identity import normalise_statement, statement_form


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
    # Reported speech, the run is inside its quoted words: still two quotes of one line.
    assert same_statement(speech, report, "direct", "reported")
    assert not same_statement(speech, report.replace('"', ""), "direct", "reported")
    assert set(statement_keys(speech)) & set(statement_keys(report))


def test_a_shared_run_bridges_two_direct_quotes_and_not_two_reported_spans() -> None:
    # Two outlets quote overlapping windows of one speech: neither holds the other.
    earlier = (
        "we have to ask whether the council wants a deal at all. Much will depend on the "
        "harbour board and whether or not the board is ready to sell the old shipyard"
    )
    later = (
        "Much will depend on the harbour board and whether or not the board is ready to sell "
        "the old shipyard, and whether the unions will let it go"
    )
    assert same_statement(earlier, later, "direct", "direct")
    assert same_statement(later, earlier, "direct", "direct")
    # As reported speech each outlet words it: a shared stretch is not one line.
    assert not same_statement(earlier, later, "reported", "reported")
    assert not same_statement(earlier, later, "direct", "reported")
    assert not same_statement(later, earlier, "reported", "direct")


# A promise as said, and reported as a proposal in the same words told another way.
_PROMISE = "We will bar foreign trawlers from fishing the northern banks"
_PROPOSAL = "a bar on foreign trawlers fishing the northern banks"


def test_a_paraphrase_and_a_quote_sharing_words_join_only_when_both_carry_quoted_words() -> None:
    assert same_statement(_PROPOSAL, _PROMISE, "direct", "direct")
    assert not same_statement(_PROPOSAL, _PROMISE, "reported", "direct")
    assert not same_statement(_PROMISE, _PROPOSAL, "direct", "reported")
    # Reported speech quoting the words as said is judged as a quote.
    partly_quoted = 'she vowed to bar "foreign trawlers from fishing the northern banks"'
    assert same_statement(partly_quoted, _PROMISE, "reported", "direct")
    assert not same_statement(partly_quoted.replace('"', ""), _PROMISE, "reported", "direct")
    # A window of a line is one line whatever its kind.
    assert same_statement(
        "bar foreign trawlers from fishing the northern banks",
        "to bar foreign trawlers from fishing the northern banks until the spring",
        "direct",
        "reported",
    )


def test_a_line_reported_with_its_tense_shifted_back_is_the_same_line() -> None:
    # One outlet reports the briefing in the present, a rewrite shifts it back after "said".
    briefing = "Norway has never sold fishing rights to any foreign fleet"
    rewrite = "Norway had never sold fishing rights to any foreign fleet"
    assert same_statement(briefing, rewrite, "reported", "reported")
    assert statement_keys(briefing) == statement_keys(rewrite)
    # The fold is of tense alone: another verb is another line.
    denied = "Norway denied it sold fishing rights to any foreign fleet"
    assert not same_statement(briefing, denied, "reported", "reported")


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


def test_the_form_pool_passes_a_rewrite_whose_content_words_share_a_bloom_bit() -> None:
    # "aaa" and "azrqomlp" set the same one of the 1,024 bloom bits (crc32 modulo 1,024):
    # four content words in common, three bits. Hypothesis found this pair.
    text, restated = "the AAA AAB AAC AZRQOMLP", "the the AAA AAB AAC AZRQOMLP"
    assert same_statement(text, restated)
    pool = FormPool(capacity=1)
    slots = pool.add([statement_form(text), statement_form(restated)])
    assert pool.may_join(statement_form(restated), np.array([slots[0]]))[0]
    assert pool.may_join(statement_form(text), np.array([slots[1]]))[0]


def test_the_earliest_statements_sharing_a_key_come_smallest_first_each_once() -> None:
    by_key = {"w:ceasefire": [0, 3, 3, 7], "w:grain": [1, 3, 9], "w:other": [2]}
    keys = ["w:grain", "w:ceasefire", "w:unseen"]
    assert earliest_sharing(by_key, keys) == [0, 1, 3, 7, 9]
    assert earliest_sharing(by_key, keys, limit=3) == [0, 1, 3]
    assert earliest_sharing(by_key, ["w:unseen"]) == []
    # A common key's long list is read only as far as the limit.
    assert earliest_sharing({"w:said": range(10**9)}, ["w:said"]) == list(range(16))


def test_the_cache_of_normal_forms_keeps_no_long_text() -> None:
    # Issue #22: a hostile page's stretches and a mention's text grown window by window are
    # long; were their forms cached, 4,096 entries could hold gigabytes.
    texts = [f"{n} " + "Lavrov told reporters that the talks " * 1_500 for n in range(40)]
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        assert all(normalise_statement(text) for text in texts)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 200_000, f"{kept:,} bytes kept after normalising 40 texts of 55 KB"


def test_one_forms_row_is_the_row_the_pool_stores_for_it() -> None:
    """``may_join`` works out the new form's row on its own (``FormPool._row``), the pool
    stores rows made in bulk (``_rows``): the two must agree, or a statement would be
    compared with stored ones on figures that differ from theirs."""
    texts = [
        "We will not accept any ceasefire that freezes the conflict",
        '"Peace talks must include Ukraine," the minister said, "and nothing less."',
        "Ceasefire, ceasefire, ceasefire: the word of the week (again) [sic]",
        "Да, мы готовы к переговорам без предварительных условий",
        "ok",
    ]
    forms = [statement_form(text) for text in texts]
    scalars, blooms, chars = FormPool._rows(forms)
    for index, form in enumerate(forms):
        mine, bloom, own_chars = FormPool._row(form)
        assert np.array_equal(np.array(mine, dtype=float), scalars[index]), texts[index]
        assert np.array_equal(bloom, blooms[index]), texts[index]
        assert np.array_equal(own_chars, chars[index]), texts[index]


def test_the_form_pool_makes_rows_only_when_a_look_up_needs_them() -> None:
    """Most look-ups go straight to ``same_form``: a slot's row is worked out when
    ``may_join`` first reads the pool, and a slot replaced before that (``put``) is
    read as replaced, as it is once written."""
    short, longer = "the grain corridor talks", "the grain corridor talks resume in Istanbul"
    restated = "the grain corridor talks resume in Istanbul on Monday"
    unrelated = "The negotiations over the ceasefire were suspended"
    lazy, eager = FormPool(capacity=1), FormPool(capacity=1)
    [slot, other] = lazy.add([statement_form(short), statement_form(unrelated)])
    assert statement_form(short) not in _KEPT_ROWS  # not worked out yet
    lazy.put(slot, statement_form(longer))
    eager.add([statement_form(longer), statement_form(unrelated)])
    eager.may_join(statement_form(restated), np.array([0]))  # rows written, then replaced
    eager.put(0, statement_form(longer))
    slots = np.array([slot, other])
    assert list(lazy.may_join(statement_form(restated), slots)) == [True, False]
    assert list(eager.may_join(statement_form(restated), slots)) == [True, False]
