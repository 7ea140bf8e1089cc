"""A decoded page parsed into the tree trafilatura works on, for less CPU than its loader.

``parse_page`` returns what ``trafilatura.utils.load_html`` returns for a str, in two fewer
costs (tests/test_extract.py compares the trees on the corpus pages):

- lxml.html's parser picks each element's Python class by calling a Python method,
  HtmlElementClassLookup.lookup, every time an element is touched from Python: 1,700
  calls a page. The same classes from lxml's own tag-name lookup are found in C.
- trafilatura strips control characters with a regular expression over the whole page
  (170,000 characters): 0.6-0.8 CPU ms a page that holds none, as the corpus pages do.
  Looking for each of them with ``in`` finds that out in a third of the time.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlElementClassLookup,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS, is_dubious_html


def _parser() -> HTMLParser:
    """trafilatura.utils.HTML_PARSER's settings, with lxml.html's classes looked up in C."""
    parser = HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
    )
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=HtmlElement,
            comment=HtmlComment,
            pi=HtmlProcessingInstruction,
            entity=HtmlEntity,
        )
    )
    by_tag = lookup.get_namespace(None)
    # The form elements' own classes (FormElement, InputElement, ...), as lxml.html has them.
    for tag, element_class in HtmlElementClassLookup._default_element_classes.items():
        by_tag[tag] = element_class
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _parser()
# What INVALID_XML_CHARS matches, one character at a time.
_INVALID_XML_CHARS = [
    chr(code) for code in [*range(0x20), 0xFFFE, 0xFFFF] if INVALID_XML_CHARS.match(chr(code))
]


def parse_page(html: str) -> HtmlElement | None:
    """``trafilatura.utils.load_html(html)``: the page's tree, or None if it is no HTML."""
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = _repaired(html, beginning)
    from_bytes = False
    try:
        tree = fromstring(html, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, from_bytes = _parsed_bytes(html), True
    except Exception:  # trafilatura's guard: lxml raises more than its documented errors
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _parsed_bytes(html)
    if tree is not None and dubious and len(tree) < 2:
        return None  # not HTML: trafilatura rejects it the same way
    return tree


def _parsed_bytes(html: str) -> HtmlElement | None:
    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception:
        return None


def _repaired(html: str, beginning: str) -> str:
    """``trafilatura.utils.repair_faulty_html``: no control characters, no slash in the
    doctype, no self-closing <html/>."""
    if any(character in html for character in _INVALID_XML_CHARS):
        html = INVALID_XML_CHARS.sub("", html)
    if "doctype" in beginning:
        first_line, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", first_line, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return FAULTY_HTML.sub(r"\1>", html, count=1)
    return html
