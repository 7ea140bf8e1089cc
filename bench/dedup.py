"""Near-duplicate index at scale: the store's SQLite tables against an in-memory datasketch LSH.

    .venv/bin/python -m bench.dedup [--size 1000000] [--lookups 2000]

Inserts SIZE signatures into the same tables the store uses (item_signature,
item_band) in a temporary SQLite file, then times lookups through
NearDuplicateIndex.find: half are near-copies of stored articles (must be
found), half are new. The baseline is datasketch.MinHashLSH holding the same
signatures in memory, measured in the same run.
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

from bench.common import machine
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


def time_store_lookups(path: Path, queries: list[np.ndarray]) -> tuple[float, int]:
    store = Store(f"sqlite:///{path}")
    found = 0
    with Session(store.engine) as session:
        index = NearDuplicateIndex(session)
        started = time.perf_counter()
        for values in queries:
            found += index.find(Signature(tuple(int(v) for v in values))) is not None
        elapsed = time.perf_counter() - started
    return elapsed / len(queries), found


def time_datasketch(signatures: np.ndarray, queries: list[np.ndarray]) -> tuple[float, float, int]:
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    started = time.perf_counter()
    for i, row in enumerate(signatures):
        lsh.insert(
            i, MinHash(num_perm=NUM_PERM, hashvalues=row.astype(np.uint64), scheme="affine32")
        )
    insert = time.perf_counter() - started
    found = 0
    started = time.perf_counter()
    for values in queries:
        found += bool(
            lsh.query(
                MinHash(num_perm=NUM_PERM, hashvalues=values.astype(np.uint64), scheme="affine32")
            )
        )
    return insert, (time.perf_counter() - started) / len(queries), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument(
        "--baseline-size",
        type=int,
        default=None,
        help="signatures in the in-memory baseline (default: --size)",
    )
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    signatures = random_signatures(args.size, rng)
    half = args.lookups // 2
    copies = [near_copy(signatures[i], rng) for i in rng.choice(args.size, half, replace=False)]
    queries = copies + list(random_signatures(half, rng))
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        load = fill_store(path, signatures)
        size = os.path.getsize(path) + sum(os.path.getsize(p) for p in Path(tmp).glob("bench.db-*"))
        per_lookup, found = time_store_lookups(path, queries)
    base_size = args.baseline_size or args.size
    insert, base_lookup, base_found = time_datasketch(signatures[:base_size], queries)
    print(f"SQLite store, {args.size:,} signatures ({BANDS} bands x {ROWS} rows):")
    print(f"  bulk load {load:.0f} s, {size / args.size:.0f} bytes per article on disk")
    print(
        f"  lookup {per_lookup * 1000:.3f} ms; near-copies found {found - 0}/{len(queries)}"
        f" (expected {half} copies)"
    )
    print(f"datasketch MinHashLSH in memory, {base_size:,} signatures:")
    print(f"  insert {insert:.0f} s, lookup {base_lookup * 1000:.3f} ms, found {base_found}")
    print(f"ratio lookup store/in-memory: {per_lookup / base_lookup:.2f}")


if __name__ == "__main__":
    main()
