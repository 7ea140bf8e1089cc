"""HTTP fetching that holds up against the real web.

Every request goes through the same guard rails: a host policy (``newsmon.hosts``)
that refuses private, loopback and link-local destinations (checked after DNS and on
every redirect hop), timeouts on connect and on the whole response, a cap on the
decompressed body (so a gzip bomb stops at the cap), a redirect limit, a
global and a per-host concurrency limit with a politeness delay, and
conditional GET. A failure never raises: it comes back as a FetchResult whose
``error`` says what went wrong.
"""

from __future__ import annotations

import asyncio
import email.utils
import re
import socket
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import aiohttp
import certifi
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from newsmon.config import FetchSettings
from newsmon.errors import (
    BlockedHostError,
    BodyTooLargeError,
    HostLookupError,
    TooManyRedirectsError,
)
from newsmon.hosts import Address, HostPolicy
from newsmon.models import FetchResult
from newsmon.sanitize import safe_link

_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class FetchRequest:
    url: str
    etag: str | None = None
    last_modified: str | None = None


class _Pins:
    """One checked address per host name and port, looked up once per ``fetch_all``.

    A lookup is a hop to a thread (a chunk of pages on one host paid one each), and a
    refusal holds for every request to that host.
    """

    def __init__(self, policy: HostPolicy) -> None:
        self.policy = policy
        self.lookups: dict[tuple[str, int], asyncio.Future[Address]] = {}

    async def pin(self, url: URL) -> Address:
        """The address to connect to for URL; raises what ``HostPolicy.pin`` raises."""
        key = (url.raw_host or "", url.port or 0)
        if key not in self.lookups:
            lookup = asyncio.ensure_future(asyncio.to_thread(self.policy.pin, str(url)))
            # Its refusal is read by each request that waits for it; should all of them
            # have timed out first, it is read here, not reported as never retrieved.
            lookup.add_done_callback(lambda done: done.cancelled() or done.exception())
            self.lookups[key] = lookup
        # Shielded: a request timed out while waiting must not cancel the others' lookup.
        return await asyncio.shield(self.lookups[key])


class _PinnedResolver(AbstractResolver):
    """Connects to the address the host policy checked, never to a second lookup's answer.

    Every request pins its host (``_Pins``) before it is sent, so a connection asks
    here for an address already checked. The connection keeps the original name for
    the Host header and, for https, for SNI and the certificate check; aiohttp keys its
    pooled connections by that name, so a connection verified for one name never
    carries a request for another. IP-literal URLs skip the resolver, not the policy.
    """

    def __init__(self, pins: _Pins) -> None:
        self.pins = pins

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        lookup = self.pins.lookups.get((host, port))
        if lookup is None:  # fails closed, should a connection ever precede its request's pin
            raise BlockedHostError(f"{host}: not checked by the host policy")
        address = await asyncio.shield(lookup)
        return [
            {
                "hostname": host,
                "host": str(address),
                "port": port,
                "family": socket.AF_INET6 if address.version == 6 else socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
            }
        ]

    async def close(self) -> None:
        pass


@cache
def _ssl_context() -> ssl.SSLContext:
    """One a process: the CA bundle is ~20 ms of CPU, and a pass has a session a chunk."""
    return ssl.create_default_context(cafile=certifi.where())


# Response header lines up to this long are read (aiohttp's default is 8 KiB; h11, which
# fetched before, took 100 KiB): some sites send very long cookies or link headers.
_MAX_HEADER_LINE = 64 * 1024


# The error of a request not made because the pass's time budget was spent.
BUDGET_SPENT = "not fetched: the pass's time budget is spent"


def fetch_all(
    requests: Sequence[FetchRequest],
    settings: FetchSettings,
    policy: HostPolicy,
    deadline: float | None = None,
) -> list[FetchResult]:
    """Fetch every request concurrently; results come back in the same order.

    ``deadline`` (a ``time.time()`` value) ends every fetch still running or waiting
    then: those come back with the error ``BUDGET_SPENT``.
    """
    if not requests:
        return []
    return asyncio.run(_fetch_all(requests, settings, policy, deadline))


async def _fetch_all(
    requests: Sequence[FetchRequest],
    settings: FetchSettings,
    policy: HostPolicy,
    deadline: float | None = None,
) -> list[FetchResult]:
    limiter = _Limiter(settings, deadline)
    pins = _Pins(policy)
    # The whole request is bounded by ``_fetch_one``'s own timeout (and the pass's deadline).
    timeout = aiohttp.ClientTimeout(
        total=None,
        sock_connect=settings.connect_timeout_seconds,
        sock_read=settings.read_timeout_seconds,
    )
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"}
    connector = aiohttp.TCPConnector(
        resolver=_PinnedResolver(pins),
        use_dns_cache=False,  # the pins are the cache, checked by the policy
        ssl=_ssl_context(),
        limit=settings.concurrency,
        limit_per_host=0,  # the limiter's per-host cap applies (with the politeness gap)
    )
    async with aiohttp.ClientSession(
        connector=connector,
        timeout=timeout,
        headers=headers,
        trust_env=False,
        cookie_jar=aiohttp.CookieJar(unsafe=True),  # as before: cookies of IP hosts too
        max_line_size=_MAX_HEADER_LINE,
        max_field_size=_MAX_HEADER_LINE,
    ) as session:
        return list(
            await asyncio.gather(
                *(_fetch_one(session, pins, request, settings, limiter) for request in requests)
            )
        )


