"""The store's write path on real articles into a store that is not empty, SQLite and PostgreSQL.

    .venv/bin/python -m bench.store [--articles 100] [--filler 10000] [--rounds 3]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test] [--no-postgres]
        [--no-sqlite] [--unfrozen]

The articles are PolNeAR *train* (../shared/corpus/attribution/polnear/train: 840 US
election articles from 7 publishers, real reporting full of quotes), analysed by the
real steps (``newsmon.analyse.analyse`` with the shipped sources.yaml's topics and
speakers), in publication order. The last ARTICLES of them are the ones measured; the
earlier ones are the history, stored first through the same ``Store.store_articles``,
so the measured statements meet real earlier statements (repeats across outlets,
speakers the registry knows) rather than random words that share no key. FILLER more
items with random MinHash signatures are bulk-loaded beside them, so the store holds
10,000+ items and statements and the near-duplicate index has something to search.

The history store is built once per backend and copied for every round (a file copy on
SQLite; ``CREATE DATABASE … TEMPLATE`` on PostgreSQL, created and dropped through the
admin URL). Each round stores the measured articles in batches of the pipeline's
``STORE_BATCH`` (``flows.steps``) with the shipped config's routes, and reports:

- wall and CPU time (``time.process_time``) of this process, per statement recorded
  and per article, and how much of it the garbage collector took; on PostgreSQL also
  the server's CPU (its backends' utime+stime from /proc), which is most of what the
  client waits for besides the round trips;
- SQL statements executed per article (SQLAlchemy's ``before_cursor_execute``: one
  executemany counts once, as it is one round trip on either driver), a figure the
  machine's load does not change;
- what the store decided (new, repeated, copies, alerts queued) and a fingerprint of
  the statements it kept, so two versions of the store can be checked to decide the same.

Each round stores as a pass does: under ``newsmon.heap.heap_frozen``, which
``monitor_pass`` and ``backfill_pass`` hold for their whole run, so the heap alive when
the round starts (the libraries, and here the bench's own 840 analysed articles, which
no pass holds) is not scanned by the collector. The measured articles are unpickled
inside the freeze, as a pass receives its pages from the analysis workers, so the
collector still scans them and all the store allocates. ``--unfrozen`` measures the
store with the whole heap in the collector's care instead (a full collection then walks
the bench's workload, hundreds of ms a round that a pass does not pay).

Figures are medians of ROUNDS with their spread, beside the load average.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import pickle
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.engine import Engine

from bench.common import CORPUS, REPO, TreeRSS, load, machine, median_spread
from flows.steps import STORE_BATCH
from newsmon.analyse import AnalysedArticle, analyse
from newsmon.config import Route, load_config
from newsmon.dedup import NUM_PERM, Signature, band_keys
from newsmon.heap import heap_frozen
from newsmon.models import Article
from newsmon.topics import Taxonomy
from storage.core import table
from storage.dedup_index import ItemBand, ItemSignature
from storage.models import Item, StatementRecord
from storage.store import Store

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
POLNEAR_TRAIN = CORPUS / "attribution" / "polnear" / "train" / "text"


def polnear_train(folder: Path = POLNEAR_TRAIN) -> list[Article]:
    """PolNeAR train's articles in publication order (name order within a day)."""
    articles = []
    for path in sorted(folder.glob("*.txt"), key=lambda p: (p.stem.split("_")[1], p.stem)):
        publisher, day, _ = path.stem.split("_", 2)
        body = path.read_text(encoding="utf-8")
        url = f"https://{publisher}.example/{path.stem}"
        articles.append(
            Article(
                url=url,
                canonical_url=url,
                title=body.split("\n", 1)[0],
                text=body,
                source=f"https://{publisher}.example/feed.xml",
                published=datetime.fromisoformat(day).replace(tzinfo=UTC),
                site=publisher,
            )
        )
    return articles


@dataclass
class Workload:
    history: list[AnalysedArticle]
    measured: list[AnalysedArticle]
    routes: list[Route]
    filler: int


def workload(articles: int, filler: int) -> Workload:
    config = load_config(REPO / "sources.yaml")
    taxonomy = Taxonomy(config.topics)
    analysed = [analyse(a, taxonomy, config.speakers) for a in polnear_train()]
    if len(analysed) <= articles:
        raise SystemExit(f"PolNeAR train has {len(analysed)} articles; ask for fewer than that")
    return Workload(analysed[:-articles], analysed[-articles:], list(config.routes), filler)


def store_in_batches(store: Store, items: Sequence[AnalysedArticle], routes: list[Route]) -> list:
    outcomes = []
    for start in range(0, len(items), STORE_BATCH):
        outcomes += store.store_articles(items[start : start + STORE_BATCH], routes=routes)
    return outcomes


