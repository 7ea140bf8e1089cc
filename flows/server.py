"""A long-lived Prefect API for ``newsmon serve``: the user's, or one that serve manages.

Prefect's temporary (ephemeral) API runs without Prefect's background services, the
scheduler among them, so deployments served against it never get a scheduled run.
``newsmon serve`` therefore talks to a real ``prefect server start``: the one named by
``PREFECT_API_URL`` when it is set, otherwise one it starts itself, keeps on loopback,
and stops when it stops. That server's state (its SQLite database, its settings) lives
in ``PREFECT_HOME`` under newsmon's state directory, never silently in ``~/.prefect``.

This module does not import Prefect: it must set Prefect's environment before Prefect
reads its settings, which happens at import.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import httpx

from newsmon.errors import SchedulerError

# A cold start (database migrations) takes 10-15 s on an idle laptop and several
# times that on a loaded two-core machine: wait generously, but not forever.
STARTUP_TIMEOUT_SECONDS = 180.0
STOP_TIMEOUT_SECONDS = 30.0
DEFAULT_PORT = 4200

# Defaults for the managed server and for every Prefect client newsmon starts; a value
# the user already set in the environment wins.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no telemetry calls (they fail offline)
    "DO_NOT_TRACK": "1",
    "PREFECT_UI_ENABLED": "false",  # the API is enough; set it to true to browse runs
    # The scheduler creates runs of a newly served deployment on its next loop; the
    # default 60 s loop would make the first cron tick often missed.
    "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "10",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    # A task run's states reach the server as events, which its task run recorder writes
    # to the task_run tables one event per transaction by default: the largest part of
    # the server's CPU for a flow run (a pass sends 15). Written in batches of up to 50,
    # at least every 2 s instead of 5, a task's state shows in the UI as soon as before.
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "50",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "2",
    # The triggers service evaluates automations against every event and wakes every
    # 5 s for proactive ones: about half the CPU of a server waiting for the next tick.
    # newsmon defines no automations; set it to true if you add some in the UI.
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
}


def state_dir(config_path: Path) -> Path:
    """Where serve keeps Prefect's state: ``NEWSMON_STATE_DIR``, else ``.newsmon`` beside
    the config file (so two checkouts never share a scheduler by accident)."""
    configured = os.environ.get("NEWSMON_STATE_DIR")
    base = Path(configured) if configured else config_path.resolve().parent / ".newsmon"
    return base.resolve()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def api_is_healthy(api_url: str, timeout: float = 5.0) -> bool:
    """True when the API answers its health check with 200 and ``true``."""
    try:
        response = httpx.get(f"{api_url}/health", timeout=timeout)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and response.json() is True


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to SIGTERM the server if newsmon itself is killed (even by SIGKILL)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _prefect_command() -> list[str]:
    """``prefect`` from the same environment as newsmon, not whatever is on PATH."""
    script = Path(sys.executable).with_name("prefect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "prefect"]


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Until Prefect's runner installs its own handler, SIGTERM stops serve like Ctrl-C,
    so the managed server is still stopped in ``finally`` (Python's default would just die).
    """

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def prefect_api(state: Path, port: int = DEFAULT_PORT) -> Iterator[str]:
    """Yield the URL of a Prefect API with its services running; set it for this process.

    With ``PREFECT_API_URL`` set, that API is checked and used as it is. Otherwise a
    ``prefect server start`` is launched on 127.0.0.1:PORT with ``PREFECT_HOME`` in
    ``STATE/prefect`` and its log in ``STATE/prefect-server.log``, and stopped on exit.
    """
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    given = os.environ.get("PREFECT_API_URL")
    if given:
        if not api_is_healthy(given):
            raise SchedulerError(
                f"the Prefect API at {given} (PREFECT_API_URL) does not answer its health check",
                hint="start it with `prefect server start`, or unset PREFECT_API_URL "
                "to let newsmon serve start its own",
            )
        yield given
        return
    home = state / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    api_url = f"http://127.0.0.1:{port}/api"
    if api_is_healthy(api_url, timeout=2):
        raise SchedulerError(
            f"something already serves a Prefect API on 127.0.0.1:{port}",
            hint=f"stop it, pass --prefect-port, or use it with PREFECT_API_URL={api_url}",
        )
    log_path = state / "prefect-server.log"
    with _sigterm_as_interrupt(), log_path.open("ab") as log:
        server = subprocess.Popen(
            [*_prefect_command(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=dict(os.environ),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # its own session: a terminal's Ctrl-C reaches newsmon, which stops it in order
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        try:
            _wait_until_healthy(server, api_url, log_path)
            os.environ["PREFECT_API_URL"] = api_url
            print(f"newsmon: Prefect API {api_url} (state in {home})", file=sys.stderr)
            yield api_url
        finally:
            os.environ.pop("PREFECT_API_URL", None)
            stop_process_group(server)


def _wait_until_healthy(server: subprocess.Popen[bytes], api_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SchedulerError(
                f"`prefect server start` exited with status {server.returncode}",
                hint=f"see {log_path}",
            )
        if api_is_healthy(api_url):
            return
        time.sleep(0.5)
    raise SchedulerError(
        f"the Prefect server did not answer within {STARTUP_TIMEOUT_SECONDS:.0f} s",
        hint=f"see {log_path}; on a slow machine start it yourself and set PREFECT_API_URL",
    )


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process and its children, then SIGKILL whatever outlives the grace time."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_TIMEOUT_SECONDS)
