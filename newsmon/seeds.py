"""Read the seed corpus (``seeds/manifest.yaml`` and its text files) as articles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import yaml

from newsmon.errors import SeedError
from newsmon.models import Article

SEED_URL_PREFIX = "seed:"


@dataclass(frozen=True)
class SeedEntry:
    file: str
    title: str
    outlet: str | None = None
    date: date | None = None
    language: str | None = None
    translated_from: str | None = None

    @property
    def url(self) -> str:
        return SEED_URL_PREFIX + Path(self.file).stem


def read_manifest(directory: Path) -> list[SeedEntry]:
    manifest = directory / "manifest.yaml"
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise SeedError(f"{manifest}: seed manifest not found") from None
    except yaml.YAMLError as exc:
        raise SeedError(f"{manifest}: not valid YAML: {exc}") from None
    try:
        return [SeedEntry(**entry) for entry in data.get("seeds", [])]
    except TypeError as exc:
        raise SeedError(f"{manifest}: bad seed entry: {exc}") from None


def load_seed_articles(directory: Path) -> list[Article]:
    articles = []
    for entry in read_manifest(directory):
        path = directory / entry.file
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SeedError(f"{path}: cannot read seed file: {exc}") from None
        published = datetime.combine(entry.date, time.min, UTC) if entry.date else None
        articles.append(
            Article(
                url=entry.url,
                canonical_url=entry.url,
                title=entry.title,
                text=text,
                source="seed",
                published=published,
                language=entry.language,
                site=entry.outlet,
            )
        )
    return articles
