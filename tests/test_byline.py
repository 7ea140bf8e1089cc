"""newsmon.byline finds what trafilatura's own author search finds, element for element."""

from __future__ import annotations

import gzip
import hashlib
from copy import deepcopy

from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import Document, extract_author
from trafilatura.utils import load_html
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from newsmon import byline
from newsmon.decoding import decode_html
from tests.conftest import scrapinghub_pages

# Of the paths of trafilatura's AUTHOR_DISCARD_XPATHS + AUTHOR_XPATHS that newsmon.byline
# translates (trafilatura 2.3.1).
TRANSLATED = "95592cbbedeaedcc"

# A page for every test of the expressions, the corpus having no <rel> nor <author>.
PAGE = """<html><head><title>t</title></head><body>
<div class="sidebar"><span class="author">Sidebar Person</span></div>
<section id="comment-list"><p class="byline">Comment Person</p></section>
<div data-component="FigureBlock"><a rel="author">Figure Person</a></div>
<div class="Comments-box">By Box Person</div><span class="date">Today</span>
<figure>By Photo Person</figure>
<time>now</time><a class="print-me">print</a><div id="comments">none</div>
<p><rel>me</rel>Rel Child Person</p>
<span><rel>you</rel>Other Rel Person</span>
<author>Tag Person</author>
<strong data-testid="AuthorURL">Test Id Person</strong>
<address itemprop="author name">Item Prop Person</address>
<div class="post-authorName">Class Person</div>
<h3 id="bianji-1">Editor Person</h3><h4 itemprop="theauthor">Item Person</h4>
<p class="BBL">Bbl Person</p><li data-component="TopByline">Li Person</li>
<em id="TheAuthor">Em Person</em><b class="screenname-x">Screen Person</b>
</body></html>"""


def _expressions_agree(tree: HtmlElement, where: str) -> None:
    assert byline.discarded(tree) == AUTHOR_DISCARD_XPATHS[0](tree), where
    pruned = prune_unwanted_nodes(deepcopy(tree), AUTHOR_DISCARD_XPATHS)
    for page in (tree, pruned):
        expressions = zip(byline.candidates(page), AUTHOR_XPATHS, strict=True)
        for number, (our_matches, their_expression) in enumerate(expressions):
            assert list(our_matches) == their_expression(page), f"{where}: expression {number}"


def _their_author(tree: HtmlElement) -> str | None:
    trimmed = Document()
    trimmed.author = extract_author(tree)
    trimmed.clean_and_trim()
    return trimmed.author


def test_the_translated_expressions_are_trafilaturas() -> None:
    paths = [expression.path for expression in AUTHOR_DISCARD_XPATHS + AUTHOR_XPATHS]
    digest = hashlib.sha256(repr(paths).encode()).hexdigest()[:16]
    assert digest == TRANSLATED, (
        "trafilatura's author expressions changed: translate them again in newsmon/byline.py,"
        " then update TRANSLATED here"
    )


def test_every_test_of_the_expressions_matches_as_trafilaturas() -> None:
    tree = load_html(PAGE)
    assert tree is not None
    _expressions_agree(tree, "PAGE")
    matched = [e.text_content() for e in next(iter(byline.candidates(tree)))]
    assert "meRel Child Person" in matched and "youOther Rel Person" not in matched
    assert byline.author_from_page(deepcopy(tree)) == _their_author(tree)


def test_the_corpus_pages_match_as_trafilaturas() -> None:
    authors = 0
    for path in scrapinghub_pages():
        tree = load_html(decode_html(gzip.decompress(path.read_bytes())))
        if tree is None:
            continue
        _expressions_agree(tree, path.name)
        ours = byline.author_from_page(deepcopy(tree))
        assert ours == _their_author(tree), path.name
        authors += ours is not None
    assert authors > 20  # the pages exercise the search
