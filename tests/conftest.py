"""Shared fixtures: real HTTP servers on 127.0.0.1, real SQLite files, a real Prefect API."""

from __future__ import annotations

import email
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"

Response = tuple[int, dict[str, str], bytes]
Handler = Callable[["RequestRecord"], Response]


def scrapinghub_pages() -> list[Path]:
    """The corpus's ScrapingHub pages (gzipped HTML); the test is skipped without them,
    as in a clone without ../shared beside it (the README's fresh-clone path)."""
    pages_dir = CORPUS / "extraction" / "scrapinghub-aeb" / "html"
    if not pages_dir.is_dir():
        missing = f"the shared corpus is missing at {pages_dir}: see SOURCES.md"
        if os.environ.get("CI"):
            pytest.fail(missing + " (CI must provide it)")
        pytest.skip(missing)
    pages = sorted(pages_dir.glob("*.html.gz"))
    assert len(pages) >= 40, "the shared corpus is missing: see ../shared/corpus/SOURCES.md"
    return pages


@dataclass
class RequestRecord:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class LoopbackSite:
    """A tiny web server: register a response per path, read back what was asked."""

    base_url: str = ""
    routes: dict[str, Response | Handler] = field(default_factory=dict)
    requests: list[RequestRecord] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    received: threading.Condition = field(default_factory=threading.Condition)

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(
        self,
        path: str,
        body: bytes | str,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        payload = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, {"Content-Type": content_type, **(headers or {})}, payload)
        return self.url(path)

    def add_handler(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def hits(self, path: str) -> list[RequestRecord]:
        with self.lock:
            return [r for r in self.requests if r.path.split("?", 1)[0] == path]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        with self.received:
            return self.received.wait_for(predicate, timeout)


def _make_handler(site: LoopbackSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            record = RequestRecord(
                self.command, self.path, dict(self.headers.items()), self.rfile.read(length)
            )
            with site.lock:
                site.requests.append(record)
            route = site.routes.get(self.path) or site.routes.get(self.path.split("?", 1)[0])
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            elif callable(route):
                status, headers, body = route(record)
            else:
                status, headers, body = route
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            with site.received:
                site.received.notify_all()

        do_GET = do_POST = do_HEAD = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with serving() as loopback:
        yield loopback


@contextmanager
def serving() -> Iterator[LoopbackSite]:
    """A loopback site for as long as the block runs (``site`` is one per test)."""
    loopback = LoopbackSite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(loopback))
    loopback.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield loopback
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def webhook(site: LoopbackSite) -> Callable[..., str]:
    """A JSON webhook receiver on the loopback site; returns an apprise json:// URL."""

    def make(path: str = "/hook", fail_first: int = 0) -> str:
        state = {"calls": 0}

        def handle(record: RequestRecord) -> Response:
            state["calls"] += 1
            if state["calls"] <= fail_first:
                return 500, {"Content-Type": "text/plain"}, b"temporarily broken"
            return 200, {"Content-Type": "application/json"}, b"{}"

        site.add_handler(path, handle)
        return "json://" + site.base_url.removeprefix("http://") + path

    return make


def webhook_payloads(site: LoopbackSite, path: str = "/hook") -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in site.hits(path) if r.method == "POST"]


class Inbox:
    """What an aiosmtpd server received, and a condition to wait for more."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.arrived:
            self.messages.append(email.message_from_bytes(envelope.content))
            self.arrived.notify_all()
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[str, Inbox]]:
    inbox = Inbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete port to check it started
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    target = f"mailto://127.0.0.1:{port}?from=newsmon@example.org&to=analyst@example.org"
    yield target, inbox
    controller.stop()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'newsmon.db'}"


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One throwaway Prefect API for the tests that run flows, never the user's own.

    Only flow tests ask for it: starting it costs seconds that no other test needs.
    """
    from prefect.testing.utilities import prefect_test_harness

    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    with prefect_test_harness(server_startup_timeout=120):
        yield


POSTGRES_ADMIN_URL = os.environ.get(
    "NEWSMON_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_unreachable() -> str | None:
    import sqlalchemy

    try:
        engine = sqlalchemy.create_engine(POSTGRES_ADMIN_URL)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {type(exc).__name__}"
    return None


@contextmanager
def throwaway_postgres(prefix: str) -> Iterator[str]:
    """A new PostgreSQL database (its psycopg URL), dropped afterwards even if still in use."""
    import uuid

    import sqlalchemy

    reason = _postgres_unreachable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must provide it)")
        pytest.skip(reason)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for one test, dropped afterwards."""
    with throwaway_postgres("newsmon_test") as url:
        yield url
        from storage.db import get_engine

        get_engine(url).dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A new store in a SQLite file, then in a throwaway PostgreSQL database."""
    from storage.store import Store

    if request.param == "sqlite":
        yield Store(f"sqlite:///{tmp_path / 'store.db'}")
    else:
        yield Store(request.getfixturevalue("postgres_url"))


T = TypeVar("T")


def wait_until(check: Callable[[], T | None], timeout: float, what: str) -> T:
    """Poll CHECK until it returns something: waiting for an event, not for a time, and
    bounded generously so that a loaded machine makes a test slow, not failing."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def ok_json(response: Any) -> Any:
    """The JSON of an HTTP response whose status was checked first."""
    assert response.status_code in (200, 201), f"{response.request.url}: {response.text[:500]}"
    return response.json()


def write_config(directory: Path, **sections: Any) -> Path:
    """The shipped sources.yaml with some sections updated, written to DIRECTORY.

    Seeds still come from the repository; secrets stay environment references.
    """
    import yaml

    config = yaml.safe_load((REPO / "sources.yaml").read_text(encoding="utf-8"))
    config["seeds_dir"] = str(REPO / "seeds")
    for name, values in sections.items():
        if isinstance(values, dict):
            config.setdefault(name, {}).update(values)
        else:
            config[name] = values
    path = directory / "sources.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by what they need, so `pytest -m "not slow"` is a quick edit loop."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "postgres_url" in fixtures:
            item.add_marker(pytest.mark.postgres)
        if "prefect_api" in fixtures:
            item.add_marker(pytest.mark.slow)