def fill(store: Store, work: Workload) -> None:
    """The history: earlier real articles through the store, then random-signature items."""
    store_in_batches(store, work.history, work.routes)
    rng = np.random.default_rng(7)
    with store.engine.begin() as connection:
        first = int(connection.execute(select(func.max(table(Item).c.id))).scalar_one())
        for start in range(0, work.filler, 2_000):
            ids = range(first + 1 + start, first + 1 + min(work.filler, start + 2_000))
            values = rng.integers(0, 2**32 - 1, size=(len(ids), NUM_PERM), dtype=np.uint64)
            connection.execute(
                insert(table(Item)),
                [
                    {
                        "id": i,
                        "url": f"https://filler.example/{i}",
                        "canonical_url": f"https://filler.example/{i}",
                        "title": "",
                        "text": "",
                        "source": "https://filler.example/feed.xml",
                        "is_seed": False,
                        "fetched_at": datetime(2015, 1, 1, tzinfo=UTC),
                        "page_attempts": 1,
                        "content_hash": f"{i:064x}",
                        "topics": [],
                    }
                    for i in ids
                ],
            )
            signatures = [Signature(tuple(int(v) for v in row)) for row in values]
            connection.execute(
                insert(table(ItemSignature)),
                [
                    {"item_id": i, "signature": s.to_bytes()}
                    for i, s in zip(ids, signatures, strict=True)
                ],
            )
            connection.execute(
                insert(table(ItemBand)),
                [
                    {"band_key": key, "item_id": i}
                    for i, s in zip(ids, signatures, strict=True)
                    for key in dict.fromkeys(band_keys(s))
                ],
            )
        if store.is_postgres:
            # Ids were given explicitly: move the sequence past them, as the pipeline would.
            connection.execute(text("SELECT setval('item_id_seq', (SELECT max(id) FROM item))"))


@dataclass
class Round:
    wall_ms: float
    cpu_ms: float
    server_cpu_ms: float | None
    gc_ms: float
    executed: int
    decided: str
    fingerprint: str
    rss_mib: float


def one_round(
    url: str, work: Workload, server_cpu: Callable[[], float] | None, frozen: bool = True
) -> Round:
    store = Store(url)
    executed = [0]

    def count(*_: Any) -> None:
        executed[0] += 1

    event.listen(store.engine, "before_cursor_execute", count)
    freeze: AbstractContextManager[None] = heap_frozen() if frozen else nullcontext()
    with TreeRSS() as rss, freeze, _CollectorTime() as collector:
        # The pool hands a pass its articles pickled: made after the freeze, as there.
        measured = pickle.loads(pickle.dumps(work.measured))
        server = server_cpu() if server_cpu else 0.0
        started, cpu, sampling = time.perf_counter(), time.process_time(), rss.cpu
        collector.start()
        outcomes = store_in_batches(store, measured, work.routes)
        collector.stop()
        # The memory sampler's CPU is the instrument's, not the store's.
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu - (rss.cpu - sampling)
        server = server_cpu() - server if server_cpu else 0.0
    event.remove(store.engine, "before_cursor_execute", count)
    decided = (
        f"{sum(o.new_statements for o in outcomes)} new,"
        f" {sum(o.repeated_statements for o in outcomes)} repeated,"
        f" {sum(o.duplicate_of is not None for o in outcomes)} copies,"
        f" {sum(o.alerts_queued for o in outcomes)} alerts queued"
    )
    fingerprint = _fingerprint(store.engine)
    store.engine.dispose()
    return Round(
        wall * 1000,
        cpu * 1000,
        server * 1000 if server_cpu else None,
        collector.seconds * 1000,
        executed[0],
        decided,
        fingerprint,
        rss.mib,
    )


class _CollectorTime:
    """CPU seconds the garbage collector took between ``start`` and ``stop`` (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._counting = False
        self._began = 0.0

    def __enter__(self) -> _CollectorTime:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._callback)

    def start(self) -> None:
        self._counting = True

    def stop(self) -> None:
        self._counting = False

    def _callback(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.process_time()
        elif self._counting:
            self.seconds += time.process_time() - self._began


def _fingerprint(engine: Engine) -> str:
    """What the store kept: every statement's text, speaker fields and first item, in order."""
    records = table(StatementRecord)
    digest = hashlib.sha256()
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                records.c.id, records.c.text, records.c.speaker, records.c.country,
                records.c.first_item_id,
            ).order_by(records.c.id)
        )  # fmt: skip
        for row in rows:
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()[:12]


