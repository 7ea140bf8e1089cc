"""Extraction and cleanup, on the seeds and on small pages in legacy encodings."""

from __future__ import annotations

from newsmon.dedup import drop_repeated_paragraphs
from newsmon.extract import (
    _without_headline,
    clean_text,
    extract_html,
    extraction_report,
    normalise_for_matching,
)
from tests.conftest import REPO, scrapinghub_pages

SEEDS = REPO / "seeds"

PAGE = """<html><head><meta charset="{charset}"><title>{title}</title></head><body>
<nav>Skip to main content</nav><article><h1>{title}</h1>
<p>{body}</p><p>{body}</p><p>Advertisement</p></article></body></html>"""


def test_seed_furniture_is_removed_and_the_article_kept() -> None:
    text = clean_text((SEEDS / "004_0aa8830dfc23feb5.txt").read_text(encoding="utf-8"))
    for furniture in (
        "Skip to main content",
        "Advertisement",
        "Live broadcast",
        "Озвучить текст",
        "Photo: TASS/Valery Sharifulin",
        "Переведено сервисом",
        "ООН Эмблема",
        "Пекин",
    ):
        assert furniture not in text, furniture
    assert text.startswith("China is not considering sending peacekeeping troops to Ukraine")
    assert "meter-long ice does not form in one day" in text


def test_seed_headers_and_breadcrumbs_go_but_curly_quotes_and_nbsp_stay() -> None:
    gt = clean_text((SEEDS / "003_d13e93ae9daeb047.txt").read_text(encoding="utf-8"))
    assert "WORLD / EUROPE" not in gt and "Published: May 14" not in gt
    assert "‘good start for more effective dialogue" in gt
    menafn = clean_text((SEEDS / "001_52bf5960488910e3.txt").read_text(encoding="utf-8"))
    assert not menafn.startswith("date") and "Beijing’s comments" in menafn


def test_a_caption_printed_twice_is_kept_once() -> None:
    text = drop_repeated_paragraphs(
        clean_text((SEEDS / "003_d13e93ae9daeb047.txt").read_text(encoding="utf-8"))
    )
    assert text.count("Photo taken on March 7, 2022") == 1
    assert "Belovezhskaya Pushcha.Photo:Xinhua" not in text


def test_windows_1251_page_comes_out_right() -> None:
    body = (
        "Министр иностранных дел заявил, что переговоры продолжатся на следующей неделе в Стамбуле."
    )
    html = PAGE.format(charset="windows-1251", title="Переговоры", body=body).encode("cp1251")
    article = extract_html(html)
    assert body in article.text and article.language == "ru"


def test_windows_1252_page_comes_out_right() -> None:
    body = "The minister’s “clear” message – delivered in Zürich – was welcomed by délégations."
    html = PAGE.format(charset="windows-1252", title="Talks", body=body).encode("cp1252")
    assert body in extract_html(html).text


def test_empty_or_garbage_page_gives_empty_text() -> None:
    assert extract_html(b"").text == ""
    assert extract_html(b"\x00\xff\xfe garbage \x89PNG").text == ""


def test_matching_folds_quotes_and_spaces_but_stored_text_keeps_them() -> None:
    assert normalise_for_matching("“Only\u00a0after”  a ceasefire") == '"Only after" a ceasefire'
    assert clean_text("“Only\u00a0after” a ceasefire") == "“Only\u00a0after” a ceasefire"


def test_report_is_json_ready() -> None:
    report = extraction_report(
        extract_html(PAGE.format(charset="utf-8", title="T", body="x " * 50))
    )
    assert set(report) >= {"title", "author", "published", "site", "language", "text"}


def test_newsletter_poll_and_byline_furniture_is_dropped() -> None:
    text = clean_text(
        "The talks resumed on Monday in Istanbul.\nThanks for signing up!\n"
        "Keep an eye on your inbox for the latest news.\n- 45% votes\nFirst Published: "
        "Tuesday, November 19, 2019 9:00 AM\nDon't miss\nBoth delegations attended."
    )
    assert text == "The talks resumed on Monday in Istanbul.\nBoth delegations attended."


