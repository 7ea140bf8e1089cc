"""Finding 4: DNS rebinding, IPv4-embedded IPv6, and --allow-host without a port.

The name is resolved once per hop and the connection goes to that checked address;
every non-global address is private, whatever IPv6 form carries it; and
``--allow-host host:port`` allows that port only.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LoopbackSite
from tests.security.helpers import article, cli, config, loopback_server, rss

pytestmark = pytest.mark.slow  # runs the real CLI or a worker pool: seconds per test


@pytest.fixture
def twin(site: LoopbackSite) -> Iterator[LoopbackSite]:
    """A server on 127.0.0.2 with the same port as ``site``: where a rebound name leads."""
    port = int(site.base_url.rsplit(":", 1)[1])
    with ExitStack() as stack:
        try:
            other = stack.enter_context(loopback_server("127.0.0.2", port))
        except OSError as exc:
            pytest.skip(f"cannot listen on 127.0.0.2:{port}: {exc}")
        yield other


def _rebinding(monkeypatch: pytest.MonkeyPatch, name: str, answers: list[str]) -> list[str]:
    """Make ``name`` answer each address in turn (the last one from then on)."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != name:
            return real(host, port, *args, **kwargs)
        address = answers[min(len(asked), len(answers) - 1)]
        asked.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 80)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def _feed_body(site: LoopbackSite) -> str:
    site.add("/page.html", article("Page", "A ceasefire is the only way forward for both"))
    return rss(("Page", site.url("/page.html")))


def test_a_name_that_rebinds_to_loopback_after_the_check_is_not_fetched(
    site: LoopbackSite, twin: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = site.base_url.rsplit(":", 1)[1]
    twin.add("/feed.xml", _feed_body(twin), content_type="application/rss+xml")
    # A public address first (unreachable here), loopback for every later lookup.
    asked = _rebinding(monkeypatch, "rebind.test", ["1.1.1.1", "127.0.0.2"])
    cfg = config(tmp_path, fetch={"connect_timeout_seconds": 2, "total_timeout_seconds": 5})
    db = f"sqlite:///{tmp_path / 'r.db'}"
    result = cli(
        "run", "--config", str(cfg), "--db", db, "--feed", f"http://rebind.test:{port}/feed.xml"
    )
    assert result.exit_code == 0, result.output
    assert "feed failed: http://rebind.test" in result.output
    assert twin.requests == [], "the rebound address was fetched"
    assert asked == ["1.1.1.1"], "the name was looked up again after the check"


def test_the_checked_address_is_the_one_connected_to(
    site: LoopbackSite, twin: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = site.base_url.rsplit(":", 1)[1]
    site.add("/feed.xml", _feed_body(site), content_type="application/rss+xml")
    twin.add("/feed.xml", "not this one", content_type="application/rss+xml")
    _rebinding(monkeypatch, "pinned.test", ["127.0.0.1", "127.0.0.2"])
    cfg = config(tmp_path)
    db = f"sqlite:///{tmp_path / 'p.db'}"
    result = cli(
        "run", "--config", str(cfg), "--db", db, "--feed", f"http://pinned.test:{port}/feed.xml",
        "--allow-host", f"pinned.test:{port}", "--allow-host", "127.0.0.1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "feed failed" not in result.output, result.output
    [hit] = site.hits("/feed.xml")
    assert hit.headers.get("Host") == f"pinned.test:{port}"
    assert twin.requests == []


@pytest.mark.parametrize(
    "host",
    ["[::127.0.0.2]", "[::ffff:127.0.0.2]", "[64:ff9b::7f00:2]", "[2002:7f00:2::]", "0.0.0.0"],
)
def test_ipv4_embedded_in_ipv6_and_other_non_global_addresses_are_private(
    host: str, tmp_path: Path
) -> None:
    cfg = config(tmp_path)
    feed = f"http://{host}:8080/feed.xml"
    result = cli(
        "run", "--config", str(cfg), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--feed", feed
    )
    assert result.exit_code == 0, result.output
    assert f"feed failed: {feed}: refused:" in result.output, result.output
    assert "non-public address" in result.output


def test_allow_host_with_a_port_allows_that_port_only(site: LoopbackSite, tmp_path: Path) -> None:
    with loopback_server("127.0.0.1") as other:
        allowed = site.add("/feed.xml", _feed_body(site), content_type="application/rss+xml")
        refused = other.add("/feed.xml", _feed_body(other), content_type="application/rss+xml")
        port = site.base_url.rsplit(":", 1)[1]
        cfg = config(tmp_path)
        result = cli(
            "run", "--config", str(cfg), "--db", f"sqlite:///{tmp_path / 'a.db'}",
            "--feed", allowed, "--feed", refused, "--allow-host", f"127.0.0.1:{port}",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert f"feed failed: {allowed}" not in result.output, result.output
        assert f"feed failed: {refused}: refused:" in result.output, result.output
        assert other.requests == []
        assert site.hits("/page.html"), "the page on the allowed port was not fetched"
