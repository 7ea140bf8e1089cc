"""Everything that can be decided about one article without the store.

``analyse`` is pure and picklable in and out, so a batch can be spread over a
process pool; the store then only has to compare against history.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsmon.dedup import Signature, content_hash, drop_repeated_paragraphs, signature
from newsmon.extract import clean_text
from newsmon.models import Article
from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.topics import Taxonomy


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
