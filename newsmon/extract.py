"""Clean article text from HTML pages (interface; cleanup is being built)."""

from __future__ import annotations

import unicodedata

import trafilatura

from newsmon.models import ExtractedArticle


def extract_html(html: bytes | str, url: str | None = None) -> ExtractedArticle:
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if document is None:
        return ExtractedArticle(text="")
    return ExtractedArticle(
        text=clean_text(document.text or ""),
        title=document.title or "",
        author=document.author,
        site=document.sitename,
        language=document.language,
    )


def clean_text(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def normalise_for_matching(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())
