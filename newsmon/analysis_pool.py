"""Analysis in worker processes, every page under a time budget.

An ``AnalysisPool``, one for a whole pass, runs batches in worker processes under a
supervisor that gives every page a time budget: a page that runs over it is stored
with what was done so far and a note saying so, its worker is stopped and replaced,
and the pass goes on with the other pages. No single page, however hostile, can hold
up a pass.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from newsmon.analyse import (
    BUDGET_EXCEEDED,
    CLASSIFIED,
    CLEANED,
    DEFAULT_ANALYSIS,
    AnalysedArticle,
)
from newsmon.analysis_worker import WORKER_STOP_SECONDS, Job, worker_main
from newsmon.config import AnalysisSettings
from newsmon.dedup import Signature, content_hash
from newsmon.models import Article, FeedEntry, FetchResult
from newsmon.pipeline import article_from_page
from newsmon.statements import SpeakerVocabulary
from newsmon.topics import TopicRule

# A worker that has not said it is ready after this long is broken, not slow.
WORKER_START_SECONDS = 120.0


# The module the forkserver imports to load what every worker needs (see AnalysisPool).
PRELOAD = "newsmon.analysis_preload"


class AnalysisPoolError(RuntimeError):
    """Worker processes for analysis cannot be started; no page can be analysed."""


# Below this many pages, one worker is enough: starting more costs more than it saves.
PARALLEL_THRESHOLD = 32


def pool_size(pages: int, workers: int | None = None) -> int:
    """How many worker processes PAGES pages are worth, at most WORKERS (default: one a core)."""
    wanted = workers or os.cpu_count() or 1
    return 1 if pages < PARALLEL_THRESHOLD else max(1, min(wanted, pages))


def analyse_pages(
    entries: Sequence[FeedEntry],
    pages: Sequence[FetchResult | None],
    rules: Mapping[str, TopicRule],
    vocabulary: SpeakerVocabulary,
    workers: int | None = None,
    settings: AnalysisSettings = DEFAULT_ANALYSIS,
) -> list[AnalysedArticle]:
    """Extract and analyse one batch of fetched pages, each within its time budget.

    Every page runs in a worker process, even in a batch of one, because only a
    separate process can be stopped in the middle of a regex or a parser.
    """
    if not entries:
        return []
    with AnalysisPool(pool_size(len(entries), workers), dict(rules), vocabulary, settings) as pool:
        return pool.analyse(entries, pages)


# --- the supervisor ------------------------------------------------------------------------


@dataclass
class _InFlight:
    """What the supervisor knows of the page a worker is on."""

    index: int
    entry: FeedEntry
    page: FetchResult | None
    deadline: float
    article: Article | None = None  # set once the text is extracted and cleaned
    stage: str = "extracting the text"


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    started: float
    ready: bool = False
    job: _InFlight | None = None
    stopped: bool = False
    exit_code: int | None = None


@dataclass
class AnalysisPool:
    """Worker processes, one page each at a time, each page under a deadline. They start
    on entering (loading the models while a pass fetches pages) and serve batch after
    batch until the pool is left, normally or on an error, which stops them all."""

    size: int
    rules: dict[str, TopicRule]
    vocabulary: SpeakerVocabulary
    settings: AnalysisSettings
    workers: list[_Worker] = field(default_factory=list)

    def __enter__(self) -> AnalysisPool:
        context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has already imported the analysis code and
        # loaded its libraries and models (PRELOAD), so a worker starts warm: replacing a
        # stopped one costs milliseconds, and a pass's workers do not each spend a second
        # of CPU loading what the server loaded once.
        context.set_forkserver_preload([__name__, PRELOAD])
        self._context = context
        # Starting the first worker waits for the forkserver to load PRELOAD, seconds on a
        # process's first pool: on a thread of its own, so a pass fetches its first pages
        # meanwhile; the first batch waits for it (``_started``).
        self._start_error: AnalysisPoolError | None = None
        self._starting = threading.Thread(target=self._start_workers, daemon=True)
        self._starting.start()
        return self

    def _start_workers(self) -> None:
        try:
            for _ in range(self.size):
                self.workers.append(self._start_worker())
        except AnalysisPoolError as exc:
            self._start_error = exc

    def _started(self) -> None:
        """Wait until the workers are started; raises what starting them raised."""
        self._starting.join()
        error, self._start_error = self._start_error, None
        if error is not None:
            raise error

    def __exit__(self, *exc: object) -> None:
        with suppress(AnalysisPoolError):  # reported by the batch that waited, if any
            self._started()
        finishing = []
        for worker in self.workers:
            if worker.ready and worker.job is None and not worker.stopped:
                with suppress(OSError):  # an idle worker told to finish returns on its own
                    worker.connection.send(None)
                    finishing.append(worker)
        for worker in finishing:
            worker.process.join(WORKER_STOP_SECONDS)
        for worker in self.workers:
            self._stop(worker)  # the rest (busy, starting, or slow to finish) are stopped

    def analyse(
        self, entries: Sequence[FeedEntry], pages: Sequence[FetchResult | None]
    ) -> list[AnalysedArticle]:
        """Extract and analyse a batch of fetched pages. After an error, leave the pool."""
        return self.run(list(zip(entries, pages, strict=True)))

    def run(self, pairs: Sequence[tuple[FeedEntry, FetchResult | None]]) -> list[AnalysedArticle]:
        self._started()
        waiting: deque[Job] = deque((i, e, p) for i, (e, p) in enumerate(pairs))
        results: list[AnalysedArticle | None] = [None] * len(pairs)
        while waiting or any(w.job for w in self.workers):
            # A stopped worker is replaced only while pages (of this batch or a later) wait.
            missing = min(self.size - len(self.workers), len(waiting))
            self.workers += [self._start_worker() for _ in range(missing)]
            for worker in self.workers:
                if worker.ready and worker.job is None and waiting:
                    self._dispatch(worker, waiting)
            ready = self._wait_for_news()
            kept: list[_Worker] = []
            for worker in self.workers:
                if not self._read_messages(worker, ready, results):
                    self._record_stop(worker, results, "died")
                elif (
                    worker.job
                    and worker.connection not in ready  # what it still said counts first
                    and time.monotonic() >= worker.job.deadline
                ):
                    self._record_stop(worker, results, "over budget")
                elif not worker.ready and time.monotonic() - worker.started > WORKER_START_SECONDS:
                    raise AnalysisPoolError(
                        f"an analysis worker did not start within {WORKER_START_SECONDS:.0f} s"
                    )
                else:
                    kept.append(worker)
            self.workers = kept
        assert all(result is not None for result in results)
        return [result for result in results if result is not None]

    def _start_worker(self) -> _Worker:
        parent_end, child_end = multiprocessing.Pipe(duplex=True)
        process = self._context.Process(
            target=worker_main,
            args=(child_end, self.rules, self.vocabulary, self.settings),
            daemon=True,
            name="newsmon-analysis",
        )
        try:
            process.start()
        except OSError as exc:
            raise AnalysisPoolError(f"cannot start an analysis worker: {exc}") from exc
        child_end.close()
        return _Worker(process=process, connection=parent_end, started=time.monotonic())

    def _dispatch(self, worker: _Worker, waiting: deque[Job]) -> None:
        job = waiting.popleft()
        index, entry, page = job
        try:
            worker.connection.send(job)
        except OSError:  # the worker has just died: the page waits for its replacement
            waiting.appendleft(job)
            return
        deadline = time.monotonic() + self.settings.page_budget_seconds
        worker.job = _InFlight(index, entry, page, deadline)

    def _wait_for_news(self) -> set[Any]:
        """Block until a worker reports or exits, or the nearest deadline passes; returns
        the connections that have a message and the sentinels of workers that exited."""
        now = time.monotonic()
        limits = [w.job.deadline for w in self.workers if w.job]
        limits += [w.started + WORKER_START_SECONDS for w in self.workers if not w.ready]
        timeout = max(0.0, min(limits) - now) if limits else None
        handles: list[Any] = [w.connection for w in self.workers]
        handles += [w.process.sentinel for w in self.workers]
        return set(wait(handles, timeout))

    def _read_messages(
        self, worker: _Worker, ready: set[Any], results: list[AnalysedArticle | None]
    ) -> bool:
        """Apply what the worker has said; False when it has gone away.

        A live worker's message is read one per wait, whose answer says which workers
        have one: asking each worker's pipe and process again (a poll, and is_alive,
        each a selector of its own) cost the supervisor more than the messages did.
        """
        exited = worker.process.sentinel in ready
        if not exited and worker.connection not in ready:
            return True
        try:
            if not exited:
                kind, payload = worker.connection.recv()
                self._apply(worker, kind, payload, results)
                return True
            while worker.connection.poll():  # what it said before it went
                kind, payload = worker.connection.recv()
                self._apply(worker, kind, payload, results)
        except (EOFError, OSError):
            pass
        return False

    def _apply(
        self, worker: _Worker, kind: str, payload: Any, results: list[AnalysedArticle | None]
    ) -> None:
        job = worker.job
        if kind == "ready":
            worker.ready = True
        elif job is None:
            return
        elif kind == CLEANED:
            job.article, job.stage = payload, "classifying topics"
        elif kind == CLASSIFIED and job.article is not None:
            job.article.topics, job.stage = payload, "finding statements"
        elif kind == "done" and job.article is not None:
            results[job.index], worker.job = payload.onto(job.article), None
        elif kind == "failed":
            results[job.index] = _unfinished(job, f"analysis failed while {job.stage}: {payload}")
            worker.job = None

    def _record_stop(
        self, worker: _Worker, results: list[AnalysedArticle | None], why: str
    ) -> None:
        """Stop WORKER and record what its page got."""
        job = worker.job
        self._stop(worker)
        exit_code = worker.exit_code
        if job is not None:
            if why == "over budget":
                budget = self.settings.page_budget_seconds
                note = f"{BUDGET_EXCEEDED} ({budget:g} s) while {job.stage}"
            else:
                note = f"analysis worker died (exit code {exit_code}) while {job.stage}"
            results[job.index] = _unfinished(job, note)
        elif not worker.ready:
            raise AnalysisPoolError(f"an analysis worker exited on start (exit code {exit_code})")

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.stopped:
            return
        worker.stopped = True
        if worker.process.is_alive():
            worker.process.terminate()
            worker.process.join(WORKER_STOP_SECONDS)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.exit_code = worker.process.exitcode
        worker.connection.close()
        worker.process.close()


def _unfinished(job: _InFlight, note: str) -> AnalysedArticle:
    """What can be stored of a page whose analysis was stopped: the stages that finished.

    Without an extracted text the feed's own summary stands in, unanalysed: it came
    from the same stranger and is not worth another budget.
    """
    article = job.article
    if article is None:
        article = article_from_page(job.entry, None)  # the feed's summary as its text
        article.fetch_note = f"page not used: {note}; used the feed summary"
    article.statements = []
    article.analysis_note = f"{note}; no statements recorded"
    return AnalysedArticle(
        article=article,
        content_hash=content_hash(article.text),
        # Near-duplicate detection is skipped rather than risk the signature's cost here.
        signature=Signature(()),
    )
