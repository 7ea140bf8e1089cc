"""The boundary every piece of outside text and every outside link crosses.

``clean_text`` is applied where feed entries, page articles and their metadata are
built, so the store, the web app, the Atom feeds and the alerts only ever see text
that every supported database accepts and every XML document may carry.
``safe_link`` is the one URL policy: it decides which links newsmon keeps from
RSS, Atom, JSON Feed, sitemaps and URL files, which redirects it follows, and
what the web app and the alerts may render as a link.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

# C0 controls except tab, newline and carriage return (made a newline); DEL; C1 controls; UTF-16
# surrogates (a JSON feed can carry "\ud800"); and the two non-characters XML forbids.
# PostgreSQL refuses NUL in text, XML 1.0 refuses the rest of C0, and none of them
# is ever meant to be shown.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

LINK_SCHEMES = ("http", "https")
# Longer URLs do not fit the store's URL columns and are never real article links.
MAX_LINK_CHARS = 2000
# Characters a link may not carry at all, and ones it carries only percent-encoded, so
# a kept link can be put in an HTML attribute, a Markdown link or a Slack <url|label>
# without ending it early.
_LINK_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_LINK_ENCODED = re.compile(r"[ \"'<>\\^`{|}()\[\]]")


def clean_text(value: str) -> str:
    """``value`` without NUL and the other control characters (tab and newlines stay).

    Carriage returns become newlines: an XML parser normalises line ends, but a JSON
    feed, a character reference (``&#13;``) or CDATA hands them over as they are, and
    a lone ``\r`` in a guid or a title is a line break no reader of the store expects.
    """
    if not value:
        return value
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_optional(value: str | None) -> str | None:
    """``clean_text`` for optional fields; an empty result becomes None."""
    if value is None:
        return None
    return clean_text(value) or None


def safe_link(url: object, base: str | None = None) -> str | None:
    """``url`` (resolved against ``base``) if it is an http(s) link with a host, else None.

    ``javascript:``, ``data:``, ``vbscript:``, ``file:`` and every other scheme are
    refused, as are links with control characters, spaces or quotes in them, links
    without a host, with credentials, and links over ``MAX_LINK_CHARS``.
    """
    if not isinstance(url, str):
        return None
    candidate = url.strip(" \t\r\n\f")
    if not candidate or len(candidate) > MAX_LINK_CHARS or _LINK_FORBIDDEN.search(candidate):
        return None
    if base is not None:
        try:
            candidate = urljoin(base, candidate)
        except ValueError:
            return None
    try:
        parts = urlsplit(candidate)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.hostname:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    if port is not None and not 0 < port < 65536:
        return None
    if "[" in parts.netloc:  # an IPv6 literal: keep its brackets, encode the rest
        head, tail = candidate.split(parts.netloc, 1) if parts.netloc else (candidate, "")
        candidate = head + parts.netloc + _encode(tail)
    else:
        candidate = _encode(candidate)
    if len(candidate) > MAX_LINK_CHARS:
        return None
    return parts.scheme.lower() + candidate[len(parts.scheme) :]


def _encode(text: str) -> str:
    return _LINK_ENCODED.sub(lambda m: f"%{ord(m.group()):02X}", text)
