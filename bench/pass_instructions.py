"""Instructions per page of a backfill pass's main process, counted by cachegrind.

    .venv/bin/python -m bench.pass_instructions [--pages 60] [--workers 2]
        [--capture FILE | --store FILE]

bench.throughput's pass (``backfill_pass`` on the plain steps, SQLite, the analysis pool)
spends CPU in two places: the pool's workers (extraction and analysis, see
bench.steps_instructions) and the pass's main process: reading the feed, fetching the
pages, handing them to the workers and taking their results back, deduplication and the
store's thread. This counts the second. The pass runs in a process of its own under
valgrind's cachegrind (``--trace-children=no``: the forkserver and its workers, and the
page server, a process of its own here, are exec'd and so not counted) twice: over PAGES
pages and over 2 x PAGES. The difference, divided by PAGES, is the main process's
instructions per page without its start-up, imports and the pass's fixed costs. The pages
are the corpus's (bench.throughput's), the same in every run, so two versions of the code
are compared on the same work; instructions do not move with the machine's load as CPU
time does (a few tenths of a percent: the threads' wake-ups differ from run to run).

``--capture FILE`` runs one pass of PAGES pages, without valgrind, and pickles the analysed
articles it stored to FILE; ``--store FILE`` then counts the store alone the same way (the
first PAGES and 2 x PAGES of those articles through ``flows.steps.store_articles`` into a
fresh SQLite store, no threads, no pool): the store thread's share of a page, and a
steadier reading of a change to the store.
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import REPO, cachegrind_instructions, machine

if TYPE_CHECKING:
    from newsmon.config import Config


def serve_pages(pages: int) -> None:
    """The page server of bench.throughput, in this process until its stdin closes."""
    from bench.throughput import _Site, corpus_pages, serve

    with serve(_Site(corpus_pages(), pages, 1)) as base:
        print(base, flush=True)
        sys.stdin.read()


@contextmanager
def fresh_store() -> Iterator[tuple[Config, str]]:
    """bench.throughput's config and a new SQLite store with its seeds, in a temporary folder."""
    from bench.throughput import bench_config, prepare_store
    from newsmon.config import load_config

    with tempfile.TemporaryDirectory() as tmp:
        config_path = Path(tmp) / "sources.yaml"
        config_path.write_text(bench_config(), encoding="utf-8")
        db = f"sqlite:///{Path(tmp) / 'pass.db'}"
        prepare_store(db, config_path)
        yield load_config(config_path), db


def one_pass(pages: int, workers: int, capture: str | None = None) -> int:
    """One backfill pass over PAGES loopback pages into a fresh SQLite store; returns the
    entries it took as new. CAPTURE: a file to pickle the analysed articles it stored to."""
    from bench.throughput import _options, bench_steps
    from flows.passes import HistorySource, backfill_pass

    command = [sys.executable, "-m", "bench.pass_instructions", "--serve", str(pages)]
    server = subprocess.Popen(command, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert server.stdout is not None
        base = server.stdout.readline().decode().strip()
        with fresh_store() as (config, db):
            steps = bench_steps(workers)
            stored: list[Any] = []
            if capture:
                store_articles = steps.store_articles

                def capturing(analysed: Any, *args: Any) -> Any:
                    stored.extend(analysed)
                    return store_articles(analysed, *args)

                steps.__dict__["store_articles"] = capturing
            summary = backfill_pass(
                config, db, HistorySource(), _options(f"{base}/feed.xml"), steps
            )
            if capture:
                Path(capture).write_bytes(pickle.dumps(stored))
            return summary.new_entries
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait()


def store_only(articles: str, count: int) -> None:
    """The first COUNT of the captured ARTICLES stored as a pass's store thread stores
    them (``flows.steps.store_articles``), into a fresh SQLite store."""
    from flows.steps import store_articles
    from newsmon.heap import heap_frozen

    with fresh_store() as (config, db), heap_frozen():
        analysed = pickle.loads(Path(articles).read_bytes())[:count]
        store_articles(analysed, config, db, config.routes, (), True)


def instructions(pages: int, workers: int, store: str | None = None) -> int:
    arguments = ["--pass", str(pages), "--workers", str(workers)]
    # OpenBLAS's threads (started when numpy is imported; the pass never calls BLAS) spin
    # for as long as valgrind happens to schedule them: tens of millions of instructions
    # that differ from run to run, and no part of a page's cost.
    return cachegrind_instructions(
        ["bench.pass_instructions", *arguments, *(["--store", store] if store else [])],
        {"OPENBLAS_NUM_THREADS": "1"},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--capture", help="one pass; the analysed articles it stored to this file")
    parser.add_argument(
        "--store", help="count the store alone, on the articles of a --capture file"
    )
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pass", dest="run", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        serve_pages(args.serve)
        return
    if args.run is not None and args.store:
        store_only(args.store, args.run)
        return
    if args.run is not None:
        print(one_pass(args.run, args.workers), "new entries")
        return
    if args.capture:
        print(one_pass(args.pages, args.workers, args.capture), "new entries")
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not on the PATH: install it (Debian: apt install valgrind)")
    what = f"the store on {args.store}'s articles" if args.store else "passes"
    print(f"machine: {machine()}; {what}: {args.pages} and {2 * args.pages} pages")
    sizes = (args.pages, 2 * args.pages)
    with ThreadPoolExecutor(max_workers=2) as pool:
        small, large = pool.map(lambda n: instructions(n, args.workers, args.store), sizes)
    per_page = (large - small) / args.pages
    counted = "the store" if args.store else "main process"
    print(f"  {counted}: {per_page / 1e6:.2f}M instructions per page")


if __name__ == "__main__":
    main()