def sqlite_rounds(work: Workload, rounds: int, frozen: bool) -> list[Round]:
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "history.db"
        store = Store(f"sqlite:///{template}")
        fill(store, work)
        store.engine.dispose()  # the last connection to close checkpoints the WAL
        results = []
        for n in range(rounds):
            copy = Path(tmp) / f"round{n}.db"
            shutil.copyfile(template, copy)
            results.append(one_round(f"sqlite:///{copy}", work, None, frozen))
            copy.unlink()
        return results


@contextmanager
def _database(admin: str, template: str | None = None) -> Iterator[str]:
    import psycopg

    name = f"newsmon_bench_{uuid.uuid4().hex[:12]}"
    source = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"{source}')
    try:
        yield name
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _backends_cpu(admin: str, database: str) -> Callable[[], float]:
    """Seconds of CPU the server's backends for DATABASE have used so far."""
    import psycopg

    tick = os.sysconf("SC_CLK_TCK")

    def used() -> float:
        with psycopg.connect(admin, autocommit=True) as connection:
            pids = [
                row[0]
                for row in connection.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)
                )
            ]
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick

    return used


def postgres_rounds(work: Workload, rounds: int, url: str, frozen: bool) -> list[Round]:
    admin = url.replace("postgresql+psycopg://", "postgresql://")
    base = url.rsplit("/", 1)[0]
    with _database(admin) as template:
        store = Store(f"{base}/{template}")
        fill(store, work)
        store.engine.dispose()  # a template database must have no connections
        results = []
        for _ in range(rounds):
            with _database(admin, template) as name:
                # The backends of the round's own database, which only the store connects to.
                results.append(
                    one_round(f"{base}/{name}", work, _backends_cpu(admin, name), frozen)
                )
        return results


def report(name: str, work: Workload, results: list[Round], frozen: bool) -> None:
    statements = sum(len(a.article.statements) for a in work.measured)
    articles = len(work.measured)
    history = sum(len(a.article.statements) for a in work.history)
    wall = [r.wall_ms for r in results]
    cpu = statistics.median(r.cpu_ms for r in results)
    verdict = "meets" if statistics.median(wall) / statements <= 2.0 else "misses"
    print(
        f"store {name}: {median_spread([w / statements for w in wall])} ms per statement recorded"
        f" ({verdict} the 2 ms target), {statistics.median(wall) / articles:.1f} ms per article;"
        f" CPU of this process {cpu / statements:.2f} ms per statement,"
        f" {cpu / articles:.1f} per article"
    )
    collector = statistics.median(r.gc_ms for r in results)
    heap = "frozen as a pass freezes it (heap_frozen)" if frozen else "not frozen (--unfrozen)"
    print(
        f"           of which garbage collection {collector / statements:.2f} ms per statement;"
        f" the heap alive at the round's start {heap}"
    )
    if results[0].server_cpu_ms is not None:
        server = statistics.median(r.server_cpu_ms or 0.0 for r in results)
        print(
            f"           server CPU {server / statements:.2f} ms per statement,"
            f" {server / articles:.1f} per article"
        )
    print(
        f"           {statistics.median(r.executed for r in results) / articles:.1f} SQL"
        f" statements executed per article; {articles} articles, {statements} statements in"
        f" batches of {STORE_BATCH}, into {len(work.history)} real articles ({history} statements)"
        f" + {work.filler:,} filler items; peak tree RSS {max(r.rss_mib for r in results):.0f}"
        f" MiB; {load()}"
    )
    decided = {(r.decided, r.fingerprint) for r in results}
    for what, fingerprint in sorted(decided):
        print(f"           decided: {what}; statements kept: {fingerprint}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100, help="measured articles")
    parser.add_argument("--filler", type=int, default=10_000, help="random-signature items")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", default=ADMIN_URL)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--unfrozen", action="store_true", help="store without heap_frozen, unlike a pass"
    )
    args = parser.parse_args()
    frozen = not args.unfrozen
    print(f"machine: {machine()}; {load()}")
    started = time.process_time()
    work = workload(args.articles, args.filler)
    print(f"analysed {len(work.history) + len(work.measured)} articles in"
          f" {time.process_time() - started:.0f} s CPU")  # fmt: skip
    if not args.no_sqlite:
        report("SQLite", work, sqlite_rounds(work, args.rounds, frozen), frozen)
    if not args.no_postgres:
        try:
            results = postgres_rounds(work, args.rounds, args.postgres, frozen)
        except Exception as exc:
            # No PostgreSQL server here: say so, and keep the SQLite figure.
            print(f"store PostgreSQL: skipped ({type(exc).__name__}: {exc})".splitlines()[0])
            return
        report("PostgreSQL", work, results, frozen)


if __name__ == "__main__":
    main()
