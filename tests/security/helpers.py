"""What the security tests share: hostile pages and feeds, and the CLI they run against."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from cli.main import app
from tests.conftest import REPO, LoopbackSite, write_config

runner = CliRunner()

ARTICLE = (
    "<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
    "<p>Diplomats gathered again on Monday for the peace talks between Russia and Ukraine, "
    "with a ceasefire and a prisoner exchange at the top of the agenda in Istanbul.</p>"
    '<p>"{quote}," Chinese Foreign Ministry spokesperson Lin Jian told a regular press '
    "briefing in Beijing on Monday.</p><p>Delegations are expected to meet again next week to "
    "discuss the details of a ceasefire memorandum and humanitarian corridors.</p>"
    "</article></body></html>"
)


def article(title: str, quote: str, head: str = "") -> str:
    return ARTICLE.format(title=title, quote=quote, head=head)


def rss(*items: tuple[str, str]) -> str:
    """An RSS document; each item is (title markup, link markup), inserted as given."""
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>g{i}</guid></item>"
        for i, (title, link) in enumerate(items)
    )
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>'
    return f"{head}{body}</channel></rss>"


def json_feed(*items: dict[str, Any]) -> str:
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "j", "items": list(items)}
    )


def config(tmp_path: Path, **sections: Any) -> Path:
    fetch = {
        "politeness_delay_seconds": 0,
        "total_timeout_seconds": 20,
        "connect_timeout_seconds": 5,
        **sections.pop("fetch", {}),
    }
    return write_config(tmp_path, fetch=fetch, alerts={"retry_backoff_seconds": 0}, **sections)


def cli(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


def run_pass(cfg: Path, db: str, *feeds: str, extra: tuple[str, ...] = ()) -> Any:
    args = ["run", "--config", str(cfg), "--db", db, "--allow-host", "127.0.0.1", *extra]
    for feed in feeds:
        args += ["--feed", feed]
    return cli(*args)


def export(kind: str, db: str) -> list[dict[str, Any]]:
    result = cli("export", kind, "--db", db, "--config", str(REPO / "sources.yaml"))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def serve_feed(site: LoopbackSite, path: str, body: str, json_type: bool = False) -> str:
    kind = "application/feed+json" if json_type else "application/rss+xml"
    return site.add(path, body, content_type=kind)


@contextmanager
def loopback_server(address: str, port: int = 0) -> Iterator[LoopbackSite]:
    """A LoopbackSite on another loopback address (127.0.0.2, …), for a second host."""
    from http.server import ThreadingHTTPServer

    from tests.conftest import _make_handler

    site = LoopbackSite()
    server = ThreadingHTTPServer((address, port), _make_handler(site))
    site.base_url = f"http://{address}:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def web_app(db: str, base_url: str | None = None) -> Iterator[str]:
    """The real web app over ``db`` on a loopback port; yields its address."""
    import uvicorn

    from web.app import create_app, server_config

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(server_config(create_app(db, (), base_url), "127.0.0.1", port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    if not wait_until(lambda: server.started, 60):
        raise RuntimeError("the web app did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def wait_until(predicate: Callable[[], bool], seconds: float) -> bool:
    """Poll ``predicate`` until it holds; False if it did not within ``seconds``."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def store_raw(db: str, url: str, title: str, text: str, site: str | None = None) -> int:
    """Store an article as an older newsmon (before the boundary cleaned it) would have."""
    from newsmon.analyse import analyse
    from newsmon.config import load_config
    from newsmon.models import Article
    from newsmon.topics import Taxonomy
    from storage.store import Store

    cfg = load_config(REPO / "sources.yaml")
    analysed = analyse(
        Article(url=url, canonical_url=url, title=title, text=text, source="test", site=site),
        Taxonomy(cfg.topics),
        cfg.speakers,
    )
    analysed.article.text = text  # keep whatever analyse would have cleaned
    outcome = Store(db).store_article(analysed, routes=cfg.routes)
    assert outcome.item_id is not None, outcome
    return outcome.item_id


# Runs a command and samples the resident memory of its whole process tree (the CLI,
# its analysis workers, their forkserver) every 50 ms; reports the peak of the sum.
# Pages shared between processes count once per process: an upper bound.
_MEASURE_TREE = r"""
import os, subprocess, sys, time
PAGE = os.sysconf("SC_PAGE_SIZE")
def tree_rss(root):
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
        stack += children.get(pid, [])
    return total
child = subprocess.Popen(sys.argv[1:])
peak = 0
while child.poll() is None:
    peak = max(peak, tree_rss(child.pid))
    time.sleep(0.05)
sys.stderr.write("\npeak-tree-rss-kib=%d\n" % (peak // 1024))
sys.exit(child.returncode)
"""


def run_measured(
    *args: str, cwd: Path, timeout: float = 900
) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """Run a command; returns its result, the seconds it took and its tree's peak RSS."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE_TREE, *args],
        cwd=cwd,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    seconds = time.monotonic() - started
    stderr, _, peak = result.stderr.rpartition("\npeak-tree-rss-kib=")
    completed = subprocess.CompletedProcess(result.args, result.returncode, result.stdout, stderr)
    return completed, seconds, int(peak.strip() or 0) * 1024
