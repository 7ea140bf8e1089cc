"""Pipeline throughput, Prefect overhead and idle cost, against baselines in the same run.

    .venv/bin/python -m bench.throughput [--pages 2000] [--feeds 200]

1. Backfill: PAGES real pages from ../shared/corpus (ScrapingHub and trafilatura
   sets; pages beyond the 1,171 unique ones are served again under new URLs, so
   they also exercise exact-duplicate detection) served on loopback, listed in one
   feed. Baseline: a bare loop of httpx GET + trafilatura.extract over the same
   URLs. Pipeline: newsmon's steps (fetch, extract, clean, dedup, topics,
   statements, store in SQLite) without Prefect, then the same through the
   Prefect backfill flow.
2. Idle: FEEDS loopback feeds that answer 304 to the second pass; time past
   start-up, requests made, article pages fetched, rows written.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import trafilatura
import yaml

from bench.common import CORPUS, REPO, machine
from newsmon.config import load_config
from newsmon.fetch import HostPolicy
from newsmon.pipeline import read_feed

CONFIG = REPO / "sources.yaml"


def corpus_pages() -> list[bytes]:
    pages = []
    sh = CORPUS / "extraction" / "scrapinghub-aeb" / "html"
    pages += [gzip.decompress(p.read_bytes()) for p in sorted(sh.glob("*.html.gz"))]
    tr = CORPUS / "extraction" / "trafilatura"
    truth = json.loads((tr / "ground-truth.json").read_text(encoding="utf-8"))
    pages += [gzip.decompress((tr / v["file"]).read_bytes()) for _, v in sorted(truth.items())]
    return pages


class _Site:
    def __init__(self, pages: list[bytes], count: int, feeds: int) -> None:
        self.pages, self.count, self.feeds = pages, count, feeds
        self.requests = 0
        self.page_requests = 0
        self.lock = threading.Lock()
        self.base = ""

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>Page {i}</title><link>{self.base}/p/{i}.html</link></item>"
            for i in range(self.count)
        )
        return _rss(items)

    def idle_feed(self, n: int) -> bytes:
        item = (
            f"<item><title>Idle {n}</title><link>{self.base}/p/{n % self.count}.html</link></item>"
        )
        return _rss(item)


def _rss(items: str) -> bytes:
    channel = f"<channel><title>bench</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


@contextmanager
def serve(site: _Site) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with site.lock:
                site.requests += 1
            path = self.path
            headers = {"Content-Type": "text/html"}
            status, body = 200, b""
            if path == "/feed.xml":
                body, headers = site.feed(), {"Content-Type": "application/rss+xml"}
            elif path.startswith("/idle/"):
                n = int(path.rsplit("/", 1)[1].split(".")[0])
                headers = {"Content-Type": "application/rss+xml", "ETag": f'"i{n}"'}
                if self.headers.get("If-None-Match") == f'"i{n}"':
                    status = 304
                else:
                    body = site.idle_feed(n)
            elif path.startswith("/p/"):
                with site.lock:
                    site.page_requests += 1
                n = int(path[3:].split(".")[0])
                body = site.pages[n % len(site.pages)]
            else:
                status = 404
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield site.base
    finally:
        server.shutdown()
        server.server_close()


def bench_config() -> str:
    """The shipped config, adjusted for loopback: one host, so no politeness delay, and
    a route that matches nothing, so the passes measure work, not printing alerts."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["seeds_dir"] = str(REPO / "seeds")
    config["fetch"].update(politeness_delay_seconds=0, per_host_concurrency=8)
    config["routes"] = [{"name": "bench", "topics": ["none"]}]
    return str(yaml.safe_dump(config, allow_unicode=True))


def bare_loop(urls: list[str]) -> float:
    started = time.perf_counter()
    with httpx.Client() as client:
        for url in urls:
            trafilatura.extract(client.get(url).text)
    return len(urls) / (time.perf_counter() - started)


