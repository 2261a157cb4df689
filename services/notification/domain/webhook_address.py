"""Which addresses a facility's webhook may point at.

Only ``https`` to a public unicast address of the internet: never this
machine, the local network, link-local addresses (the cloud metadata service
at 169.254.169.254), multicast, or any special-purpose range, however the
address is spelt (decimal ``2130706433``, hex ``0x7f.1``, octal
``0177.0.0.1``, short ``127.1``, an IPv6 address that embeds an IPv4 one).
The development setting also allows ``http`` and loopback or private-network
addresses, for the local sink of ``kezek up``. Pure: resolving a name is the
adapter's job (``adapters/webhook_hosts.py``), which checks every address
with :meth:`AddressPolicy.allows`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ipaddress import (
    IPv4Address,
    IPv4Network,
    IPv6Address,
    IPv6Network,
    ip_address,
    ip_network,
)
from urllib.parse import SplitResult, urlsplit

IPAddress = IPv4Address | IPv6Address

HTTPS_ONLY = "Must be an https:// URL."
NO_USERINFO = "Must not hold a user name or password."
BAD_PORT = "The port must be 80, 443 or from 1024 to 65535."
BAD_HOST = "Has no valid host name."
NOT_PUBLIC = (
    "Must be a public internet address: not loopback, private, link-local, "
    "multicast or reserved."
)

REFUSED_IPV4 = tuple(
    IPv4Network(network)
    for network in (
        "0.0.0.0/8",  # this network
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, cloud metadata
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, broadcast
    )
)
GLOBAL_UNICAST_IPV6 = IPv6Network("2000::/3")
REFUSED_IPV6 = tuple(
    IPv6Network(network)
    for network in (
        "2001::/23",  # IETF protocol assignments: Teredo, benchmarking, ORCHID
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation
    )
)
IPV4_COMPATIBLE, NAT64 = IPv6Network("::/96"), IPv6Network("64:ff9b::/96")
LOCAL = tuple(
    ip_network(network)
    for network in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "::1/128",
        "fc00::/7",
    )
)
LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
INET_ATON_PART = re.compile(r"0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*")


class RefusedAddress(ValueError):
    """A webhook URL the service will not call; ``str()`` says why, for the
    ``url`` field of a 422."""


@dataclass(frozen=True)
class WebhookTarget:
    host: str
    port: int
    address: IPAddress | None
    """Set when the host is an address (in any spelling), not a name."""


def inet_aton(text: str) -> IPv4Address | None:
    """``text`` read as an IPv4 address the way the C library's
    ``inet_aton`` reads it (1 to 4 parts, decimal, octal or hex), else None."""
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(INET_ATON_PART.fullmatch(p) for p in parts):
        return None
    *leading, last = [int(p, 0) if p[:2].lower() == "0x" else _octal(p) for p in parts]
    room = 8 * (4 - len(leading))
    if any(part > 255 for part in leading) or last >= 1 << room:
        return None
    value = 0
    for part in leading:
        value = value << 8 | part
    return IPv4Address(value << room | last)


def _octal(part: str) -> int:
    return int(part, 8) if part.startswith("0") else int(part)


def spelled_ipv4(address: IPv6Address) -> IPv4Address | None:
    """The IPv4 address that ``address`` is only another spelling of
    (IPv4-mapped, IPv4-compatible, NAT64), else None."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in IPV4_COMPATIBLE or address in NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """A public unicast address of the internet."""
    if isinstance(address, IPv4Address):
        refused = any(address in network for network in REFUSED_IPV4)
        return address.is_global and not address.is_multicast and not refused
    ipv4 = spelled_ipv4(address)
    if ipv4 is not None:
        return is_public(ipv4)
    if address.sixtofour is not None and not is_public(address.sixtofour):
        return False
    return (
        address.is_global
        and address in GLOBAL_UNICAST_IPV6
        and not any(address in network for network in REFUSED_IPV6)
    )


def is_local(address: IPAddress) -> bool:
    """Loopback or a private network (what the development setting allows)."""
    spellings: list[IPAddress] = [address]
    if isinstance(address, IPv6Address):
        spellings += [ipv4] if (ipv4 := spelled_ipv4(address)) else []
    return any(
        each.version == network.version and each in network
        for each in spellings
        for network in LOCAL
    )


@dataclass(frozen=True)
class AddressPolicy:
    allow_local: bool = False
    """Development only: also ``http`` and loopback or private addresses."""

    def allows(self, address: IPAddress) -> bool:
        return is_public(address) or (self.allow_local and is_local(address))

    def target(self, url: str) -> WebhookTarget:
        """Where ``url`` points, if its scheme, credentials, port and (for an
        address) host are acceptable; a name still needs resolving."""
        if any(ch <= " " or ch in "\\\x7f" for ch in url):
            raise RefusedAddress(BAD_HOST)
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            raise RefusedAddress(BAD_HOST) from exc
        if parts.scheme not in (("https", "http") if self.allow_local else ("https",)):
            raise RefusedAddress(HTTPS_ONLY)
        if "@" in parts.netloc:
            raise RefusedAddress(NO_USERINFO)
        port = _port(parts)
        host, address = self._host(parts)
        return WebhookTarget(host, port, address)

    def _host(self, parts: SplitResult) -> tuple[str, IPAddress | None]:
        host = parts.hostname or ""
        if "[" in parts.netloc:
            address: IPAddress | None = _ipv6(host)
        else:
            host = host.removesuffix(".")
            address = inet_aton(host)
            if address is None:
                host = _host_name(host)
                local_name = host == "localhost" or host.endswith(".localhost")
                if local_name and not self.allow_local:
                    raise RefusedAddress(NOT_PUBLIC)
        if address is not None and not self.allows(address):
            raise RefusedAddress(NOT_PUBLIC)
        return host, address


def _port(parts: SplitResult) -> int:
    try:
        port = parts.port
    except ValueError as exc:
        raise RefusedAddress(BAD_PORT) from exc
    if port is None:
        return 443 if parts.scheme == "https" else 80
    if port not in (80, 443) and not 1024 <= port <= 65535:
        raise RefusedAddress(BAD_PORT)
    return port


def _ipv6(host: str) -> IPv6Address:
    try:
        return IPv6Address(host)
    except ValueError as exc:
        raise RefusedAddress(BAD_HOST) from exc


def _host_name(host: str) -> str:
    """``host`` as the ASCII name DNS is asked for (IDNA for non-ASCII)."""
    try:
        name = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise RefusedAddress(BAD_HOST) from exc
    labels = name.split(".")
    if len(name) > 253 or not all(LABEL.fullmatch(label) for label in labels):
        raise RefusedAddress(BAD_HOST)
    return name


def parse_address(text: str) -> IPAddress | None:
    """An address as a resolver reports it (``fe80::1%eth0`` included)."""
    try:
        return ip_address(text)
    except ValueError:
        return None
