"""Everything that can be decided about one article without the store.

``analyse`` is pure and picklable in and out, so a batch can be spread over a
process pool; the store then only has to compare against history.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from newsmon.dedup import Signature, content_hash, drop_repeated_paragraphs, signature
from newsmon.extract import clean_text
from newsmon.models import Article, FeedEntry, FetchResult
from newsmon.pipeline import article_from_page
from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.topics import Taxonomy, TopicRule


@dataclass
class AnalysedArticle:
    article: Article
    content_hash: str
    signature: Signature


def analyse(article: Article, taxonomy: Taxonomy, vocabulary: SpeakerVocabulary) -> AnalysedArticle:
    """Clean the text, then label topics and find statements on the cleaned text."""
    article.text = drop_repeated_paragraphs(clean_text(article.text))
    article.topics = taxonomy.classify(article.title, article.text)
    article.statements = extract_statements(article.text, vocabulary)
    return AnalysedArticle(
        article=article,
        content_hash=content_hash(article.text),
        signature=signature(article.text),
    )


# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 32

_worker_state: tuple[Taxonomy, SpeakerVocabulary] | None = None


def analyse_pages(
    entries: Sequence[FeedEntry],
    pages: Sequence[FetchResult | None],
    rules: Mapping[str, TopicRule],
    vocabulary: SpeakerVocabulary,
    workers: int | None = None,
) -> list[AnalysedArticle]:
    """Extract and analyse a batch of fetched pages, on every core when the batch is large."""
    pairs = list(zip(entries, pages, strict=True))
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(pairs) < PARALLEL_THRESHOLD:
        taxonomy = Taxonomy(rules)
        return [analyse(article_from_page(e, p), taxonomy, vocabulary) for e, p in pairs]
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(dict(rules), vocabulary)
    ) as pool:
        chunk = max(1, len(pairs) // (workers * 8))
        return list(pool.map(_analyse_in_worker, pairs, chunksize=chunk))


def _start_worker(rules: dict[str, TopicRule], vocabulary: SpeakerVocabulary) -> None:
    global _worker_state
    _worker_state = (Taxonomy(rules), vocabulary)


def _analyse_in_worker(pair: tuple[FeedEntry, FetchResult | None]) -> AnalysedArticle:
    assert _worker_state is not None
    taxonomy, vocabulary = _worker_state
    return analyse(article_from_page(*pair), taxonomy, vocabulary)
