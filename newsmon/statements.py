"""Statements: who said what, in which role (interface; the extractor is being built)."""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, ConfigDict

from newsmon.models import Speaker, Statement


class SpeakerVocabulary(BaseModel):
    """Roles and country words from sources.yaml, extended by the user."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    official_roles: tuple[str, ...] = ()
    unofficial_roles: tuple[str, ...] = ()
    countries: dict[str, tuple[str, ...]] = {}


_QUOTE = re.compile(r"[\"“”]([^\"“”]{12,}?)[\"“”]")


def extract_statements(text: str, vocabulary: SpeakerVocabulary) -> list[Statement]:
    return [
        Statement(speaker=Speaker(name="unknown"), text=m.group(1), kind="direct", spans=((m.start(1), m.end(1)),))
        for m in _QUOTE.finditer(text)
    ]


def normalise_statement(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


def statement_keys(text: str) -> list[str]:
    """Blocking keys for looking up earlier appearances of the same statement."""
    words = normalise_statement(text).split()
    return sorted({" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))})[:32]


def same_statement(a: str, b: str) -> bool:
    return normalise_statement(a) == normalise_statement(b)