class _Limiter:
    """A global cap, a per-host cap and a minimum gap between requests to one host."""

    def __init__(self, settings: FetchSettings, deadline: float | None = None) -> None:
        self.settings = settings
        self.deadline = deadline
        self.total = asyncio.Semaphore(settings.concurrency)
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.next_slot: dict[str, float] = {}

    def remaining(self) -> float:
        """Seconds this request may still take: its own timeout, or less near the deadline."""
        total = self.settings.total_timeout_seconds
        return total if self.deadline is None else min(total, self.deadline - time.time())

    def host(self, host: str) -> asyncio.Semaphore:
        if host not in self.hosts:
            self.hosts[host] = asyncio.Semaphore(self.settings.per_host_concurrency)
        return self.hosts[host]

    async def polite(self, host: str) -> None:
        now = time.monotonic()
        slot = max(now, self.next_slot.get(host, now))
        self.next_slot[host] = slot + self.settings.politeness_delay_seconds
        if slot > now:
            await asyncio.sleep(slot - now)


async def _fetch_one(
    session: aiohttp.ClientSession,
    pins: _Pins,
    request: FetchRequest,
    settings: FetchSettings,
    limiter: _Limiter,
) -> FetchResult:
    started = time.monotonic()
    budget_cut = False
    try:
        async with limiter.total:
            allowed = limiter.remaining()
            budget_cut = allowed < settings.total_timeout_seconds
            if allowed <= 0:
                raise TimeoutError
            async with asyncio.timeout(allowed):  # no task of its own, unlike wait_for
                return await _follow(session, pins, request, settings, limiter, started)
    except aiohttp.ServerTimeoutError as exc:  # a TimeoutError too: the socket's, first
        error = f"timed out: {type(exc).__name__}"
    except TimeoutError:
        error = (
            BUDGET_SPENT if budget_cut else f"timed out after {settings.total_timeout_seconds:g} s"
        )
    except BlockedHostError as exc:
        error = f"refused: {exc}"
    except HostLookupError as exc:
        error = str(exc)
    except (BodyTooLargeError, TooManyRedirectsError) as exc:
        error = str(exc)
    except aiohttp.ClientError as exc:
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    except (OSError, ValueError, httpx.InvalidURL) as exc:
        error = f"{type(exc).__name__}: {exc}"
    return _failed(request, error, started)


def _request_url(url: str) -> URL:
    """URL as it is sent: its percent-escapes as written, other characters escaped, the
    host in IDNA. httpx's reading (which fetched before): yarl's own would decode ``%29``
    to ``)`` and ``%2F`` in a query to ``/``, another resource to some servers."""
    return URL(str(httpx.URL(url)), encoded=True)


def _failed(request: FetchRequest, error: str, started: float) -> FetchResult:
    return FetchResult(
        url=request.url,
        final_url=request.url,
        status=0,
        error=error,
        elapsed_ms=(time.monotonic() - started) * 1000,
    )


async def _follow(
    session: aiohttp.ClientSession,
    pins: _Pins,
    request: FetchRequest,
    settings: FetchSettings,
    limiter: _Limiter,
    started: float,
) -> FetchResult:
    url = request.url
    headers: dict[str, str] = {}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    for _hop in range(settings.max_redirects + 1):
        hop = _request_url(url)
        await pins.pin(hop)  # every hop: checked before any connection is made
        host = hop.raw_host or ""
        async with limiter.host(host):
            await limiter.polite(host)
            async with session.get(hop, headers=headers, allow_redirects=False) as response:
                if response.status in _REDIRECTS and "location" in response.headers:
                    target = safe_link(response.headers["location"], url)
                    if target is None:
                        raise BlockedHostError(f"{url}: redirects to a URL that is not http(s)")
                    url = target
                    continue
                body = b""
                if response.status != 304:
                    body = await _read_capped(response, settings.max_body_bytes, url)
                return _result(request, url, response, body, started)
    raise TooManyRedirectsError(f"TooManyRedirects: more than {settings.max_redirects} redirects")


async def _read_capped(response: aiohttp.ClientResponse, limit: int, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit and "content-encoding" not in response.headers:
        raise BodyTooLargeError(f"body of {declared} bytes is over the {limit}-byte cap")
    chunks: list[bytes] = []
    size = 0
    # Decompressed, a bounded piece at a time: the cap holds for gzip bombs.
    async for chunk in response.content.iter_any():
        size += len(chunk)
        if size > limit:
            raise BodyTooLargeError(f"body is over the {limit}-byte cap (decompressed)")
        chunks.append(chunk)
    return b"".join(chunks)


def _result(
    request: FetchRequest,
    url: str,
    response: aiohttp.ClientResponse,
    body: bytes,
    started: float,
) -> FetchResult:
    status = response.status
    content_type = response.headers.get("content-type", "")
    error: str | None = None
    if status >= 400:
        error = f"HTTP {status}"
        retry_after = response.headers.get("retry-after")
        if status in (429, 503) and retry_after:
            error += f" (retry after {retry_after})"
    wait = (
        retry_after_seconds(response.headers.get("retry-after"))
        if status in (429, 503)
        else max_age_seconds(response.headers.get("cache-control"))
    )
    return FetchResult(
        url=request.url,
        final_url=url,
        status=status,
        body=body,
        content_type=content_type,
        etag=response.headers.get("etag") or request.etag,
        last_modified=response.headers.get("last-modified") or request.last_modified,
        error=error,
        elapsed_ms=(time.monotonic() - started) * 1000,
        wait_seconds=wait,
    )


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def max_age_seconds(value: str | None) -> float | None:
    """Cache-Control max-age, unless the response must not be reused."""
    if not value or re.search(r"no-cache|no-store|must-revalidate", value, re.I):
        return None
    match = re.search(r"max-age\s*=\s*(\d+)", value, re.I)
    return float(match.group(1)) if match else None
