"""One rule for showing a URL that may carry a secret: alert targets, database URLs.

Apprise URLs put tokens where a host would be (``slack://TokenA/TokenB/TokenC``), so
only schemes whose host really is a host keep it; passwords, paths of token-bearing
schemes and query strings never show.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

# Schemes whose authority is a real host name; every other scheme shows only itself.
_HOSTED_SCHEMES = frozenset(
    {
        "http",
        "https",
        "json",
        "jsons",
        "xml",
        "xmls",
        "form",
        "forms",
        "mailto",
        "mailtos",
        "postgres",
        "postgresql",
        "postgresql+psycopg",
        "sqlite",
    }
)


def redact_url(url: str) -> str:
    """``url`` with every part that may be secret replaced by ``…``."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    if scheme.lower() == "sqlite":
        return url  # a file path, nothing secret
    if scheme.lower() not in _HOSTED_SCHEMES:
        return f"{scheme}://…" if rest else url
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return f"{scheme}://…"
    user = f"{parts.username}:…@" if parts.password else ""
    if scheme.lower().startswith("postgres"):
        tail = parts.path  # the database name is not a secret, and tells stores apart
    else:
        tail = "/…" if parts.path.strip("/") or parts.query else ""
    return f"{scheme}://{user}{host}{port}{tail}"


# Anything that looks like a URL inside free text (an error message, a log line).
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\s'\"<>]*[^\s'\"<>:;,.)]")


def redact_text(text: str) -> str:
    """``text`` with every URL in it passed through ``redact_url``."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group()), text) if text else text


_TARGET_NAME = re.compile(r"…[^#]*#[0-9a-f]{12}$")


def target_name(url: str) -> str:
    """What the store records for an alert target: shown safely, never the URL itself.

    The redacted URL tells a reader which channel it is; the short digest tells two
    targets of one service apart and lets a later run find the URL again in its own
    configuration (routes, --notify, NEWSMON_NOTIFY) without the store holding it.
    """
    if "://" not in url or _TARGET_NAME.search(url):
        return url  # "console", or a name already
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    return f"{redact_url(url)}#{digest}"
