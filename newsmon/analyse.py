"""Everything that can be decided about one article without the store.

``analyse`` is pure and picklable in and out; ``newsmon.analysis_pool`` runs it in
worker processes, each page under a time budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from newsmon.config import AnalysisSettings
from newsmon.dedup import Signature, fingerprints_of_folded, without_repeated_paragraphs
from newsmon.extract import clean_text
from newsmon.models import Article
from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.identity import statement_key_tuple
from newsmon.topics import Taxonomy

DEFAULT_ANALYSIS = AnalysisSettings()
BUDGET_EXCEEDED = "analysis budget exceeded"


@dataclass
class AnalysedArticle:
    article: Article
    content_hash: str
    signature: Signature
    # ``statement_keys`` of each statement, by its text, worked out where the article was
    # analysed (extraction keyed nearly all of them already): the store, in the pass's
    # busiest process, looks its candidates up without working them out again.
    statement_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)


# The stages of ``analyse``, named for the progress reports a supervisor receives.
CLEANED = "cleaned"
CLASSIFIED = "classified"
ProgressReport = Callable[[str, Article], None]


def analyse(
    article: Article,
    taxonomy: Taxonomy,
    vocabulary: SpeakerVocabulary,
    settings: AnalysisSettings = DEFAULT_ANALYSIS,
    report: ProgressReport | None = None,
    text_cleaned: bool = False,
) -> AnalysedArticle:
    """Clean the text, then label topics and find statements on the cleaned text.

    ``report`` is told after each stage, so a supervisor that has to stop this
    call still has the finished stages. ``text_cleaned`` says the text has been
    through ``clean_text`` already (``article_from_page`` does that), so it is not
    cleaned again: 1.2 CPU ms a page on the bench pages, the same text on all 1,171.
    """
    text = article.text if text_cleaned else clean_text(article.text)
    article.text, folded = without_repeated_paragraphs(text)
    if report:
        report(CLEANED, article)
    article.topics = taxonomy.classify(article.title, article.text)
    if report:
        report(CLASSIFIED, article)
    searched, truncated = cap_for_statements(article.text, settings.max_statement_chars)
    if truncated:
        article.analysis_note = (
            f"statements looked for in the first {len(searched):,} of "
            f"{len(article.text):,} characters"
        )
    statements = extract_statements(searched, vocabulary)
    topics_of = taxonomy.label_statements(
        article.text, [s.spans for s in statements], article.topics
    )
    article.statements = [
        replace(statement, topics=topics)
        for statement, topics in zip(statements, topics_of, strict=True)
    ]
    digest, minhash = fingerprints_of_folded(folded)
    keys = {s.text: statement_key_tuple(s.text) for s in article.statements}
    return AnalysedArticle(article, digest, minhash, keys)


def cap_for_statements(text: str, max_chars: int) -> tuple[str, bool]:
    """The prefix of TEXT that statements are looked for in, and whether it is all of it.

    The cut falls at the last paragraph or word break before ``max_chars`` when one
    is near, so no word or paragraph is split; statement offsets in the prefix are
    offsets in the whole text.
    """
    if len(text) <= max_chars:
        return text, False
    near = max_chars - max_chars // 10
    for separator in ("\n", " "):
        cut = text.rfind(separator, near, max_chars)
        if cut > 0:
            return text[:cut], True
    return text[:max_chars], True
