"""Finding 8, the web app and the read commands: hostile input gets a 4xx, never a 500.

Out-of-range ids, a 50,000-character query, NUL in a query (PostgreSQL too), a forged
Host header, control characters in stored text, a pass holding SQLite's write lock,
and a store with corrupt pages.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest

from newsmon.errors import ExitCode
from tests.conftest import REPO
from tests.security.helpers import cli, store_raw, web_app

pytestmark = pytest.mark.slow  # runs the real CLI or a worker pool: seconds per test

QUOTE = (
    '"China supports a ceasefire and will keep talking to both delegations," Chinese '
    "Foreign Ministry spokesperson Lin Jian told a regular briefing on the peace talks."
)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_malformed_and_out_of_range_input_is_a_4xx_html_page(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = (
        f"sqlite:///{tmp_path / 'web.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    store_raw(db, "https://a.example/1", "Briefing", QUOTE)
    with web_app(db) as base:
        for path in (
            f"/items/{2**63}",
            f"/items/{2**64}",
            f"/items/{2**31}",
            f"/statements/{2**63}",
            "/statements/-1",
            "/items/abc",
            "/?q=" + "x" * 50_000,
            "/?q=%00",
            "/?speaker=%00",
            "/speakers/a%00b",
            "/feed.atom?q=%00",
            "/feed.atom?topic=" + "t" * 5000,
            "/routes/%00/feed.atom",
        ):
            response = httpx.get(base + path, timeout=30)
            assert 400 <= response.status_code < 500, (path, response.status_code)
            assert response.headers["content-type"].startswith("text/html"), path
            assert "<h1>" in response.text and "Traceback" not in response.text
        missing = httpx.get(f"{base}/items/{2**31 - 1}", timeout=30)
        assert missing.status_code == 404 and "<h1>404</h1>" in missing.text


def test_security_headers_and_absolute_urls_from_the_base_url(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'web.db'}"
    store_raw(db, "https://a.example/1", "Briefing", QUOTE)
    with web_app(db, base_url="https://news.example.org") as base:
        for path in ("/", "/feed.atom", "/nowhere", "/items/1"):
            response = httpx.get(base + path, timeout=30)
            assert response.status_code in (200, 404), path
            csp = response.headers.get("content-security-policy", "")
            assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp, path
            assert response.headers.get("x-frame-options") == "DENY"
            assert response.headers.get("x-content-type-options") == "nosniff"
        forged = httpx.get(base + "/feed.atom", headers={"Host": "evil.example"}, timeout=30)
        assert forged.status_code == 200
        assert b"evil.example" not in forged.content
        root = ElementTree.fromstring(forged.content)
        ids = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}id")]
        assert ids and all(i.startswith("https://news.example.org/") for i in ids), ids
        page = httpx.get(base + "/", headers={"Host": "evil.example"}, timeout=30)
        assert page.status_code == 200 and "evil.example" not in page.text


def test_control_characters_in_stored_text_keep_the_atom_feed_valid(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'web.db'}"
    store_raw(
        db, "https://a.example/1", "Brief\x01ing", QUOTE.replace("ceasefire", "cease\x0bfire\x1b")
    )
    with web_app(db) as base:
        feed = httpx.get(base + "/feed.atom", timeout=30)
        assert feed.status_code == 200
        root = ElementTree.fromstring(feed.content)  # well-formed XML
        assert root.find("{http://www.w3.org/2005/Atom}entry") is not None


def test_pages_answer_while_a_pass_holds_the_sqlite_write_lock(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    db = f"sqlite:///{path}"
    store_raw(db, "https://a.example/1", "Briefing", QUOTE)
    with web_app(db) as base:
        writer = sqlite3.connect(path, isolation_level=None, timeout=1)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE item SET title = 'changing' WHERE id = 1")
        try:
            for page in ("/", "/items/1", "/feed.atom"):
                response = httpx.get(base + page, timeout=20)
                assert response.status_code == 200, (page, response.status_code)
        finally:
            writer.execute("ROLLBACK")
            writer.close()


def test_a_store_with_corrupt_pages_is_a_store_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    db = f"sqlite:///{path}"
    for n in range(30):
        store_raw(db, f"https://a.example/{n}", f"Briefing {n}", QUOTE + f" Number {n}. " * 50)
    from storage.db import get_engine, get_reader_engine

    get_engine(db).dispose()
    get_reader_engine(db).dispose()
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page * 3, len(data) - page, page * 2):  # leave the header and schema
        data[start + 100 : start + page - 100] = b"\xa5" * (page - 200)
    path.write_bytes(bytes(data))
    for args in (["status"], ["export", "items"], ["export", "statements"]):
        result = cli(*args, "--db", db, "--config", str(REPO / "sources.yaml"))
        assert result.exit_code == ExitCode.STORE_ERROR, (args, result.exit_code, result.output)
        assert "newsmon: error:" in result.output
