"""Inputs a stranger controls: feeds, sitemaps, pages, article text and config files.

The strategies mix three sources of trouble: arbitrary Unicode (control
characters, surrogates, NUL), markup that is almost right (unclosed tags,
entities, CDATA, nested escapes), and the hostile text of issue #22 (speech
verbs, names and stray quote marks with no sentence end).
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from bench.analysis_scaling import HOSTILE_WORDS

# Separators between words, including the ones that are not plain spaces.
_SEPARATORS = (" ", " ", " ", "\n", "\u00a0", "\t", "  ", "\u2028", "")
_PUNCTUATION = (".", ",", ":", ";", "?", "!", "...", "—", "(", ")", "[", "]", "'", "’")
_NAMES = ("Lin Jian", "Maria Zakharova", "Dmitry Peskov", "António Guterres", "He", "They", "A.")

words = st.one_of(
    st.sampled_from(HOSTILE_WORDS),
    st.sampled_from(_PUNCTUATION),
    st.sampled_from(_NAMES),
    st.text(min_size=1, max_size=12),
)


@st.composite
def hostile_text(draw: st.DrawFn, max_words: int = 400) -> str:
    """Words the analysis reacts to, with arbitrary separators and stray characters."""
    parts = draw(st.lists(st.tuples(words, st.sampled_from(_SEPARATORS)), max_size=max_words))
    return "".join(word + separator for word, separator in parts)


any_text = st.one_of(st.text(max_size=800), hostile_text())


@st.composite
def repeated_hostile_text(
    draw: st.DrawFn, min_chars: int, max_chars: int, sentence_ends: bool = True
) -> str:
    """A hostile fragment repeated to a long text: the input that exposes super-linear steps.

    Without ``sentence_ends`` the whole text is one sentence, as on the page in issue #22.
    """
    fragment = draw(hostile_text(max_words=60))
    if not sentence_ends:
        fragment = re.sub(r"[.!?\n\u2028]", " ", fragment)
    if len(fragment.strip()) < 20:
        fragment = " ".join(HOSTILE_WORDS) + " " + fragment
    target = draw(st.integers(min_chars, max_chars))
    return (fragment * (target // len(fragment) + 1))[:target]


# --- markup ---------------------------------------------------------------------------------

_FRAGMENTS = (
    "<b>",
    "</b>",
    "<p>",
    "</p>",
    "<br/>",
    "<script>alert(1)</script>",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&lt;b&gt;",
    "&#0;",
    "&#x1;",
    "&nbsp;",
    "&bogus;",
    "<a href='javascript:x'>",
    "<",
    ">",
    "&",
    '"',
    "“",
)
markup_text = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), any_text, st.text(max_size=30)), max_size=12
).map("".join)

_LINKS = st.one_of(
    st.sampled_from(
        (
            "https://news.example/a",
            "http://news.example/path?utm_source=x#frag",
            "/relative/path",
            "javascript:alert(1)",
            "http://[::1",
            "http://host:99999/",
            "http://host:port/",
            "https://m.news.example/amp/",
            "mailto:someone@example.org",
            "",
            " https://news.example/spaced ",
        )
    ),
    st.text(max_size=40),
    st.text(max_size=20).map(lambda s: "https://news.example/" + s),
)


def _xml_field(value: str, raw: bool) -> str:
    return value if raw else escape(value)


@st.composite
def rss_documents(draw: st.DrawFn) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 4))):
        raw = draw(st.booleans())
        items.append(
            "<item>"
            f"<title>{_xml_field(draw(markup_text), raw)}</title>"
            f"<link>{_xml_field(draw(_LINKS), raw)}</link>"
            f"<description>{_xml_field(draw(markup_text), raw)}</description>"
            f"<guid isPermaLink='{draw(st.sampled_from(['true', 'false']))}'>"
            f"{_xml_field(draw(_LINKS), raw)}</guid>"
            f"<pubDate>{_xml_field(draw(st.text(max_size=30)), raw)}</pubDate>"
            "</item>"
        )
    document = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        + "".join(items)
        + "</channel></rss>"
    )
    return _truncate_or_encode(draw, document)


@st.composite
def atom_documents(draw: st.DrawFn) -> bytes:
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        raw = draw(st.booleans())
        entries.append(
            "<entry>"
            f"<title type='html'>{_xml_field(draw(markup_text), raw)}</title>"
            f"<link rel='{draw(st.sampled_from(['alternate', 'self', 'enclosure']))}' "
            f"href='{escape(draw(_LINKS), {chr(39): '&apos;'})}'/>"
            f"<id>{_xml_field(draw(_LINKS), raw)}</id>"
            f"<updated>{_xml_field(draw(st.text(max_size=30)), raw)}</updated>"
            f"<content type='html'>{_xml_field(draw(markup_text), raw)}</content>"
            "</entry>"
        )
    document = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        + "".join(entries)
        + "</feed>"
    )
    return _truncate_or_encode(draw, document)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def json_feeds(draw: st.DrawFn) -> bytes:
    items: list[Any] = []
    for _ in range(draw(st.integers(0, 4))):
        item: dict[str, Any] = {
            "id": draw(json_values),
            "url": draw(st.one_of(_LINKS, json_values)),
            "title": draw(st.one_of(markup_text, json_values)),
            "content_html": draw(markup_text),
            "date_published": draw(st.one_of(st.text(max_size=30), json_values)),
        }
        items.append(item if draw(st.booleans()) else draw(json_values))
    document = {"version": "https://jsonfeed.org/version/1.1", "items": items}
    return _truncate_or_encode(draw, json.dumps(document, ensure_ascii=draw(st.booleans())))


@st.composite
def sitemaps(draw: st.DrawFn) -> bytes:
    children = []
    for _ in range(draw(st.integers(0, 5))):
        tag = draw(st.sampled_from(["url", "sitemap", "other"]))
        raw = draw(st.booleans())
        children.append(
            f"<{tag}><loc>{_xml_field(draw(_LINKS), raw)}</loc>"
            f"<lastmod>{_xml_field(draw(st.text(max_size=30)), raw)}</lastmod></{tag}>"
        )
    root = draw(st.sampled_from(["urlset", "sitemapindex"]))
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(children)
        + f"</{root}>"
    )
    return _truncate_or_encode(draw, document)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    paragraphs = draw(st.lists(st.one_of(markup_text, hostile_text()), max_size=6))
    body = "".join(f"<p>{p}</p>" if draw(st.booleans()) else p for p in paragraphs)
    title = draw(markup_text)
    charset = draw(st.sampled_from(["utf-8", "windows-1251", "latin-1", "bogus", ""]))
    document = (
        f"<html><head><meta charset='{charset}'><title>{title}</title></head>"
        f"<body><nav>Home | News</nav><article><h1>{title}</h1>{body}</article></body></html>"
    )
    return _truncate_or_encode(draw, document)


def _truncate_or_encode(draw: st.DrawFn, document: str) -> bytes:
    """The document as bytes: whole, cut short, or in an encoding it does not declare."""
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1"]))
    data = document.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


# --- configuration files --------------------------------------------------------------------

_KEYS = (
    "database_url",
    "feeds",
    "url",
    "name",
    "topics",
    "any",
    "strong",
    "all",
    "near",
    "terms",
    "within",
    "threshold",
    "exclude",
    "fetch",
    "analysis",
    "page_budget_seconds",
    "max_statement_chars",
    "routes",
    "targets",
    "speakers",
    "official_roles",
    "countries",
    "alerts",
    "schedule",
)
_SCALARS = st.one_of(
    st.sampled_from(
        (
            "https://feed.example/rss",
            "${NEWSMON_FUZZ_UNSET}",
            "${NEWSMON_FUZZ_UNSET:-}",
            "${HOME}",
            "negotiat*",
            "ceasefire",
            "*",
            "-1",
            "0",
            "1e309",
            "null",
            "yes",
            "~",
            "!!binary xyz",
            "!!timestamp nope",
            "!!python/object:os.system",
            "*alias",
            "&anchor x",
        )
    ),
    st.integers(-5, 10**6).map(str),
    st.text(max_size=20).map(json.dumps),
)


def _yaml(value: Any, indent: int = 0) -> str:
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "".join(f"\n{pad}{key}: {_yaml(item, indent + 1)}" for key, item in value.items())
    if isinstance(value, list):
        if not value:
            return "[]"
        return "".join(f"\n{pad}- {_yaml(item, indent + 1)}" for item in value)
    return str(value)


config_trees = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(_KEYS), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def config_sources(draw: st.DrawFn) -> str:
    """A sources.yaml: a mapping of real keys over odd values, or arbitrary text."""
    tree = draw(st.dictionaries(st.sampled_from(_KEYS), config_trees, max_size=5))
    source = _yaml(tree).lstrip("\n")
    return draw(st.one_of(st.just(source), st.text(max_size=300), st.just(source + draw(any_text))))
