"""The fault campaign: the real CLI against feeds, pages and targets that misbehave.

Each case checks that the run ends in bounded time and memory, keeps the good
items (once), reads nothing from hosts that are not allowed, delivers every due
alert exactly once and loses nothing in the store.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsmon.errors import ExitCode
from tests.conftest import (
    REPO,
    LoopbackSite,
    RequestRecord,
    Response,
    webhook_payloads,
    write_config,
)
from tests.security.helpers import run_measured
from tests.test_readme_commands import NEWSMON

pytestmark = pytest.mark.slow  # starts the real CLI or servers in subprocesses

GIB = 1024**3
ARTICLE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>Diplomats gathered again on {day} for the peace talks between Russia and Ukraine, "
    "with a ceasefire and a prisoner exchange at the top of the agenda in Istanbul.</p>"
    '<p>"{quote}," Chinese Foreign Ministry spokesperson Lin Jian told a regular press '
    "briefing in Beijing on {day}.</p><p>Delegations are expected to meet again next week to "
    "discuss the details of a ceasefire memorandum and humanitarian corridors.</p>"
    "</article></body></html>"
)
GOOD = {
    "/good/1.html": (
        "Talks resume",
        "Monday",
        "China backs a ceasefire monitored by neutral states",
    ),
    "/good/2.html": ("Prisoner swap", "Tuesday", "The prisoner exchange shows that dialogue works"),
}


def _rss(*links: str) -> str:
    items = "".join(
        f"<item><title>t{i}</title><link>{u}</link></item>" for i, u in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>{items}</channel></rss>'
    )


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(
        tmp_path,
        alerts={"retry_backoff_seconds": 0},
        fetch={
            "total_timeout_seconds": 5,
            "read_timeout_seconds": 3,
            "politeness_delay_seconds": 0,
        },
    )


@pytest.fixture
def other_host() -> Iterator[LoopbackSite]:
    """A second server on 127.0.0.2: a host the monitor is not allowed to read."""
    from http.server import ThreadingHTTPServer

    from tests.conftest import _make_handler

    site = LoopbackSite()
    server = ThreadingHTTPServer(("127.0.0.2", 0), _make_handler(site))
    site.base_url = f"http://127.0.0.2:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site
    server.shutdown()
    server.server_close()


def _cli(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """Run the CLI; returns the result, seconds taken and its process tree's peak RSS."""
    return run_measured(str(NEWSMON), *args, cwd=cwd, timeout=600)


