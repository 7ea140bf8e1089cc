"""Duplicate detection: URLs, exact content and near-duplicates (interface)."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from newsmon.extract import normalise_for_matching


def canonicalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_for_matching(text).lower().encode()).hexdigest()
