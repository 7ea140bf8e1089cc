"""Pipeline throughput against a fair baseline, Prefect overhead, workers and idle cost.

    .venv/bin/python -m bench.throughput [--pages 200] [--rounds 3] [--workers 2]
        [--feeds 200] [--no-idle]

Everything is measured in one run, each figure the median of ROUNDS rounds with its
spread, the variants interleaved within a round (order rotated) so they share the
machine's load, which is printed beside every line:

1. Fair bare loop: an aiohttp GET (the client the pipeline fetches pages with, so
   neither side has the cheaper client) + trafilatura.extract over the same PAGES
   loopback URLs, on a pool shaped like the pipeline's analysis (the same forkserver,
   with both pools' code preloaded; WORKERS processes; one page handed out at a time).
2. Pipeline without Prefect: ``flows.passes.backfill_pass`` on the plain steps
   (read feed, select new, fetch all pages, extract + clean + dedup + topics +
   statements on the same pool, store in SQLite); the time of each step is printed.
3. The same pass as the Prefect backfill flow, against a ``prefect server`` started
   before timing (its start-up is printed on its own line, not in any ratio).
4. Backfill across workers: the feed split into N chunks, each chunk a backfill
   pass in its own process (what N Prefect workers would each run) over one store,
   each with one analysis worker; N = 1 and N = 2.
5. Idle: FEEDS loopback feeds that answer 304 to the second monitor pass.

CPU per page is counted per process, whatever the load: the bench process (the pass's
main process: fetch, supervisor, store; and the page server, the same in every variant)
and the pool's workers (every process the forkserver started and reaped), for the bare
loop, the pass and the flow. Their ratio is what the wall-clock ratio would be on an
otherwise idle machine whose cores the pass keeps busy. The memory sampler's own CPU
(``TreeRSS.cpu``, about 4 ms a sample) is taken out of the bench process's figure.

Peak RSS is that of the whole process tree (this process and every descendant,
summed), sampled with psutil every 50 ms; the Prefect server is left out of it
and reported on its own line.

Pages are the corpus's real pages (ScrapingHub and trafilatura sets) served on
loopback; beyond the 1,171 unique ones they are served again under new URLs.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import importlib
import json
import multiprocessing
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import types
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import httpx
import trafilatura
import yaml

from bench.common import CORPUS, REPO, TreeRSS, load, machine, median_spread
from newsmon.config import load_config

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

    def feed(self, chunk: int = 0, of: int = 1) -> bytes:
        items = "".join(
            f"<item><title>Page {i}</title><link>{self.base}/p/{i}.html</link></item>"
            for i in range(chunk, self.count, of)
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
            if path.startswith("/feed.xml"):
                query = parse_qs(urlsplit(path).query)
                chunk, of = int(query.get("chunk", ["0"])[0]), int(query.get("of", ["1"])[0])
                body, headers = site.feed(chunk, of), {"Content-Type": "application/rss+xml"}
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

    class Server(ThreadingHTTPServer):
        # The default listen backlog of 5 overflows when a pass fetches a chunk at once:
        # refused and reset connections, retried, inflated both arms' fetch times.
        request_queue_size = 128

    server = Server(("127.0.0.1", 0), Handler)
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
    config["routes"] = [{"name": "bench", "speakers": ["Nobody At All"]}]
    return str(yaml.safe_dump(config, allow_unicode=True))


# --- 1. the fair bare loop -------------------------------------------------------

# One event loop and one session per worker, kept for its life, as a pass keeps its
# session for a chunk of pages.
_loop: asyncio.AbstractEventLoop | None = None
_session: aiohttp.ClientSession | None = None


def _start_bare_worker() -> None:
    global _loop, _session
    _loop = asyncio.new_event_loop()
    _session = _loop.run_until_complete(_open_session())


async def _open_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(trust_env=False)


async def _get(url: str) -> str:
    assert _session is not None
    async with _session.get(url) as response:
        return await response.text()


def _get_and_extract(url: str) -> int:
    assert _loop is not None
    return len(trafilatura.extract(_loop.run_until_complete(_get(url))) or "")


def bare_loop(urls: list[str], workers: int) -> float:
    """aiohttp GET + trafilatura.extract on a pool shaped like the pipeline's analysis: the
    same forkserver (its preload set in ``main``), the same number of worker processes,
    one page handed to a worker at a time (the supervisor's dispatch)."""
    from newsmon.analysis_pool import pool_size

    count = pool_size(len(urls), workers)
    started = time.perf_counter()
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(count, mp_context=context, initializer=_start_bare_worker) as pool:
        list(pool.map(_get_and_extract, urls, chunksize=1))
    return len(urls) / (time.perf_counter() - started)


# --- 2. the pass on plain steps ----------------------------------------------------

STEPS = (
    "load_seeds",
    "fetch_feeds",
    "retry_failed_pages",
    "select_new_entries",
    "fetch_pages",
    "analyse_fetched",
    "store_articles",
)


def bench_steps(workers: int, timings: dict[str, float] | None = None) -> types.ModuleType:
    """``flows.steps`` with the analysis pool's size fixed and, if asked, each step timed.

    Only the bench's copy changes: the pass sequence and the steps are the project's."""
    from flows import steps
    from newsmon.analysis_pool import AnalysisPool, pool_size

    module = types.ModuleType("bench_steps")
    module.__dict__.update({k: v for k, v in vars(steps).items() if not k.startswith("__")})

    def analysis_pool(config: Any, pages: int) -> AnalysisPool:
        size = pool_size(pages, workers)
        return AnalysisPool(size, dict(config.topics), config.speakers, config.analysis)

    module.__dict__["analysis_pool"] = analysis_pool
    if timings is not None:
        for name in STEPS:
            module.__dict__[name] = _timed(module.__dict__[name], name, timings)
    return module


def _timed(
    function: Callable[..., Any], name: str, timings: dict[str, float]
) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def prepare_store(db: str, config_path: Path) -> None:
    """Schema and seed corpus in place before timing, for every variant alike."""
    from flows import steps

    steps.load_seeds(load_config(config_path), db)


def _options(feed: str) -> Any:
    from flows.passes import PassOptions

    return PassOptions(feeds=(feed,), allow_hosts=("127.0.0.1",), backfill=True)


def pipeline_without_prefect(
    feed: str, db: str, config_path: Path, workers: int, timings: dict[str, float] | None = None
) -> float:
    from flows.passes import HistorySource, backfill_pass

    started = time.perf_counter()  # the config is read inside, as the flow reads it
    summary = backfill_pass(
        load_config(config_path), db, HistorySource(), _options(feed), bench_steps(workers, timings)
    )
    return summary.new_entries / (time.perf_counter() - started)


# --- 3. the Prefect flow, API up ---------------------------------------------------


def pipeline_with_prefect(feed: str, db: str, config_path: Path) -> float:
    """The flow run as ``newsmon backfill`` starts it with PREFECT_API_URL set."""
    from flows.backfill import backfill
    from flows.tasks import command_run

    started = time.perf_counter()
    with command_run():
        summary = backfill(
            config_path=str(config_path), database_url=db, feeds=[feed], allow_hosts=["127.0.0.1"]
        )
    return int(summary["new_entries"]) / (time.perf_counter() - started)  # type: ignore[call-overload]


def forkserver_children_cpu() -> float:
    """CPU seconds (user + system) of the processes the forkserver started and has reaped:
    the pools' workers, each counted once it has exited, however briefly it lived.
    Waits (up to 5 s) for the last exited worker to be reaped."""
    import psutil

    servers = []
    for child in psutil.Process().children():
        with suppress(psutil.Error):
            if "forkserver" in " ".join(child.cmdline()):
                servers.append(child)
    total = 0.0
    for server in servers:
        with suppress(psutil.Error):
            deadline = time.monotonic() + 5
            while server.children() and time.monotonic() < deadline:
                time.sleep(0.01)
            times = server.cpu_times()
            total += times.children_user + times.children_system
    return total


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def prefect_server(home: Path) -> Iterator[tuple[float, subprocess.Popen[bytes]]]:
    """One ``prefect server start`` on loopback with the settings ``newsmon serve`` gives
    the server it starts (``flows.server.PREFECT_DEFAULTS``; a value set in the
    environment wins, as it does there), a temporary PREFECT_HOME; yields its start-up
    time (until /api/health answers) and the process."""
    from flows.server import PREFECT_DEFAULTS

    port = _free_port()
    env = dict(
        {**PREFECT_DEFAULTS, **os.environ},
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED="false",
    )
    env.pop("PREFECT_API_URL", None)
    prefect = Path(sys.executable).parent / "prefect"
    command = [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    log = (home.parent / "prefect-server.log").open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--analytics-off", "--no-ui"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"prefect server exited {process.returncode}; see {log.name}")
            if time.perf_counter() - started > 300:
                raise RuntimeError("prefect server did not answer within 300 s")
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        startup = time.perf_counter() - started
        os.environ.update(
            PREFECT_API_URL=api,
            PREFECT_HOME=str(home),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_LOGGING_LEVEL="WARNING",
        )
        yield startup, process
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


# --- 4. a backfill in chunks, one process per chunk --------------------------------


def _chunk_pass(feed: str, db: str, config_path: str) -> int:
    from flows.passes import HistorySource, backfill_pass

    config = load_config(Path(config_path))
    return backfill_pass(config, db, HistorySource(), _options(feed), bench_steps(1)).new_entries


def _chunk_main(feed: str, db: str, config_path: str, out: Any) -> None:
    out.put(_chunk_pass(feed, db, config_path))


def chunked_backfill(base: str, db: str, config_path: Path, chunks: int) -> float:
    """The feed split into CHUNKS parts, each a backfill pass in its own process over
    one store: what CHUNKS Prefect workers would each run. One analysis worker each."""
    feeds = [f"{base}/feed.xml?chunk={k}&of={chunks}" for k in range(chunks)]
    context = multiprocessing.get_context("forkserver")
    out = context.Queue()
    started = time.perf_counter()
    processes = [
        context.Process(target=_chunk_main, args=(feed, db, str(config_path), out))
        for feed in feeds
    ]
    for process in processes:
        process.start()
    new = sum(out.get() for _ in processes)
    for process in processes:
        process.join()
    return new / (time.perf_counter() - started)


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
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--no-idle", action="store_true", help="skip the idle pass")
    parser.add_argument("--no-chunks", action="store_true", help="skip backfill across workers")
    args = parser.parse_args()
    # One forkserver for every pool in this run, with both pools' code preloaded (the
    # analysis with its libraries and models, and aiohttp + trafilatura for the bare loop),
    # so neither pays imports the other does not; children import this module as
    # __mp_main__ on top, both alike. Rounds after the first find the server started, as
    # passes in one long-lived process would; a one-off pass starts it (about 1 s of CPU,
    # while the first pages are fetched).
    from newsmon.analysis_pool import PRELOAD

    multiprocessing.get_context("forkserver").set_forkserver_preload(
        ["newsmon.analysis_pool", PRELOAD, "aiohttp", "trafilatura"]
    )
    pages = corpus_pages()
    site = _Site(pages, args.pages, args.feeds)
    workers = args.workers
    print(f"machine: {machine()}; {len(pages)} unique corpus pages, {args.pages} URLs; {load()}")
    with serve(site) as base, tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        config_path = tmp / "sources.yaml"
        config_path.write_text(bench_config(), encoding="utf-8")
        urls = [f"{base}/p/{i}.html" for i in range(args.pages)]
        feed = f"{base}/feed.xml"
        with prefect_server(tmp / "prefect") as (startup, server):
            server_rss = TreeRSS(exclude=()).sample_of(server.pid)
            print(
                f"prefect server start-up (API answering, not in any ratio): {startup:.1f} s;"
                f" server RSS {server_rss / 2**20:.0f} MiB; {load()}"
            )
            exclude = (server.pid,)
            serial = iter(range(10**6))

            def fresh_db() -> str:
                db = f"sqlite:///{tmp / f'run-{next(serial)}.db'}"
                prepare_store(db, config_path)
                return db

            timings: list[dict[str, float]] = []
            # CPU seconds of the bench process and of the Prefect server, per variant
            # and round: the flow's extra CPU, which the machine's load changes less
            # than wall time. The server's is counted until the next variant starts, so
            # it includes the events it records after a flow run returned.
            flow_cpu: dict[str, list[tuple[float, float]]] = {"plain": [], "flow": []}

            def plain(db: str) -> float:
                steps: dict[str, float] = {}
                started = time.process_time()
                rate = pipeline_without_prefect(feed, db, config_path, workers, steps)
                steps["pass"] = args.pages / rate
                steps["bench process CPU"] = time.process_time() - started
                timings.append(steps)
                return rate

            variants: dict[str, Callable[[str], float]] = {
                "bare": lambda _db: bare_loop(urls, workers),
                "plain": plain,
                "flow": lambda db: pipeline_with_prefect(feed, db, config_path),
            }
            if not args.no_chunks:
                variants["chunks1"] = lambda db: chunked_backfill(base, db, config_path, 1)
                variants["chunks2"] = lambda db: chunked_backfill(base, db, config_path, 2)
            rates: dict[str, list[float]] = {name: [] for name in variants}
            peaks: dict[str, float] = dict.fromkeys(variants, 0.0)
            floors: dict[str, float] = dict.fromkeys(variants, float("inf"))
            loads: dict[str, list[float]] = {name: [] for name in variants}
            cpu: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
            # One warm-up of the pool's imports so the first variant timed pays no extra;
            # Prefect's imports too (about 2 s of CPU), which a command has done before
            # its flow run starts.
            bare_loop(urls[: max(64, workers * 8)], workers)
            importlib.import_module("flows.backfill")
            names = list(variants)
            counting: tuple[str, float, float] | None = None  # variant, its CPU at start
            for r in range(args.rounds):
                order = names[r % len(names) :] + names[: r % len(names)]
                for name in order:
                    db = fresh_db()
                    if counting is not None and counting[0] in flow_cpu:
                        server_cpu = tree_cpu(server.pid) - counting[2]
                        flow_cpu[counting[0]][-1] = (flow_cpu[counting[0]][-1][0], server_cpu)
                    counting = (name, time.process_time(), tree_cpu(server.pid))
                    workers_cpu = forkserver_children_cpu()
                    with TreeRSS(exclude=exclude) as rss:
                        rates[name].append(variants[name](db))
                    # The memory sampler's CPU is the instrument's, not the variant's.
                    bench_cpu = time.process_time() - counting[1] - rss.cpu
                    cpu[name].append(
                        (
                            bench_cpu * 1000 / args.pages,
                            (forkserver_children_cpu() - workers_cpu) * 1000 / args.pages,
                        )
                    )
                    if name in flow_cpu:
                        flow_cpu[name].append((bench_cpu, 0.0))
                    peaks[name] = max(peaks[name], rss.mib)
                    floors[name] = min(floors[name], rss.start / 2**20)
                    loads[name].append(os.getloadavg()[0])
                    print(f"  round {r + 1} {name}: {rates[name][-1]:.1f} pages/s", flush=True)
            if counting is not None and counting[0] in flow_cpu:
                time.sleep(5)  # the last variant's events recorded
                server_cpu = tree_cpu(server.pid) - counting[2]
                flow_cpu[counting[0]][-1] = (flow_cpu[counting[0]][-1][0], server_cpu)
            idle = None
            if not args.no_idle:
                idle_db = f"sqlite:///{tmp / 'idle.db'}"
                prepare_store(idle_db, config_path)
                with TreeRSS(exclude=exclude) as idle_rss:
                    idle = idle_pass(site, base, idle_db, config_path, args.feeds)
    report(args, workers, rates, peaks, floors, loads, timings, flow_cpu)
    report_cpu(cpu, flow_cpu, args.pages)
    if idle is not None:
        print(
            f"idle pass over {args.feeds} feeds answering 304: {idle['seconds']:.2f} s past"
            f" start-up, {idle['requests']:.0f} requests, {idle['pages']:.0f} article pages"
            f" fetched, {idle['inserted']:.0f} rows inserted, {idle['updated']:.0f} feed rows"
            f" updated; peak tree RSS {idle_rss.mib:.0f} MiB; {load()}"
        )


def report_cpu(
    cpu: dict[str, list[tuple[float, float]]],
    flow_cpu: dict[str, list[tuple[float, float]]],
    pages: int,
) -> None:
    """CPU ms per page by process, median of rounds; the chunked variants' workers are not
    the forkserver's alone (each chunk process starts its own pool), so they are left out.

    The flow's target in CPU too: Prefect's cost per round is the flow's extra CPU in the
    bench process and in the Prefect server over the same steps' (the pool's workers do
    the same work in both, and their CPU, the noisiest part, is left out of the
    difference), as a share of the plain pass's whole CPU; the ratio is what the wall
    ratio would be on cores kept busy. Load moves it too (the bench process's CPU by
    about a second a pass at load 15), but not with the other variants' wall time.
    """
    totals = {name: [sum(pair) for pair in cpu[name]] for name in ("bare", "plain", "flow")}
    shares = [
        ((flow[0] - plain[0]) + (flow[1] - plain[1])) / (total * pages / 1000)
        for plain, flow, total in zip(
            flow_cpu["plain"], flow_cpu["flow"], totals["plain"], strict=True
        )
    ]
    print("CPU ms per page, bench process + pool workers = total (median of rounds):")
    for name, label in (("bare", "bare loop"), ("plain", "pipeline"), ("flow", "Prefect flow")):
        bench, workers = (statistics.median(part) for part in zip(*cpu[name], strict=True))
        print(f"  {label}: {bench:.1f} + {workers:.1f} = {statistics.median(totals[name]):.1f}")
    print(
        "  CPU ratio bare loop / pipeline (the wall ratio on cores kept busy, load aside):"
        f" {median_spread(_ratios(totals['bare'], totals['plain']))}"
    )
    ratios = [1 / (1 + share) for share in shares]
    print(
        f"  Prefect's cost: the flow's extra CPU (bench process + Prefect server) as a share"
        f" of the plain pass's CPU {median_spread([100 * share for share in shares])} %,"
        f" CPU ratio pipeline as the flow / without Prefect {median_spread(ratios)}"
        f" (target >= 0.95: {'met' if statistics.median(ratios) >= 0.95 else 'missed'})"
    )


def tree_cpu(pid: int) -> float:
    """User + system CPU seconds of process PID and its live descendants."""
    import psutil

    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:  # ended in between
            continue
        total += times.user + times.system
    return total


def _ratios(top: list[float], bottom: list[float]) -> list[float]:
    """Per-round ratios: each pair ran minutes apart at most, under the same load."""
    return [a / b for a, b in zip(top, bottom, strict=True)]


def report(
    args: argparse.Namespace,
    workers: int,
    rates: dict[str, list[float]],
    peaks: dict[str, float],
    floors: dict[str, float],
    loads: dict[str, list[float]],
    timings: list[dict[str, float]],
    cpu_seconds: dict[str, list[tuple[float, float]]],
) -> None:
    def tail(name: str) -> str:
        return (
            f"peak tree RSS {peaks[name]:.0f} MiB ({floors[name]:.0f} MiB before it started:"
            " bench process, corpus, page server, forkserver);"
            f" load (1 min) {statistics.median(loads[name]):.1f}"
            f" ({min(loads[name]):.1f}–{max(loads[name]):.1f})"
        )

    print(f"\nmedian of {args.rounds} rounds (min, max), {args.pages} pages each:")
    print(
        f"bare loop (aiohttp + trafilatura.extract) on the pool, {workers} workers,"
        " a page at a time:"
        f" {median_spread(rates['bare'])} pages/s; {tail('bare')}"
    )
    plain_ratio = statistics.median(_ratios(rates["plain"], rates["bare"]))
    print(
        f"pipeline without Prefect (backfill_pass, plain steps, SQLite, same pool):"
        f" {median_spread(rates['plain'])} pages/s; {tail('plain')}"
    )
    print(
        f"  ratio to the fair bare loop: {median_spread(_ratios(rates['plain'], rates['bare']))}"
        f" (target >= 0.70: {'met' if plain_ratio >= 0.7 else 'missed'})"
    )
    if timings:
        per_page = {
            name: statistics.median(t.get(name, 0.0) for t in timings) * 1000 / args.pages
            for name in STEPS
        }
        whole, cpu = (
            statistics.median(t[name] for t in timings) * 1000 / args.pages
            for name in ("pass", "bench process CPU")
        )
        parts = ", ".join(
            f"{name} {ms:.1f} ({ms / whole:.0%})" for name, ms in per_page.items() if ms >= 0.05
        )
        print(
            f"  wall ms per page by step (median of rounds), as a share of the pass's"
            f" {whole:.1f} ms (fetch and store run beside the analysis, so the shares can"
            f" add up to more than 100%): {parts}"
        )
        print(
            f"  CPU of the bench process (the pass's main process: fetch, store, supervisor;"
            f" and the page server): {cpu:.1f} ms per page"
        )
    flow_ratio = statistics.median(_ratios(rates["flow"], rates["plain"]))
    print(
        f"pipeline as the Prefect backfill flow, API already up:"
        f" {median_spread(rates['flow'])} pages/s; {tail('flow')}"
    )
    print(
        f"  ratio to the same steps without Prefect:"
        f" {median_spread(_ratios(rates['flow'], rates['plain']))}"
        f" (target >= 0.95: {'met' if flow_ratio >= 0.95 else 'missed'});"
        f" ratio to the fair bare loop: {median_spread(_ratios(rates['flow'], rates['bare']))}"
    )
    extra = [
        (flow[0] - plain[0], flow[1] - plain[1])
        for plain, flow in zip(cpu_seconds["plain"], cpu_seconds["flow"], strict=True)
    ]
    idle_server = statistics.median(c[1] for c in cpu_seconds["plain"])
    print(
        "  the flow's extra CPU over the same steps without Prefect, per pass (median of"
        f" rounds): bench process {statistics.median(e[0] for e in extra):+.2f} s,"
        f" Prefect server {statistics.median(e[1] for e in extra):+.2f} s"
        f" (server without a flow run: {idle_server:.2f} s"
        " per plain pass)"
    )
    if "chunks1" in rates:
        print(
            f"backfill in chunks, one process per chunk, 1 chunk:"
            f" {median_spread(rates['chunks1'])} pages/s; {tail('chunks1')}"
        )
        print(
            f"backfill in chunks, one process per chunk, 2 chunks:"
            f" {median_spread(rates['chunks2'])} pages/s; {tail('chunks2')}"
        )
        print(
            "  speedup 1 -> 2 workers:"
            f" {median_spread(_ratios(rates['chunks2'], rates['chunks1']))}"
        )


if __name__ == "__main__":
    main()
