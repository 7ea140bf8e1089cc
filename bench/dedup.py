"""Near-duplicate index and pipeline as the store grows: 10k, 100k (and 1M) stored items.

    .venv/bin/python -m bench.dedup [--sizes 10000,100000] [--lookups 2000] [--pages 100]
        [--baseline-size 100000]
    .venv/bin/python -m bench.dedup --sizes 1000000      # make bench-large

For each SIZE: inserts SIZE items with their signatures into the store's own tables
(item, item_signature, item_band) in a temporary SQLite file, then

- times lookups through NearDuplicateIndex.find: half are near-copies of stored
  articles (must be found), half are new; one query per lookup, then as the store looks
  up a batch (the bands of STORE_BATCH signatures in one query, each then found in memory);
- runs the backfill pass on plain steps (bench.throughput) over PAGES corpus pages
  served on loopback against that store: pages/s and the store step's ms per page;
- times the same lookups in datasketch.MinHashLSH holding min(SIZE, BASELINE_SIZE)
  signatures in memory, in the same run.

Beside each figure: peak RSS of the whole process tree (psutil samples, summed over
this process and its children) and the load average.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlmodel import Session

from bench.common import TreeRSS, load, machine
from flows.steps import STORE_BATCH
from newsmon.dedup import BANDS, NUM_PERM, ROWS, Signature, band_keys
from storage.dedup_index import NearDuplicateIndex
from storage.store import Store


def random_signatures(count: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 2**32 - 1, size=(count, NUM_PERM), dtype=np.uint64).astype(np.uint32)


def near_copy(values: np.ndarray, rng: np.random.Generator, changed: float = 0.25) -> np.ndarray:
    """A signature agreeing on (1 - changed) of its values: an estimated Jaccard of 0.75."""
    copy = values.copy()
    positions = rng.choice(NUM_PERM, size=int(NUM_PERM * changed), replace=False)
    copy[positions] = rng.integers(0, 2**32 - 1, size=len(positions), dtype=np.uint64)
    return copy


def fill_store(path: Path, signatures: np.ndarray) -> float:
    """Bulk-load items, signatures and band keys; returns seconds taken."""
    Store(f"sqlite:///{path}")  # creates the schema through the migrations
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    batch = 20_000
    for start in range(0, len(signatures), batch):
        chunk = signatures[start : start + batch]
        ids = range(start + 1, start + 1 + len(chunk))
        connection.executemany(
            "INSERT INTO item (id, url, canonical_url, title, text, source, is_seed, fetched_at,"
            " content_hash, topics) VALUES (?, ?, ?, '', '', 'bench', 0, '2025-01-01', ?, '[]')",
            ((i, f"https://b.example/{i}", f"https://b.example/{i}", f"{i:064x}") for i in ids),
        )
        connection.executemany(
            "INSERT INTO item_signature (item_id, signature) VALUES (?, ?)",
            ((i, row.astype("<u4").tobytes()) for i, row in zip(ids, chunk, strict=True)),
        )
        connection.executemany(
            "INSERT INTO item_band (band_key, item_id) VALUES (?, ?)",
            (
                (key, i)
                for i, row in zip(ids, chunk, strict=True)
                for key in band_keys(Signature(tuple(int(v) for v in row)))
            ),
        )
        connection.commit()
    connection.close()
    return time.perf_counter() - started


def time_store_lookups(
    path: Path, queries: list[np.ndarray], batch: int = 1
) -> tuple[float, int, float]:
    """Seconds and CPU seconds per lookup, and near-copies found. BATCH > 1 looks the
    queries up as the store does a batch of articles: the bands of BATCH signatures in one
    query (``NearDuplicateIndex.look_up``), then each found from memory."""
    store = Store(f"sqlite:///{path}")
    found = 0
    signatures = [Signature(tuple(int(v) for v in values)) for values in queries]
    with Session(store.engine) as session:
        started, cpu = time.perf_counter(), time.process_time()
        for start in range(0, len(signatures), batch):
            index = NearDuplicateIndex(session)
            chunk = signatures[start : start + batch]
            if batch > 1:
                index.look_up(chunk)
            found += sum(index.find(sig) is not None for sig in chunk)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return elapsed / len(queries), found, cpu / len(queries)


def time_datasketch(
    signatures: np.ndarray, queries: list[np.ndarray]
) -> tuple[float, float, int, float]:
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    started = time.perf_counter()
    for i, row in enumerate(signatures):
        lsh.insert(
            i, MinHash(num_perm=NUM_PERM, hashvalues=row.astype(np.uint64), scheme="affine32")
        )
    insert = time.perf_counter() - started
    found = 0
    started, cpu = time.perf_counter(), time.process_time()
    for values in queries:
        found += bool(
            lsh.query(
                MinHash(num_perm=NUM_PERM, hashvalues=values.astype(np.uint64), scheme="affine32")
            )
        )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return insert, elapsed / len(queries), found, cpu / len(queries)


def _fill_unless_filled(path: Path, signatures: np.ndarray) -> float:
    """Fill the store, unless --db named one already holding these signatures (the same
    seed makes the same ones), so a 1M store built once serves several runs."""
    if path.exists():
        with sqlite3.connect(path) as connection:
            stored = connection.execute("SELECT COUNT(*) FROM item_signature").fetchone()[0]
        if stored == len(signatures):
            return 0.0
        raise SystemExit(f"{path} holds {stored:,} signatures, not {len(signatures):,}")
    return fill_store(path, signatures)


def pipeline_rate(db: str, pages: int) -> tuple[float, float, float]:
    """Pages/s of the pass on plain steps over PAGES corpus pages, the store step's ms per
    page, and the peak tree RSS in MiB."""
    from bench.throughput import (
        _Site,
        bench_config,
        corpus_pages,
        pipeline_without_prefect,
        prepare_store,
        serve,
    )

    site = _Site(corpus_pages(), pages, 0)
    with serve(site) as base, tempfile.TemporaryDirectory() as tmp:
        config_path = Path(tmp) / "sources.yaml"
        config_path.write_text(bench_config(), encoding="utf-8")
        prepare_store(db, config_path)
        timings: dict[str, float] = {}
        with TreeRSS() as rss:
            rate = pipeline_without_prefect(
                f"{base}/feed.xml", db, config_path, os.cpu_count() or 1, timings
            )
    return rate, timings.get("store_articles", 0.0) * 1000 / pages, rss.mib


def one_size(size: int, args: argparse.Namespace) -> None:
    rng = np.random.default_rng(7)
    signatures = random_signatures(size, rng)
    half = args.lookups // 2
    copies = [near_copy(signatures[i], rng) for i in rng.choice(size, half, replace=False)]
    queries = copies + list(random_signatures(half, rng))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.db"
        with TreeRSS() as fill_rss:
            fill = _fill_unless_filled(path, signatures)
        on_disk = os.path.getsize(path) + sum(
            os.path.getsize(p) for p in path.parent.glob(f"{path.name}-*")
        )
        with TreeRSS() as lookup_rss:
            # Twice each, alternating; the second pair counts, both with the pages cached.
            for _ in range(2):
                per_lookup, found, cpu_lookup = time_store_lookups(path, queries)
                batched, batched_found, batched_cpu = time_store_lookups(path, queries, STORE_BATCH)
        lookup_load = load()
        if args.pages:
            rate, store_ms, pipe_mib = pipeline_rate(f"sqlite:///{path}", args.pages)
            pipe_load = load()
    base_size = min(size, args.baseline_size)
    with TreeRSS() as base_rss:
        insert, base_lookup, base_found, base_cpu = time_datasketch(signatures[:base_size], queries)
    verdict = "under" if per_lookup < 0.001 else "over"
    print(
        f"{size:>9,} stored: SQLite lookup {per_lookup * 1000:.3f} ms ({verdict} 1 ms;"
        f" CPU {cpu_lookup * 1000:.3f} ms),"
        f" found {found} of {half} near-copies (new queries: 0 expected);"
        f" peak tree RSS {lookup_rss.mib:.0f} MiB; {lookup_load}"
    )
    print(
        f"           batched as the store does ({STORE_BATCH} signatures' bands in one query):"
        f" {batched * 1000:.3f} ms per lookup (CPU {batched_cpu * 1000:.3f} ms),"
        f" found {batched_found}"
    )
    print(
        f"           bulk load {fill:.0f} s (peak RSS {fill_rss.mib:.0f} MiB),"
        f" {on_disk / size:.0f} bytes per item on disk"
    )
    if args.pages:
        print(
            f"           pipeline (plain steps, {args.pages} pages): {rate:.1f} pages/s,"
            f" store step {store_ms:.1f} ms per page; peak tree RSS {pipe_mib:.0f} MiB;"
            f" {pipe_load}"
        )
    print(
        f"           datasketch MinHashLSH in memory, {base_size:,} signatures:"
        f" lookup {base_lookup * 1000:.3f} ms (CPU {base_cpu * 1000:.3f} ms; store/in-memory"
        f" {per_lookup / base_lookup:.2f} wall, {cpu_lookup / base_cpu:.2f} CPU),"
        f" found {base_found}, insert {insert:.0f} s;"
        f" peak tree RSS {base_rss.mib:.0f} MiB; {load()}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated item counts")
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument(
        "--pages", type=int, default=100, help="pipeline pages per size (0: skip the pipeline)"
    )
    parser.add_argument(
        "--baseline-size",
        type=int,
        default=100_000,
        help="at most this many signatures in the in-memory baseline",
    )
    parser.add_argument(
        "--db",
        default=None,
        help="keep the store in this SQLite file (one size only); reused if already filled",
    )
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    if args.db and len(sizes) != 1:
        parser.error("--db goes with one size")
    print(f"machine: {machine()}; {BANDS} bands x {ROWS} rows; {load()}")
    for size in sizes:
        one_size(size, args)


if __name__ == "__main__":
    main()