def test_a_first_line_repeating_the_headline_is_metadata_not_text() -> None:
    body = "The delegations met for four hours and agreed to meet again next week. " * 3
    html = (
        "<html><head><title>Talks resume in Istanbul</title></head><body><article>"
        f"<h1>Talks resume in Istanbul</h1><p>{body}</p></article></body></html>"
    )
    article = extract_html(html)
    assert article.title == "Talks resume in Istanbul"
    assert article.text.startswith("The delegations met")


def test_metadata_and_text_are_what_trafilatura_finds_with_its_own_metadata() -> None:
    """extract_html skips categories, tags and licence; nothing it keeps may change."""
    import gzip

    import trafilatura

    from newsmon.decoding import decode_html
    from newsmon.extract import _DATE_PARAMS

    authors = dates = 0
    for path in scrapinghub_pages()[:40]:
        html = decode_html(gzip.decompress(path.read_bytes()))
        url = f"https://example.org/{path.name}"
        ours = extract_html(html, url)
        theirs = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            fast=True,
            favor_recall=True,
            date_extraction_params=_DATE_PARAMS,
        )
        assert theirs is not None and not isinstance(theirs, dict)
        title = (theirs.title or "").strip()
        assert ours.title == title, path.name
        assert ours.author == (theirs.author or None), path.name
        assert ours.site == (theirs.sitename or None), path.name
        assert (ours.published.date().isoformat() if ours.published else None) == theirs.date
        assert ours.text == _without_headline(clean_text(theirs.text or ""), title), path.name
        authors += ours.author is not None
        dates += ours.published is not None
    assert authors and dates  # the pages exercise the fields compared


def test_the_language_is_read_from_the_texts_start_however_long_the_text() -> None:
    from newsmon.extract import LANGUAGE_SAMPLE_CHARS, detect_language

    english = "The ministers met in Brussels on Monday to discuss the new budget rules. "
    start = english * (LANGUAGE_SAMPLE_CHARS // len(english) + 1)
    russian = "Министры встретились в Брюсселе в понедельник, чтобы обсудить бюджет. "
    assert detect_language(start + russian * 20_000) == "en"
    assert detect_language(russian * 20_000) == "ru"


def test_the_page_tree_is_the_one_trafilatura_loads() -> None:
    """parse_page replaces trafilatura.utils.load_html for speed: the same tree, with the
    same lxml.html classes, on corpus pages and on the pages its repairs are for."""
    import gzip

    from lxml import etree
    from trafilatura.utils import load_html

    from newsmon.decoding import decode_html
    from newsmon.page_tree import parse_page

    body = "<body><form><label>Name</label><input name='q'><select></select></form>"
    pages = [
        f"<html>{body}<textarea>x</textarea><p>Text</p></body></html>",
        f"<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN' '/x.dtd'>\n<html>{body}</html>",
        "<?xml version='1.0' encoding='utf-8'?>\n<html><body><p>Déclaré</p></body></html>",
        "<html/>\n<body><p>A self-closing html tag</p></body>",
        "<html><body><p>Control\x00 characters\x0b\x1f and \ufffe here</p></body></html>",
        "<p>A fragment is no page</p>",
        "<div><p>One</p><p>Two</p></div>",
        "plain text",
    ]
    pages += [decode_html(gzip.decompress(p.read_bytes())) for p in scrapinghub_pages()[:60]]
    for html in pages:
        ours, theirs = parse_page(html), load_html(html)
        if theirs is None:
            assert ours is None, html[:80]
            continue
        assert ours is not None, html[:80]
        assert etree.tostring(ours) == etree.tostring(theirs), html[:80]
        assert [type(e) for e in ours.iter()] == [type(e) for e in theirs.iter()], html[:80]


def test_a_short_line_in_another_script_than_the_pages_is_dropped_whatever_the_script() -> None:
    latin_among_figures = "Scores 10-12, 14-16, 18-20, 22-24 and 26-28 in 2024 round 3\n" * 3
    assert clean_text(latin_among_figures + "Подпишитесь на канал") == latin_among_figures.strip()
    cyrillic = "Министр заявил, что переговоры продолжатся на следующей неделе.\n" * 3
    assert clean_text(cyrillic + "Share on Facebook now") == cyrillic.strip()
    assert clean_text("نص عربي طويل عن الاجتماع\nShort English") == "نص عربي طويل عن الاجتماع"
