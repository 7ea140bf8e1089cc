"""Clean article text and metadata from a page.

trafilatura finds the main text; ``clean_text`` then removes what news pages
and their copies still carry: navigation and widget labels ("Skip to main
content", "Advertisement", "Live broadcast"), share and subscribe blocks,
photo credits, machine-translation notices and stray lines in another script.
The stored text keeps its curly quotes and non-breaking spaces;
``normalise_for_matching`` folds them when texts are compared.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from newsmon.decoding import decode_html
from newsmon.models import ExtractedArticle
from newsmon.text import QUOTE_FOLDS, replace_each

# Lines that are page furniture, never article text (compared case-insensitively, whole line).
_BOILERPLATE_LINES = re.compile(
    r"^(?:skip to (?:main )?content|advertisement|advert|sponsored|live broadcast|main slide|"
    r"beginning of the article|select important|on|off|озвучить текст|share(?: this(?: article)?)?|"
    r"share on \w+|subscribe(?: to [\w ]+)?|sign up(?: for [\w ]+)?|follow us(?: on \w+)?|"
    r"read more|related(?: articles| stories)?|most read|print|email|comments?|"
    r"click here to [\w ]+|listen to this article|\d+ min read|back to top|top stories|"
    # newsletter and comment widgets
    r"thanks for signing up!?|keep an eye on your inbox.*|sorry!?|"
    r"there was an error processing your subscription\.?|post (?:a )?comment.*|"
    r"don'?t miss|more:|tell us what you think.*)$",
    re.I,
)
_MACHINE_TRANSLATION = re.compile(
    r"^(?:Переведено сервисом|Translated by|Machine translat|Automatically translated|"
    r"This (?:article|text) (?:was|has been) (?:machine[- ])?translated)",
    re.I,
)
_PHOTO_CREDIT_LINE = re.compile(r"^(?:photo|фото|image|picture|credit)\s*:\s*\S.{0,120}$", re.I)
_PHOTO_CREDIT_TAIL = re.compile(r"(?<=[.!?])\s*Photo\s*:\s*[\w /.,&-]{1,60}$")
_DATELINE_NOISE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}(?:\s+\d+)?|(?:first )?published:\s+.{4,50})$", re.I
)
# A poll result: "- 45% votes".
_POLL_RESULT = re.compile(r"^[-–•*]?\s*\d+(?:[.,]\d+)?\s*%\s*\w*$")
# A line with no words at all: counters "(12)", table rules "|---|", lone numbers and bullets.
_NO_WORDS = re.compile(r"^[\W\d_]*$")
# Possessive (++, *+): a run of capitals and spaces never gives characters back to the
# separator's \s*. Without that, a long line of "AB  / AB  / ..." that fails at its
# end backtracks through every split of every run: exponential time.
_SECTION_BREADCRUMB = re.compile(r"^[A-Z][A-Z &]++(?:\s*+/\s*+[A-Z][A-Z &]++)++$")


_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}


def extract_html(html: bytes | str, url: str | None = None) -> ExtractedArticle:
    """Main text and metadata of one page; an empty text if nothing article-like is found."""
    if isinstance(html, bytes):
        html = decode_html(html)
    if not html.strip():
        return ExtractedArticle(text="")
    # Imported here, not at the top: the text helpers below are used by dedup and the
    # store on every command, and trafilatura costs a third of a second to load.
    import trafilatura

    from newsmon.page_tree import parse_page

    tree = parse_page(html)
    if tree is None:
        return ExtractedArticle(text="")
    try:
        metadata, author_unnamed = _metadata(tree, url)
    except (TypeError, ValueError):  # what bare_extraction takes for "no article here"
        return ExtractedArticle(text="")
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        fast=True,  # no readability/justext fallback: faster, and better F1 on news pages
        favor_recall=True,  # measured: higher F1 and faster than the default balance
        deduplicate=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if document is None:
        return ExtractedArticle(text="")
    if author_unnamed:
        from newsmon.byline import author_from_page

        # After bare_extraction, which worked on a copy: the search prunes the tree itself.
        metadata.author = author_from_page(tree)
    title = (metadata.title or "").strip()
    fields: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else document
    text = _without_headline(clean_text(fields.get("text") or ""), title)
    return ExtractedArticle(
        text=text,
        title=title,
        author=metadata.author or None,
        published=_date(metadata.date),
        site=metadata.sitename or None,
        language=detect_language(text),
    )


def _metadata(tree: Any, url: str | None) -> tuple[Any, bool]:
    """Title, author, date and site name as ``bare_extraction(with_metadata=True)`` finds
    them, without the categories, tags and licence it also looks for: newsmon stores none
    of those, and they were a fifth of the extraction's time (2.7 of 12.8 CPU ms a page).
    Handing bare_extraction the parsed tree costs a copy of it (0.7 ms), so extract_html
    saves about 1.4 ms a page (19.2 -> 17.8 CPU ms at load 19). The steps are
    trafilatura.metadata.extract_metadata's, but for the search of the page for an author
    where the meta tags name none, which extract_html makes last (``newsmon.byline``):
    the second value says whether it is needed.
    tests/test_extract.py checks the fields against trafilatura's on the corpus."""
    from htmldate import find_date
    from trafilatura import metadata as found

    document = found.examine_meta(tree)
    if document.author and " " not in document.author:
        document.author = None
    with suppress(Exception):  # trafilatura's own guard: its JSON-LD reader has bugs on odd pages
        document = found.extract_meta_json(tree, document)
    document.title = document.title or found.extract_title(tree)
    author_unnamed = not document.author
    document.url = document.url or found.extract_url(tree, url)
    document.date = find_date(tree, **_DATE_PARAMS, url=document.url)
    document.sitename = document.sitename or found.extract_sitename(tree)
    if document.sitename:
        site = document.sitename.lstrip("@")  # a Twitter handle
        capitalise = site and "." not in site and not site[0].isupper()
        document.sitename = site.title() if capitalise else site
    elif document.url and (match := found.META_URL.match(document.url)):
        document.sitename = match[1]
    document.clean_and_trim()
    return document, author_unnamed


