"""The search of a page for its author where the meta tags name none: trafilatura's, cheaper.

trafilatura (``metadata.extract_author``) drops comments, sidebars, dates and figures
(``xpaths.AUTHOR_DISCARD_XPATHS``), then takes the first short enough text of an element
matched by ``xpaths.AUTHOR_XPATHS``, tried in turn. libxml2 evaluates those expressions'
many attribute tests slowly (each ``@class`` a node-set of its own, each ``re:test`` a call
into Python, for every element of the kinds named): 5.5 CPU ms a page, on the two pages in
five whose meta tags name no author. Here the same tests are Python's, on each element's
attributes, in the same document order, and each expression's matches are read only until
one gives an author: the same author for 1.5 ms (143 corpus pages, the same minutes).

Each predicate spells out its trafilatura expression; ``tests/test_byline.py`` holds those
expressions as they were translated and compares the matches on the corpus, so a
trafilatura that changes them fails it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import Element, XPath, _Element
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import Document
from trafilatura.utils import trim
from trafilatura.xml import delete_element

# AUTHOR_DISCARD_XPATHS[0], on .//*[self::a or self::div or self::section or self::span]
_DISCARD_TAGS = ("a", "div", "section", "span")
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    r"article-(?:share|support)|print|category|meta-date|meta-reviewer"
)


def _discarded(element: _Element) -> bool:
    id_, class_ = element.get("id"), element.get("class")
    return bool(
        id_ == "comments"
        or class_ in ("comments", "title", "date")
        or (id_ is not None and _DISCARD_ID.search(id_))
        or (class_ is not None and _DISCARD_CLASS.search(class_))
        or "Figure" in (element.get("data-component") or "")
    )


# AUTHOR_DISCARD_XPATHS[1], which has no attribute test: libxml2 answers it quickly.
_TIME_OR_FIGURE = XPath("//time|//figure")

# AUTHOR_XPATHS[0], "specific and almost specific": on //*[self::a or self::address or
# self::div or self::link or self::p or self::span or self::strong], or any //author.
_SPECIFIC_TAGS = ("a", "address", "div", "link", "p", "span", "strong", "author")
_SPECIFIC_CLASS = re.compile(r"author-?name|AuthorName|authorName")
# trafilatura's ``rel='me'``, without an @: a child element <rel> that reads "me".
_REL_CHILD_READS_ME = XPath("rel='me'")


def _with_rel_child_reading_me(tree: _Element) -> set[_Element]:
    parents = {rel.getparent() for rel in tree.iter("rel")}
    return {p for p in parents if p is not None and _REL_CHILD_READS_ME(p)}


def _specific(element: _Element, rel_me: set[_Element]) -> bool:
    class_ = element.get("class")
    return bool(
        element.tag == "author"
        or element.get("rel") == "author"
        or element.get("id") == "author"
        or class_ == "author"
        or element.get("itemprop") == "author name"
        or element.get("data-testid") in ("AuthorCard", "AuthorURL")
        or (class_ is not None and _SPECIFIC_CLASS.search(class_))
        or (rel_me and element in rel_me)
    )


# AUTHOR_XPATHS[1], "almost generic and generic": on //*[self::a or self::div or
# self::h3 or self::h4 or self::p or self::span].
_GENERIC_TAGS = ("a", "div", "h3", "h4", "p", "span")
_GENERIC_ID = re.compile(r"author|zuozhe|bianji|xiaobian")
_GENERIC_CLASS = re.compile(
    r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)


def _generic(element: _Element) -> bool:
    id_, class_ = element.get("id"), element.get("class")
    return bool(
        class_ in ("byline", "username", "byl", "BBL")
        or "author" in (element.get("itemprop") or "")
        or (id_ is not None and _GENERIC_ID.search(id_))
        or (class_ is not None and _GENERIC_CLASS.search(class_))
    )


# AUTHOR_XPATHS[2], "last resort": on //*, every element.
_LAST_RESORT_ID = re.compile(r"[Aa]uthor")
_LAST_RESORT_CLASS = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")


def _last_resort(element: _Element) -> bool:
    id_, class_ = element.get("id"), element.get("class")
    return bool(
        "Byline" in (element.get("data-component") or "")
        or "author" in (element.get("itemprop") or "")
        or (id_ is not None and _LAST_RESORT_ID.search(id_))
        or (class_ is not None and _LAST_RESORT_CLASS.search(class_))
    )


# The longest author extract_author takes from the page's text, plus one.
_AUTHOR_LENGTH_LIMIT = 120


def discarded(tree: _Element) -> list[_Element]:
    """What AUTHOR_DISCARD_XPATHS[0] matches under TREE, in document order."""
    return [e for e in tree.iterdescendants(*_DISCARD_TAGS) if _discarded(e)]


def candidates(tree: _Element) -> list[Iterator[_Element]]:
    """What each of AUTHOR_XPATHS matches in TREE (a document's root element), each in
    document order and lazily."""
    rel_me = _with_rel_child_reading_me(tree)
    return [
        (e for e in tree.iter(*_SPECIFIC_TAGS) if _specific(e, rel_me)),
        (e for e in tree.iter(*_GENERIC_TAGS) if _generic(e)),
        (e for e in tree.iter(Element) if _last_resort(e)),
    ]


def author_from_page(tree: _Element) -> str | None:
    """``trafilatura.metadata.extract_author`` with the trimming extract_metadata gives it,
    without its deep copy of the page (0.6 ms): it prunes TREE, a document's root element,
    itself, so it must be the tree's last reader."""
    # lxml.html gives each element its Python object through a lookup written in Python;
    # held in this list, each element gets it once for all the walks below.
    elements = list(tree.iter(Element))
    for element in discarded(tree):
        delete_element(element)
    for element in _TIME_OR_FIGURE(tree):
        delete_element(element)
    author = _first_short_text(candidates(tree))
    del elements
    trimmed = Document()
    trimmed.author = normalize_authors(None, author) if author else author
    trimmed.clean_and_trim()
    return trimmed.author


def _first_short_text(expressions: list[Iterator[_Element]]) -> str | None:
    """trafilatura.metadata.extract_metainfo: the first text of 3 to 119 characters."""
    for matches in expressions:
        for element in matches:
            content = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < _AUTHOR_LENGTH_LIMIT:
                return content
    return None
