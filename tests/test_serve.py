"""`newsmon serve` on the user's path: started alone, its own scheduler fires the cron.

No Prefect server is started by the test and no run is created by it: serve must start
its own server, the scheduler must create the runs, and serve must execute them.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from flows.server import api_is_healthy, free_port
from tests.conftest import (
    LoopbackSite,
    RequestRecord,
    Response,
    ok_json,
    wait_until,
    write_config,
)
from tests.test_monitor_cli import OFFICIAL_PAGE, OTHER_PAGE, _feed
from tests.test_readme_commands import NEWSMON

pytestmark = pytest.mark.slow  # a real Prefect server and at least two cron minutes

TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


class ServeProcess:
    def __init__(self, process: subprocess.Popen[bytes], api: str, log: Path) -> None:
        self.process, self.api, self.log = process, api, log

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def alive(self) -> None:
        assert self.process.poll() is None, f"serve exited early:\n{self.output()}"


@pytest.fixture
def blocking_feed(site: LoopbackSite) -> tuple[str, threading.Event]:
    """A feed whose first fetch hangs until the test releases it, so the first scheduled
    run is still going when the next cron tick comes."""
    release = threading.Event()
    body = _feed(site, "/news/official.html", "/news/copy.html").encode()
    site.add("/news/official.html", OFFICIAL_PAGE)
    site.add("/news/copy.html", OTHER_PAGE)

    def handle(record: RequestRecord) -> Response:
        release.wait(300)  # bounded: a failed test must not hang the server thread forever
        return 200, {"Content-Type": "application/rss+xml"}, body

    return site.add_handler("/feed.xml", handle), release


@pytest.fixture
def served(tmp_path: Path, blocking_feed: tuple[str, threading.Event]) -> Iterator[ServeProcess]:
    feed_url, release = blocking_feed
    config = write_config(
        tmp_path,
        feeds=[{"name": "loopback", "url": feed_url}],
        fetch={"allow_hosts": ["127.0.0.1"], "read_timeout_seconds": 400},
        schedule={"cron": "* * * * *", "timezone": "Europe/Berlin", "digest_cron": "0 7 * * *"},
        routes=[],
    )
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["NEWSMON_STATE_DIR"] = str(tmp_path / "state")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        command = [str(NEWSMON), "serve", "--config", str(config), "--db", _db(tmp_path)]
        process = subprocess.Popen(
            [*command, "--prefect-port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    serving = ServeProcess(process, f"http://127.0.0.1:{port}/api", log)
    try:
        yield serving
    finally:
        release.set()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(90)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(30)


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'served.db'}"


def _monitor_runs(client: httpx.Client, deployment_id: str) -> list[dict[str, Any]]:
    body = {
        "flow_runs": {"deployment_id": {"any_": [deployment_id]}},
        "sort": "EXPECTED_START_TIME_ASC",
    }
    runs: list[dict[str, Any]] = ok_json(client.post("/flow_runs/filter", json=body))
    return runs


def _server_processes(port: int) -> list[str]:
    """Command lines of processes still serving a Prefect API on PORT."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"server" in argv and str(port).encode() in argv:
            found.append(b" ".join(argv).decode(errors="replace"))
    return found


@pytest.mark.timeout(900)
def test_serve_alone_fires_the_cron_skips_an_overlap_and_stops_on_sigterm(
    served: ServeProcess,
    site: LoopbackSite,
    blocking_feed: tuple[str, threading.Event],
    tmp_path: Path,
) -> None:
    feed_url, release = blocking_feed
    started = time.monotonic()
    client = httpx.Client(base_url=served.api, timeout=30)

    def monitor_deployment() -> dict[str, Any] | None:
        served.alive()
        if not api_is_healthy(served.api):
            return None
        found = ok_json(client.post("/deployments/filter", json={}))
        return next((d for d in found if d["name"] == "monitor"), None)

    deployment = wait_until(monitor_deployment, 240, "serve to start Prefect and the deployment")
    [schedule] = deployment["schedules"]
    assert schedule["schedule"]["cron"] == "* * * * *"
    assert schedule["schedule"]["timezone"] == "Europe/Berlin"
    assert deployment["concurrency_limit"] == 1 or deployment.get("global_concurrency_limit")

    def first_run_fetching() -> dict[str, Any] | None:
        served.alive()
        runs = _monitor_runs(client, deployment["id"])
        running = [r for r in runs if r["state_type"] == "RUNNING"]
        return running[0] if running and len(feed_hits()) == 1 else None

    def feed_hits() -> list[RequestRecord]:
        return site.hits("/feed.xml")

    first = wait_until(first_run_fetching, 240, "a scheduled monitor run to start fetching")

    def overlap_refused() -> dict[str, Any] | None:
        served.alive()
        later = [r for r in _monitor_runs(client, deployment["id"]) if r["id"] != first["id"]]
        return next((r for r in later if r["state_type"] == "CANCELLED"), None)

    skipped = wait_until(overlap_refused, 240, "the next tick to be refused while the first runs")
    assert len(feed_hits()) == 1, "the overlapping run fetched the feed: it ran twice"
    release.set()

    def first_finished() -> dict[str, Any] | None:
        served.alive()
        state = ok_json(client.get(f"/flow_runs/{first['id']}"))["state"]
        return state if state["type"] in TERMINAL else None

    state = wait_until(first_finished, 240, "the first run to finish")
    assert state["type"] == "COMPLETED", state
    elapsed = time.monotonic() - started
    with sqlite3.connect(tmp_path / "served.db") as db:
        [(stored,)] = db.execute("SELECT count(*) FROM item WHERE source = ?", (feed_url,))
    assert stored == 2, served.output()
    print(
        f"first scheduled run done {elapsed:.0f} s after serve started; {skipped['name']} skipped"
    )

    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(90) == 0, served.output()
    port = int(served.api.rsplit(":", 1)[1].split("/")[0])
    assert not api_is_healthy(served.api, timeout=2)
    assert not _server_processes(port), "serve left its Prefect server running"