def _without_headline(text: str, title: str) -> str:
    """The headline is metadata; a first line that repeats it is not article text."""
    first, _, rest = text.partition("\n")
    same = normalise_for_matching(first).casefold() == normalise_for_matching(title).casefold()
    return rest if title and same else text


def clean_text(text: str) -> str:
    """Remove page furniture from article text, paragraph by paragraph."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    main_script = _dominant_script(" ".join(lines))
    kept = []
    for line in lines:
        if not line or _is_furniture(line, main_script):
            continue
        # The credit's "Photo" is literal: most lines lack it, and str's search finds that
        # at once where the pattern's look-behind is tried at every character.
        kept.append(_PHOTO_CREDIT_TAIL.sub("", line) if "Photo" in line else line)
    return "\n".join(kept)


def _is_furniture(line: str, main_script: str) -> bool:
    return bool(
        _BOILERPLATE_LINES.match(line)
        or _MACHINE_TRANSLATION.match(line)
        or _PHOTO_CREDIT_LINE.match(line)
        or _DATELINE_NOISE.match(line)
        or _SECTION_BREADCRUMB.match(line)
        or _NO_WORDS.match(line)
        or _POLL_RESULT.match(line)
        or (len(line.split()) <= 8 and _in_other_script(line, main_script))
    )


def _in_other_script(line: str, main_script: str) -> bool:
    # An ASCII line has no letters but Latin ones: on a Latin page it is never in another
    # script, and most lines of most pages are ASCII (four regex passes a line saved).
    if main_script == "latin" and line.isascii():
        return False
    return _dominant_script(line) not in (main_script, "other")


# Runs of letters, not single letters: re removes a run at a time.
_SCRIPTS = {
    "latin": re.compile(r"[A-Za-z\u00C0-\u024F]+"),
    "cyrillic": re.compile(r"[\u0400-\u04FF]+"),
    "cjk": re.compile(r"[\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF]+"),
    "arabic": re.compile(r"[\u0600-\u06FF]+"),
}


def _dominant_script(text: str) -> str:
    """'latin', 'cyrillic', 'cjk', 'arabic' or 'other': the script most letters are in."""
    # A script's letters are what removing them takes away: one string built, not one per
    # word. Latin letters that are over half the text outnumber all the others together,
    # so on most pages the other scripts need no count (whole-text 0.38 -> 0.15 CPU ms).
    latin = _letters_in(text, _SCRIPTS["latin"])
    if 2 * latin > len(text):
        return "latin"
    counts = {script: _letters_in(text, p) for script, p in _SCRIPTS.items()}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else "other"


def _letters_in(text: str, script: re.Pattern[str]) -> int:
    return len(text) - len(script.sub("", text))


def normalise_for_matching(text: str) -> str:
    """NFKC, straight quotes, plain spaces and hyphens, one space between words."""
    text = replace_each(unicodedata.normalize("NFKC", text), _MATCHING_FOLDS)
    return " ".join(text.split())


# Beyond the shared quote folding: for matching, a dash is a hyphen and a zero-width
# space is nothing.
_MATCHING_FOLDS = (*QUOTE_FOLDS, ("—", "-"), ("–", "-"), ("\u200b", ""))


# The language is read from the text's start: py3langid's time grows with the text, and
# a page of 100k words then costs what one of 300 does. Of the 1,171 corpus pages and the
# seeds, 4 get another language from the whole text: German pages that open with PHP
# warnings or an English lead-in (3 read as "en" here), and one "ext" (read as "de").
LANGUAGE_SAMPLE_CHARS = 1500


def detect_language(text: str) -> str | None:
    if len(text) < 40:
        return None
    import py3langid  # loads its model: only when a text is classified

    language, _score = py3langid.classify(text[:LANGUAGE_SAMPLE_CHARS])
    return str(language)


def extraction_report(article: ExtractedArticle) -> dict[str, Any]:
    """The extraction as JSON-ready data, for `newsmon extract`."""
    return {
        "title": article.title,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "site": article.site,
        "language": article.language,
        "characters": len(article.text),
        "paragraphs": article.text.count("\n") + 1 if article.text else 0,
        "text": article.text,
    }


def _date(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    except ValueError:
        return None