def pipeline_without_prefect(feed: str, db: str, config_path: Path) -> float:
    """The monitor's steps called as plain functions: fetch, analyse on all cores, store."""
    from flows.steps import DEFAULT_ROUTE
    from newsmon.analyse import analyse_pages
    from newsmon.fetch import FetchRequest, fetch_all
    from storage.store import Store

    config = load_config(config_path)
    settings = config.fetch
    policy = HostPolicy(["127.0.0.1"])
    store = Store(db)
    started = time.perf_counter()
    [feed_result] = fetch_all([FetchRequest(feed)], settings, policy)
    entries = store.unseen(read_feed(feed_result).entries)
    pages = fetch_all([FetchRequest(e.url) for e in entries], settings, policy)
    analysed = analyse_pages(entries, list(pages), config.topics, config.speakers)
    for item in analysed:
        store.store_article(item, routes=[DEFAULT_ROUTE], backfill=True)
    return len(entries) / (time.perf_counter() - started)


def pipeline_with_prefect(feed: str, db: str, config_path: Path) -> float:
    from flows.backfill import backfill

    started = time.perf_counter()
    summary = backfill(
        config_path=str(config_path), database_url=db, feeds=[feed], allow_hosts=["127.0.0.1"]
    )
    return int(summary["new_entries"]) / (time.perf_counter() - started)  # type: ignore[call-overload]


def idle_pass(site: _Site, base: str, db: str, config_path: Path, feeds: int) -> dict[str, float]:
    from flows.monitor import monitor

    urls = [f"{base}/idle/{n}.xml" for n in range(feeds)]
    monitor(config_path=str(config_path), database_url=db, feeds=urls, allow_hosts=["127.0.0.1"])
    path = db.removeprefix("sqlite:///")
    before_requests, before_pages = site.requests, site.page_requests
    before_rows = _row_count(path)
    started = time.perf_counter()
    monitor(config_path=str(config_path), database_url=db, feeds=urls, allow_hosts=["127.0.0.1"])
    return {
        "seconds": time.perf_counter() - started,
        "requests": site.requests - before_requests,
        "pages": site.page_requests - before_pages,
        "inserted": _row_count(path) - before_rows,
        "updated": feeds,  # each feed's health row records the 304
    }


def _row_count(path: str) -> int:
    with sqlite3.connect(path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return sum(connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--feeds", type=int, default=200)
    args = parser.parse_args()
    pages = corpus_pages()
    site = _Site(pages, args.pages, args.feeds)
    print(f"machine: {machine()}; {len(pages)} unique corpus pages, {args.pages} URLs")
    with serve(site) as base, tempfile.TemporaryDirectory() as tmp:
        config_path = Path(tmp) / "sources.yaml"
        config_path.write_text(bench_config(), encoding="utf-8")
        urls = [f"{base}/p/{i}.html" for i in range(args.pages)]
        bare = bare_loop(urls)
        plain = pipeline_without_prefect(
            f"{base}/feed.xml", f"sqlite:///{tmp}/plain.db", config_path
        )
        flow = pipeline_with_prefect(f"{base}/feed.xml", f"sqlite:///{tmp}/flow.db", config_path)
        idle = idle_pass(site, base, f"sqlite:///{tmp}/idle.db", config_path, args.feeds)
    print(f"bare loop (httpx + trafilatura.extract, 1 process): {bare:.1f} pages/s")
    print(
        f"pipeline without Prefect (all steps, SQLite):      {plain:.1f} pages/s"
        f"  ratio {plain / bare:.2f}"
    )
    print(
        f"pipeline as the Prefect backfill flow:              {flow:.1f} pages/s"
        f"  ratio {flow / bare:.2f}; Prefect overhead {plain / flow:.2f}x"
    )
    print(
        f"idle pass over {args.feeds} feeds answering 304: {idle['seconds']:.2f} s past start-up,"
        f" {idle['requests']:.0f} requests, {idle['pages']:.0f} article pages fetched,"
        f" {idle['inserted']:.0f} rows inserted, {idle['updated']:.0f} feed rows updated"
    )


if __name__ == "__main__":
    main()
