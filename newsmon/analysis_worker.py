"""The analysis pool's worker process: it analyses pages one at a time and reports after
each stage, so the supervisor (``newsmon.analysis_pool``) knows how far a page got when its
budget runs out."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection

from newsmon.analyse import CLEANED, AnalysedArticle, analyse
from newsmon.config import AnalysisSettings
from newsmon.dedup import Signature
from newsmon.heap import freeze_heap
from newsmon.models import Article, FeedEntry, FetchResult, Statement
from newsmon.pipeline import article_from_page
from newsmon.statements import SpeakerVocabulary
from newsmon.topics import Taxonomy, TopicRule

# How long a stopped worker gets to exit on SIGTERM before it is killed outright.
WORKER_STOP_SECONDS = 5.0

Job = tuple[int, FeedEntry, FetchResult | None]


@dataclass
class Finished:
    """What ``analyse`` adds to an article after the CLEANED report, the only part of its
    result a worker sends at the end: the article with its text has crossed the pipe once
    already, in that report, and pickling it a second time cost both ends."""

    statements: list[Statement]
    analysis_note: str | None
    content_hash: str
    signature: Signature
    statement_keys: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, result: AnalysedArticle) -> Finished:
        article = result.article
        return cls(
            article.statements,
            article.analysis_note,
            result.content_hash,
            result.signature,
            result.statement_keys,
        )

    def onto(self, article: Article) -> AnalysedArticle:
        """The result, on the article the supervisor has from the reports."""
        article.statements, article.analysis_note = self.statements, self.analysis_note
        return AnalysedArticle(article, self.content_hash, self.signature, self.statement_keys)


_WARM_UP_PAGE = (
    "<html><body><article><p>Delegations from Russia and Ukraine met in Istanbul for "
    "peace talks on Monday, with a ceasefire and a prisoner exchange on the agenda.</p>"
    "<p>“We support a ceasefire monitored by neutral states,” the Chinese Foreign Ministry "
    "spokesperson told reporters at a regular briefing in Beijing.</p></article></body></html>"
)


def warm_up(taxonomy: Taxonomy, vocabulary: SpeakerVocabulary, settings: AnalysisSettings) -> None:
    """Analyse a small page: libraries imported, models loaded, patterns compiled, so a
    page's budget is spent on the page and not on first-call costs."""
    url = "https://warm-up.invalid/"
    page = FetchResult(
        url=url, final_url=url, status=200, body=_WARM_UP_PAGE.encode(), content_type="text/html"
    )
    analyse(article_from_page(FeedEntry("", url, ""), page), taxonomy, vocabulary, settings)


def worker_main(
    connection: Connection,
    rules: dict[str, TopicRule],
    vocabulary: SpeakerVocabulary,
    settings: AnalysisSettings,
) -> None:
    """Analyse pages one at a time until told to stop, reporting after each stage."""
    taxonomy = Taxonomy(rules)
    # Should the supervisor die, a worker stuck on a page must not run on for ever: an
    # alarm well past the budget ends it (SIGALRM's default action), even inside a regex.
    alarm_seconds = int(settings.page_budget_seconds * 2 + WORKER_STOP_SECONDS) + 1
    can_alarm = hasattr(signal, "alarm")
    if can_alarm:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    warm_up(taxonomy, vocabulary, settings)
    freeze_heap()  # the worker's own rules and vocabulary, beside the server's models

    def report(stage: str, article: Article) -> None:
        connection.send((stage, article if stage == CLEANED else article.topics))

    connection.send(("ready", None))
    while True:
        try:
            job: Job | None = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        _index, entry, page = job
        if can_alarm:
            signal.alarm(alarm_seconds)
        try:
            article = article_from_page(entry, page)
            result = analyse(article, taxonomy, vocabulary, settings, report, text_cleaned=True)
        except Exception as exc:  # a bug on one page must not take the others with it
            connection.send(("failed", f"{type(exc).__name__}: {exc}"))
        else:
            connection.send(("done", Finished.of(result)))
        if can_alarm:
            signal.alarm(0)
