"""The store's write path: milliseconds per statement recorded, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.store [--articles 150] [--statements 5] [--rounds 3]
        [--history 0] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--no-postgres]

ARTICLES synthetic analysed articles, each carrying STATEMENTS new statements by an
official speaker (so every statement is a new record with its keys, a mention and
an alert row for the route), a distinct MinHash signature and content hash, are
written through the store's batch method when it has one (``Store.store_articles``)
and through ``Store.store_article`` one by one otherwise; the line printed says
which. Each round starts from an empty database (a throwaway PostgreSQL database,
created and dropped through the admin URL) holding HISTORY earlier articles, so the
look-ups that decide "is this new?" run against a store that is not empty. The
figure is wall time of the writes divided by statements recorded, median of ROUNDS;
beside it the CPU time of this process per statement (the ORM and, for SQLite, the
database engine itself), which the machine's other load inflates far less.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bench.common import TreeRSS, load, machine, median_spread
from flows.steps import DEFAULT_ROUTE
from newsmon.analyse import AnalysedArticle
from newsmon.dedup import NUM_PERM, Signature
from newsmon.models import Article, Speaker, Statement, TopicLabel
from storage.store import Store

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))


def _word(rng: np.random.Generator) -> str:
    return "".join(rng.choice(LETTERS, size=int(rng.integers(5, 11))))


def synthetic_articles(
    count: int, statements: int, rng: np.random.Generator, prefix: str
) -> list[AnalysedArticle]:
    """Articles whose statements share no content words, so each one is new."""
    speaker = Speaker(
        name="Jane Example", role="minister", organisation="Ministry", country="GB", official=True
    )
    out = []
    for n in range(count):
        quotes = [
            " ".join(_word(rng) for _ in range(14)).capitalize() + "." for _ in range(statements)
        ]
        body = "\n\n".join(f'"{q}" the minister said.' for q in quotes)
        found = []
        for q in quotes:
            start = body.index(q)
            found.append(Statement(speaker, q, "direct", ((start, start + len(q)),), "said"))
        url = f"https://bench.example/{prefix}/{n}"
        article = Article(
            url=url,
            canonical_url=url,
            title=f"Bench {prefix} {n}",
            text=body,
            source="https://bench.example/feed.xml",
            language="en",
            topics=[TopicLabel("economy", 1.0)],
            statements=found,
        )
        values = rng.integers(0, 2**32 - 1, size=NUM_PERM, dtype=np.uint64)
        out.append(
            AnalysedArticle(
                article=article,
                content_hash=uuid.UUID(bytes=rng.bytes(16)).hex * 2,
                signature=Signature(tuple(int(v) for v in values)),
            )
        )
    return out


def writer(store: Store) -> tuple[str, Callable[[Sequence[AnalysedArticle]], object]]:
    """The store's batch write when it has one, else its per-article write."""
    batch = getattr(store, "store_articles", None)
    if batch is not None:
        return "Store.store_articles (batch)", lambda items: batch(
            items, routes=[DEFAULT_ROUTE], backfill=True
        )

    def one_by_one(items: Sequence[AnalysedArticle]) -> object:
        return [store.store_article(i, routes=[DEFAULT_ROUTE], backfill=True) for i in items]

    return "Store.store_article (one call per article)", one_by_one


def one_round(
    url: str, args: argparse.Namespace, seed: int
) -> tuple[str, float, int, float, float]:
    rng = np.random.default_rng(seed)
    store = Store(url)
    how, write = writer(store)
    if args.history:
        write(synthetic_articles(args.history, args.statements, rng, "history"))
    items = synthetic_articles(args.articles, args.statements, rng, "new")
    recorded = sum(len(i.article.statements) for i in items)
    with TreeRSS() as rss:
        started, cpu = time.perf_counter(), time.process_time()
        write(items)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    store.engine.dispose()
    return how, elapsed * 1000 / recorded, recorded, rss.mib, cpu * 1000 / recorded


def sqlite_round(args: argparse.Namespace, seed: int) -> tuple[str, float, int, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        return one_round(f"sqlite:///{Path(tmp) / 'store.db'}", args, seed)


def postgres_round(args: argparse.Namespace, seed: int) -> tuple[str, float, int, float, float]:
    import psycopg

    admin = args.postgres.replace("postgresql+psycopg://", "postgresql://")
    name = f"newsmon_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        url = args.postgres.rsplit("/", 1)[0] + f"/{name}"
        return one_round(url, args, seed)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--statements", type=int, default=5)
    parser.add_argument("--history", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", default=ADMIN_URL)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    backends: list[
        tuple[str, Callable[[argparse.Namespace, int], tuple[str, float, int, float, float]]]
    ]
    backends = [("SQLite", sqlite_round)]
    if not args.no_postgres:
        backends.append(("PostgreSQL", postgres_round))
    for name, run in backends:
        try:
            results = [run(args, seed) for seed in range(args.rounds)]
        except Exception as exc:
            if name == "SQLite":
                raise
            # No PostgreSQL server here: say so, and keep the SQLite figure.
            print(f"store {name}: skipped ({type(exc).__name__}: {exc})".splitlines()[0])
            continue
        how, recorded = results[0][0], results[0][2]
        per_statement = [r[1] for r in results]
        verdict = "meets" if statistics.median(per_statement) <= 2.0 else "misses"
        print(
            f"store {name}: {median_spread(per_statement)} ms per statement recorded"
            f" ({verdict} the 2 ms target); {args.articles} articles x {args.statements}"
            f" statements = {recorded} per round over {args.history} stored; via {how};"
            f" CPU of this process {statistics.median(r[4] for r in results):.2f} ms per"
            f" statement; peak tree RSS {max(r[3] for r in results):.0f} MiB; {load()}"
        )


if __name__ == "__main__":
    main()