def _items(db: str, cwd: Path) -> list[dict[str, Any]]:
    result, _, _ = _cli(
        "export", "items", "--db", db, "--config", str(REPO / "sources.yaml"), cwd=cwd
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_pass_over_misbehaving_feeds_keeps_the_good_items_in_bounded_time_and_memory(
    site: LoopbackSite, other_host: LoopbackSite, config: Path, tmp_path: Path
) -> None:
    release = threading.Event()

    def hang(record: RequestRecord) -> Response:
        release.wait(30)
        return 200, {}, b""

    for path, (title, day, quote) in GOOD.items():
        site.add(path, ARTICLE.format(title=title, day=day, quote=quote))
    secret = other_host.add("/secret.html", ARTICLE.format(title="x", day="y", quote="z" * 30))
    bomb = gzip.compress(b"\0" * (512 * 1024 * 1024), compresslevel=9)
    feeds = {
        "good": site.add(
            "/good.xml",
            _rss(*(site.url(p) for p in GOOD), secret),
            content_type="application/rss+xml",
        ),
        "hang": site.add_handler("/hang.xml", hang),
        "500": site.add("/500.xml", "boom", status=500),
        "huge": site.add(
            "/huge.xml", b"<rss>" + b" " * (80 * 1024 * 1024), content_type="application/rss+xml"
        ),
        "bomb": site.add(
            "/bomb.xml",
            bomb,
            content_type="application/rss+xml",
            headers={"Content-Encoding": "gzip"},
        ),
        "loop": site.add("/loop.xml", "", status=302, headers={"Location": "/loop.xml"}),
        "malformed": site.add(
            "/bad.xml", "<rss><channel><item><title>unclosed", content_type="application/rss+xml"
        ),
    }
    db = f"sqlite:///{tmp_path / 'faults.db'}"
    args = ["run", "--config", str(config), "--db", db, "--allow-host", "127.0.0.1"]
    for url in feeds.values():
        args += ["--feed", url]
    result, seconds, peak = _cli(*args, cwd=tmp_path)
    release.set()

    assert result.returncode == 0, result.stderr[-3000:]
    assert seconds < 90, f"the pass took {seconds:.0f} s"
    assert peak < GIB, f"peak memory {peak / 2**20:.0f} MiB"
    for name in ("hang", "500", "huge", "bomb", "loop"):
        assert f"feed failed: {feeds[name]}" in result.stdout, name
    assert other_host.requests == [], "a page was read from a host that is not allowed"
    urls = [i["url"] for i in _items(db, tmp_path)]
    for path in GOOD:
        assert urls.count(site.url(path)) == 1
    secret_item = next(i for i in _items(db, tmp_path) if i["url"] == secret)
    assert secret_item["fetch_note"].startswith("page fetch failed: refused")


def test_a_run_killed_half_way_then_rerun_stores_and_alerts_once(
    site: LoopbackSite, webhook: Callable[..., str], config: Path, tmp_path: Path
) -> None:
    reached = threading.Event()
    blocked = threading.Event()

    def slow_page(record: RequestRecord) -> Response:
        reached.set()
        blocked.wait(60)
        title, day, quote = GOOD["/good/2.html"]
        return (
            200,
            {"Content-Type": "text/html"},
            ARTICLE.format(title=title, day=day, quote=quote).encode(),
        )

    title, day, quote = GOOD["/good/1.html"]
    site.add("/good/1.html", ARTICLE.format(title=title, day=day, quote=quote))
    site.add_handler("/good/2.html", slow_page)
    feed = site.add(
        "/feed.xml",
        _rss(site.url("/good/1.html"), site.url("/good/2.html")),
        content_type="application/rss+xml",
    )
    hook = webhook("/hook")
    db = f"sqlite:///{tmp_path / 'killed.db'}"
    args = [
        "run",
        "--config",
        str(config),
        "--db",
        db,
        "--feed",
        feed,
        "--allow-host",
        "127.0.0.1",
        "--notify",
        hook,
    ]
    env = dict(os.environ)
    victim = subprocess.Popen(
        [str(NEWSMON), *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert reached.wait(120), "the run never reached the slow page"
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    blocked.set()

    result, _, _ = _cli(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    urls = [i["url"] for i in _items(db, tmp_path)]
    assert sorted(u for u in urls if u.startswith("http")) == [
        site.url("/good/1.html"),
        site.url("/good/2.html"),
    ]
    # A message may carry several statements (one per speaker and story): count quotes.
    quotes = [
        line
        for p in webhook_payloads(site, "/hook")
        for line in p["message"].split("\n")
        if line.startswith("> ")
    ]
    for _, _, quote in GOOD.values():
        assert quotes.count(f"> {quote}") == 1, quotes


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("feeds:\n  - url: https://a.example/rss\n    name: [oops\n", ":3: YAML syntax error"),
        (
            "feeds:\n  - url: https://a.example/rss\n    colour: red\n",
            ":3: feeds.0.colour: unknown key",
        ),
        ("feeds:\n  - url: not-a-url\n", ":2: feeds.0.url: Value error, feed url must start with"),
        (
            "routes:\n  - name: r\n    targets: ['${NEWSMON_FAULT_UNSET}']\n",
            ":3: environment variable NEWSMON_FAULT_UNSET is not set",
        ),
    ],
)
def test_config_errors_name_the_file_and_line_without_a_traceback(
    content: str, expected: str, tmp_path: Path
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    result, _, _ = _cli("run", "--config", str(path), cwd=tmp_path)
    assert result.returncode == ExitCode.CONFIG_ERROR
    assert f"newsmon: error: {path}{expected}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
