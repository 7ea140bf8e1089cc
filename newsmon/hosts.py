"""Which hosts may be fetched, and the one address each host name is fetched from.

Public addresses always; private, loopback and link-local ones (embedded IPv4 included)
only when the configuration or the command line allows the host. ``newsmon.fetch``
checks every request and every redirect hop here, after DNS.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from newsmon.errors import BlockedHostError, HostLookupError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 ranges that carry an IPv4 address: the embedded address decides.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated, never a real public host
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def is_public(address: Address) -> bool:
    """Whether ``address`` is a globally routable unicast address, embedded IPv4 included.

    ``::ffff:127.0.0.2``, ``::127.0.0.2``, ``64:ff9b::7f00:2`` (NAT64) and
    ``2002:7f00:2::`` (6to4) all reach 127.0.0.2 one way or another: they are judged
    by the IPv4 address inside them.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public(address.ipv4_mapped)
        if address in _NAT64:
            return is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address.sixtofour is not None:
            return is_public(address.sixtofour)
        if address.teredo is not None or address in _IPV4_COMPATIBLE or address in _NAT64_LOCAL:
            return False
    return address.is_global and not address.is_multicast


class HostPolicy:
    """Which hosts may be fetched. Public addresses always; others only if allowed.

    An allowed host is written ``host`` (every port) or ``host:port`` (that port only);
    IPv6 literals as ``[::1]`` or ``[::1]:8080``.
    """

    def __init__(self, allow_hosts: Iterable[str] = ()) -> None:
        self.allowed = {_allowed_entry(host) for host in allow_hosts if host.strip()}

    def allows(self, host: str, port: int) -> bool:
        host = host.lower().strip("[]")
        return (host, None) in self.allowed or (host, port) in self.allowed

    def check(self, url: str) -> None:
        self.pin(url)

    def pin(self, url: str) -> Address:
        """The one address to connect to for ``url``: resolved once, checked, then used.

        Raises BlockedHostError if the URL is not http(s) or any address the name
        resolves to is not public (unless the host is allowed), HostLookupError if
        the name does not resolve.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise BlockedHostError(f"{url}: only http and https URLs are fetched")
        host = (parts.hostname or "").lower()
        if not host:
            raise BlockedHostError(f"{url}: the URL has no host")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise BlockedHostError(f"{url}: the port is not a number") from None
        addresses = _resolve(host, port)
        if not addresses:
            raise HostLookupError(f"{host}: DNS lookup returned no address")
        if self.allows(host, port):
            return addresses[0]
        for address in addresses:
            if not is_public(address):
                raise BlockedHostError(
                    f"{host} resolves to {address}, a non-public address; to fetch it anyway, "
                    f"pass --allow-host {host}:{port} or list it in fetch.allow_hosts in "
                    "sources.yaml"
                )
        return addresses[0]


def _allowed_entry(entry: str) -> tuple[str, int | None]:
    entry = entry.strip().lower()
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        port = rest.removeprefix(":")
        return host, int(port) if port.isdigit() else None
    if entry.count(":") == 1:
        host, _, port = entry.partition(":")
        return host, int(port) if port.isdigit() else None
    return entry, None


def _resolve(host: str, port: int) -> list[Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise HostLookupError(f"{host}: DNS lookup failed: {exc.strerror or exc}") from None
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
