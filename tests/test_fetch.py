"""Fetching against a loopback server that misbehaves."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time

import pytest

from newsmon.config import FetchSettings
from newsmon.decoding import decode_html
from newsmon.errors import BlockedHostError
from newsmon.fetch import FetchRequest, fetch_all
from newsmon.hosts import Address, HostPolicy
from tests.conftest import LoopbackSite, RequestRecord, Response

LOOPBACK = HostPolicy(["127.0.0.1"])
FAST = FetchSettings(
    connect_timeout_seconds=2,
    read_timeout_seconds=2,
    total_timeout_seconds=3,
    max_body_bytes=1_000_000,
    politeness_delay_seconds=0,
)


def fetch(site: LoopbackSite, path: str, settings: FetchSettings = FAST, **kwargs: str):  # type: ignore[no-untyped-def]
    [result] = fetch_all([FetchRequest(site.url(path), **kwargs)], settings, LOOPBACK)
    return result


def test_ok_page_is_decoded_and_carries_validators(site: LoopbackSite) -> None:
    site.add("/a", "<p>héllo</p>", headers={"ETag": '"x1"', "Last-Modified": "Mon, 02 Jun 2025"})
    result = fetch(site, "/a")
    assert result.ok and result.text == "<p>héllo</p>"
    assert (result.etag, result.last_modified) == ('"x1"', "Mon, 02 Jun 2025")
    assert site.hits("/a")[0].headers["User-Agent"].startswith("newsmon/")


def test_conditional_get_sends_validators_and_reports_304(site: LoopbackSite) -> None:
    def handle(record: RequestRecord) -> Response:
        if record.headers.get("If-None-Match") == '"v2"':
            return 304, {}, b""
        return 200, {"ETag": '"v2"', "Content-Type": "text/xml"}, b"<rss/>"

    site.add_handler("/feed", handle)
    result = fetch(site, "/feed", etag='"v2"', last_modified="Tue, 03 Jun 2025")
    assert result.not_modified and result.body == b""
    assert site.hits("/feed")[0].headers["If-Modified-Since"] == "Tue, 03 Jun 2025"


def test_server_error_is_a_result_not_an_exception(site: LoopbackSite) -> None:
    site.add("/boom", "oops", status=500)
    result = fetch(site, "/boom")
    assert not result.ok and result.error == "HTTP 500"


def test_429_says_when_to_retry(site: LoopbackSite) -> None:
    site.add("/slow-down", "", status=429, headers={"Retry-After": "120"})
    assert fetch(site, "/slow-down").error == "HTTP 429 (retry after 120)"


def test_redirect_loop_stops_at_the_limit(site: LoopbackSite) -> None:
    site.add("/loop", "", status=302, headers={"Location": "/loop"})
    result = fetch(site, "/loop")
    assert result.error and "redirects" in result.error
    assert len(site.hits("/loop")) == FAST.max_redirects + 1


def test_redirect_to_a_host_that_is_not_allowed_is_refused(site: LoopbackSite) -> None:
    port = site.base_url.rsplit(":", 1)[1]
    site.add("/away", "", status=302, headers={"Location": f"http://127.0.0.2:{port}/secret"})
    result = fetch(site, "/away")
    assert result.error and result.error.startswith("refused: 127.0.0.2")
    assert site.hits("/secret") == []


def test_non_public_destinations_are_refused_before_any_request(site: LoopbackSite) -> None:
    site.add("/a", "x")
    [result] = fetch_all([FetchRequest(site.url("/a"))], FAST, HostPolicy())
    assert result.error and "--allow-host 127.0.0.1" in result.error
    assert site.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://localhost/",
        "file:///etc/passwd",
    ],
)
def test_host_policy_refuses_private_link_local_and_non_http(url: str) -> None:
    with pytest.raises(BlockedHostError):
        HostPolicy().check(url)


def test_declared_huge_body_is_refused(site: LoopbackSite) -> None:
    site.add("/big", b"x" * 2_000_000)
    result = fetch(site, "/big")
    assert result.error and "cap" in result.error


def test_gzip_bomb_stops_at_the_decompressed_cap(site: LoopbackSite) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    site.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    result = fetch(site, "/bomb")
    assert result.error == f"body is over the {FAST.max_body_bytes}-byte cap (decompressed)"


def test_a_hanging_server_times_out_and_the_others_still_finish(site: LoopbackSite) -> None:
    release = threading.Event()

    def hang(record: RequestRecord) -> Response:
        release.wait(10)
        return 200, {}, b"late"

    site.add_handler("/hang", hang)
    site.add("/fine", "<p>fine</p>")
    started = time.monotonic()
    hung, fine = fetch_all(
        [FetchRequest(site.url("/hang")), FetchRequest(site.url("/fine"))], FAST, LOOPBACK
    )
    release.set()
    assert time.monotonic() - started < FAST.total_timeout_seconds + 2
    assert hung.error and "timed out" in hung.error
    assert fine.ok


def test_per_host_concurrency_is_respected(site: LoopbackSite) -> None:
    active = 0
    peak = 0
    lock = threading.Lock()
    gate = threading.Barrier(2, timeout=5)

    def handle(record: RequestRecord) -> Response:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        with contextlib.suppress(threading.BrokenBarrierError):
            gate.wait()
        with lock:
            active -= 1
        return 200, {}, b"ok"

    for i in range(6):
        site.add_handler(f"/p{i}", handle)
    settings = FAST.model_copy(update={"per_host_concurrency": 2, "total_timeout_seconds": 20})
    results = fetch_all([FetchRequest(site.url(f"/p{i}")) for i in range(6)], settings, LOOPBACK)
    assert all(r.ok for r in results)
    assert peak == 2


@pytest.mark.parametrize(
    ("raw", "content_type", "expected"),
    [
        ("Привет, мир".encode("cp1251"), "text/html; charset=windows-1251", "Привет, мир"),
        (
            b'<meta charset="windows-1251"><p>' + "Пекин".encode("cp1251"),
            "text/html",
            '<meta charset="windows-1251"><p>Пекин',
        ),
        ("“Quoted” – café".encode("cp1252"), "text/html; charset=iso-8859-1", "“Quoted” – café"),
        ("\ufeffBOM first".encode(), "text/html; charset=latin-1", "BOM first"),
    ],
)
def test_charset_from_header_meta_and_bom(raw: bytes, content_type: str, expected: str) -> None:
    assert decode_html(raw, content_type) == expected


def test_a_host_that_does_not_resolve_is_a_lookup_error_not_a_refusal() -> None:
    [result] = fetch_all([FetchRequest("http://newsmon-test.invalid/feed")], FAST, HostPolicy())
    assert result.error and result.error.startswith("newsmon-test.invalid: DNS lookup failed")


class _CountingPolicy(HostPolicy):
    """The loopback policy, counting the lookups it is asked for."""

    def __init__(self) -> None:
        super().__init__(["127.0.0.1"])
        self.lookups: list[str] = []

    def pin(self, url: str) -> Address:
        self.lookups.append(url)
        return super().pin(url)


def test_a_host_is_looked_up_once_for_all_its_requests(site: LoopbackSite) -> None:
    for i in range(5):
        site.add(f"/p{i}", "ok")
    policy = _CountingPolicy()
    results = fetch_all([FetchRequest(site.url(f"/p{i}")) for i in range(5)], FAST, policy)
    assert all(r.ok for r in results)
    assert len(policy.lookups) == 1


def test_a_refused_host_refuses_every_request_to_it() -> None:
    urls = [f"http://127.0.0.2:9/p{i}" for i in range(3)]
    results = fetch_all([FetchRequest(url) for url in urls], FAST, LOOPBACK)
    assert all(r.error and r.error.startswith("refused: 127.0.0.2") for r in results)
