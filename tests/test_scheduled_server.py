"""`newsmon serve` against a real `prefect server start` on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import write_config
from tests.test_readme_commands import NEWSMON

pytestmark = pytest.mark.slow  # starts the real CLI or servers in subprocesses

PREFECT = Path(shutil.which("prefect") or NEWSMON.parent / "prefect")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _until(check: Any, timeout: float, what: str) -> Any:
    """Poll CHECK until it returns something truthy: waiting for an event, not for time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _until(lambda: httpx.get(f"{api}/health").json() is True, 120, "the Prefect server")
        yield api, env
    finally:
        server.terminate()
        server.wait(30)


def test_serve_registers_cron_schedules_and_runs_the_monitor(
    prefect_server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    api, env = prefect_server
    config = write_config(
        tmp_path,
        feeds=[],
        schedule={"cron": "*/5 * * * *", "timezone": "Europe/Berlin", "digest_cron": "0 7 * * *"},
    )
    db = f"sqlite:///{tmp_path / 'served.db'}"
    served = subprocess.Popen(
        [str(NEWSMON), "serve", "--config", str(config), "--db", db],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = httpx.Client(base_url=api, timeout=10)

        def monitor_deployment() -> dict[str, Any] | None:
            found = client.post("/deployments/filter", json={}).json()
            return next((d for d in found if d["name"] == "monitor"), None)

        deployment = _until(monitor_deployment, 120, "the monitor deployment")
        [schedule] = deployment["schedules"]
        assert schedule["schedule"]["cron"] == "*/5 * * * *"
        assert schedule["schedule"]["timezone"] == "Europe/Berlin"
        assert deployment["concurrency_limit"] == 1 or deployment.get("global_concurrency_limit")

        run = client.post(f"/deployments/{deployment['id']}/create_flow_run", json={}).json()

        def finished() -> dict[str, Any] | None:
            state = client.get(f"/flow_runs/{run['id']}").json()["state"]
            return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED") else None

        state = _until(finished, 240, "the monitor run to finish")
        assert state["type"] == "COMPLETED", state
    finally:
        served.terminate()
        served.wait(30)
    assert (tmp_path / "served.db").exists(), "the run did not open the store"
