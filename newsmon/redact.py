"""One rule for showing a URL that may carry a secret: alert targets, database URLs.

Apprise URLs put tokens where a host would be (``slack://TokenA/TokenB/TokenC``), so
only schemes whose host really is a host keep it; passwords, paths of token-bearing
schemes and query strings never show.
"""

from __future__ import annotations

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
