"""The scale-out path, run for real: a Prefect server on PostgreSQL, a process work pool,
``deploy/prefect.yaml`` deployed to it, two ``prefect worker start`` on this machine and
the store on PostgreSQL. Scheduled and manual monitor runs and a chunked backfill are
picked up by both workers, and nothing is stored or alerted twice.

The commands are the README's and ``deploy/compose.yaml``'s (checked below), except
that the monitor's cron is every minute instead of every half hour.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from flows.server import api_is_healthy, free_port
from tests.conftest import (
    REPO,
    LoopbackSite,
    RequestRecord,
    Response,
    ok_json,
    throwaway_postgres,
    wait_until,
    webhook_payloads,
    write_config,
)
from tests.test_monitor_cli import OFFICIAL_PAGE, _feed
from tests.test_readme_commands import NEWSMON

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

PREFECT = str(NEWSMON.with_name("prefect"))
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}

# The commands of the README's scale-out section and of deploy/compose.yaml.
WORK_POOL = "prefect work-pool create newsmon --type process --overwrite"
DEPLOY = "prefect --no-prompt deploy --all --prefect-file deploy/prefect.yaml"
WORKER = "prefect worker start --pool newsmon --type process --limit 1"


class Processes:
    """Long-running processes of one test, each in its own process group, all stopped."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        with (self.directory / f"{name}.log").open("wb") as log:
            self.running[name] = subprocess.Popen(
                argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def log(self, name: str) -> str:
        return (self.directory / f"{name}.log").read_text(errors="replace")[-3000:]

    def alive(self) -> None:
        for name, process in self.running.items():
            assert process.poll() is None, f"{name} exited:\n{self.log(name)}"

    def stop_all(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running.values():
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:  # a worker may wait on its runs: end it
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(30)


@pytest.fixture
def prefect_database() -> Iterator[str]:
    """A throwaway PostgreSQL database for the Prefect server (its asyncpg URL)."""
    with throwaway_postgres("newsmon_prefect") as url:
        yield "postgresql+asyncpg://" + url.split("://", 1)[1]


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    running = Processes(tmp_path)
    try:
        yield running
    finally:
        running.stop_all()


# Five statements that share no words to speak of, so each is new and each is alerted.
QUOTES = [
    "Beijing will send its special envoy to Istanbul next week to meet both delegations,",
    "The prisoner exchange agreed on Friday is a first step that deserves every support,",
    "Sanctions imposed without a mandate from the Security Council only prolong suffering,",
    "Grain shipments through the Black Sea corridor must resume before the winter comes,",
    "Our trade with both countries follows normal commercial rules and targets no one,",
]


def _pages(site: LoopbackSite, release: threading.Event) -> list[str]:
    """Five distinct articles; the first one hangs until RELEASE, so that a backfill chunk
    that asks for it is still running when the second chunk starts."""
    paths = [f"/news/{n}.html" for n in range(5)]
    quote = (
        "China supports every effort that helps the parties reach a ceasefire and a durable "
        "peace agreement through negotiation,"
    )
    assert quote in OFFICIAL_PAGE.replace("\n", " ")
    for n, path in enumerate(paths):
        page = OFFICIAL_PAGE.replace("\n", " ").replace(quote, QUOTES[n])
        if n == 2:

            def hang(record: RequestRecord, page: str = page) -> Response:
                release.wait(300)
                return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()

            site.add_handler(path, hang)
        else:
            site.add(path, page)
    return paths


def _runs(client: httpx.Client, **flow_runs: Any) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = ok_json(
        client.post("/flow_runs/filter", json={"flow_runs": flow_runs})
    )
    return runs


def _deployment_run(env: dict[str, str], name: str, **parameters: Any) -> str:
    argv = [PREFECT, "deployment", "run", name]
    if parameters:
        argv += ["--params", json.dumps(parameters)]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    match = re.search(r"UUID: ([0-9a-f-]{36})", done.stdout)
    assert match, done.stdout
    return match.group(1)


@pytest.mark.timeout(1200)
def test_two_workers_share_scheduled_manual_and_backfill_runs_without_doing_anything_twice(
    tmp_path: Path,
    site: LoopbackSite,
    webhook: Callable[..., str],
    postgres_url: str,
    prefect_database: str,
    processes: Processes,
) -> None:
    release = threading.Event()
    paths = _pages(site, release)
    feed = site.add("/feed.xml", _feed(site, *paths[:2]), content_type="application/rss+xml")
    target = webhook()
    config = write_config(
        tmp_path,
        feeds=[{"name": "loopback", "url": feed}],
        fetch={"allow_hosts": ["127.0.0.1"], "read_timeout_seconds": 400},
        routes=[{"name": "desk", "official_only": False, "targets": [target]}],
    )
    chunks = [tmp_path / "chunk1.txt", tmp_path / "chunk2.txt"]
    # the chunks overlap on one page, which both may store at the same moment
    chunks[0].write_text(f"{site.url(paths[2])}\n{site.url(paths[3])}\n")
    chunks[1].write_text(f"{site.url(paths[3])}\n{site.url(paths[4])}\n")

    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSMON_"))}
    env = {
        **base_env,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    server_env = {
        **env,
        "PREFECT_API_DATABASE_CONNECTION_URL": prefect_database,
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "10",
    }
    server_argv = [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    processes.start("server", server_argv, server_env, tmp_path)
    wait_until(lambda: processes.alive() or api_is_healthy(api), 240, "the Prefect server")

    def run(command: str, cwd: Path = tmp_path, **extra: str) -> None:
        argv = [PREFECT, *shlex.split(command)[1:]]
        done = subprocess.run(
            argv, env={**env, **extra}, cwd=cwd, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"

    run(WORK_POOL)
    every_minute = tmp_path / "prefect.yaml"
    original = (REPO / "deploy" / "prefect.yaml").read_text(encoding="utf-8")
    every_minute.write_text(original.replace('cron: "*/30 * * * *"', 'cron: "* * * * *"'))
    assert every_minute.read_text() != original, "the monitor cron in deploy/prefect.yaml moved"
    run(DEPLOY.replace("deploy/prefect.yaml", str(every_minute)), cwd=REPO, NEWSMON_HOME=str(REPO))

    worker_env = {**env, "NEWSMON_CONFIG": str(config), "NEWSMON_DATABASE_URL": postgres_url}
    for name in ("w1", "w2"):
        argv = [PREFECT, *shlex.split(WORKER)[1:], "--name", name]
        processes.start(name, argv, worker_env, tmp_path)

    client = httpx.Client(base_url=api, timeout=30)
    deployments = {d["name"]: d for d in ok_json(client.post("/deployments/filter", json={}))}
    assert set(deployments) == {"monitor", "digest", "backfill"}
    manual = _deployment_run(env, "monitor/monitor")
    backfills = [_deployment_run(env, "backfill/backfill", urls_file=str(c)) for c in chunks]

    def both_chunks_running() -> set[str] | None:
        processes.alive()
        running = _runs(client, id={"any_": backfills}, state={"type": {"any_": ["RUNNING"]}})
        return {r["labels"]["prefect.worker.name"] for r in running} if len(running) == 2 else None

    workers = wait_until(both_chunks_running, 300, "both backfill chunks to run at once")
    assert workers == {"w1", "w2"}, "two chunks ran at once on one worker despite --limit 1"
    release.set()

    def finished(run_id: str) -> Callable[[], dict[str, Any] | None]:
        def check() -> dict[str, Any] | None:
            processes.alive()
            found = ok_json(client.get(f"/flow_runs/{run_id}"))
            return found if found["state_type"] in TERMINAL else None

        return check

    for run_id in backfills:
        state = wait_until(finished(run_id), 300, "a backfill chunk to finish")
        assert state["state_type"] == "COMPLETED", state["state"]
    # a manual run that met a scheduled one is cancelled (one monitor at a time): retry it
    for _ in range(3):
        done = wait_until(finished(manual), 300, "the manual monitor run to finish")
        if done["state_type"] != "CANCELLED":
            break
        manual = _deployment_run(env, "monitor/monitor")
    assert done["state_type"] == "COMPLETED", done["state"]

    def scheduled_completed() -> list[dict[str, Any]] | None:
        processes.alive()
        runs = _runs(
            client,
            deployment_id={"any_": [deployments["monitor"]["id"]]},
            state={"type": {"any_": ["COMPLETED"]}},
        )
        return [r for r in runs if r["auto_scheduled"]] or None

    scheduled = wait_until(scheduled_completed, 300, "a scheduled monitor run to complete")
    ran_by = {
        r["name"]: r["labels"].get("prefect.worker.name")
        for r in _runs(client, state={"type": {"any_": ["COMPLETED"]}})
    }
    print(f"runs by worker: {ran_by}; scheduled monitor runs completed: {len(scheduled)}")

    _assert_nothing_twice(postgres_url, site, paths)
    payloads = [json.dumps(p, sort_keys=True) for p in webhook_payloads(site)]
    assert payloads, "the monitor runs sent no alert"
    assert len(payloads) == len(set(payloads)), "an alert was delivered twice"


def _assert_nothing_twice(database_url: str, site: LoopbackSite, paths: list[str]) -> None:
    import sqlalchemy

    from storage.db import normalise_database_url

    engine = sqlalchemy.create_engine(normalise_database_url(database_url))
    with engine.connect() as connection:
        urls = [
            row[0]
            for row in connection.exec_driver_sql("SELECT canonical_url FROM item")
            if row[0].startswith(site.base_url)
        ]
        twice_alerted = connection.exec_driver_sql(
            "SELECT statement_id, route FROM alert GROUP BY statement_id, route HAVING count(*) > 1"
        ).all()
        statuses = dict(
            connection.exec_driver_sql("SELECT status, count(*) FROM alert GROUP BY status").all()
        )
    engine.dispose()
    assert sorted(urls) == sorted(site.url(p) for p in paths), "an article stored twice or not"
    assert not twice_alerted, f"statements alerted twice on one route: {twice_alerted}"
    assert statuses.get("suppressed"), f"backfill alerts were not suppressed: {statuses}"


def test_the_compose_file_and_the_readme_run_the_same_commands() -> None:
    compose = yaml.safe_load((REPO / "deploy" / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["worker"]["command"].strip() == WORKER
    deployer = services["deployer"]["command"]
    assert WORK_POOL in deployer and DEPLOY in deployer
    assert services["worker"]["environment"]["NEWSMON_CONFIG"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in (WORK_POOL, DEPLOY, WORKER):
        assert command in readme, command
