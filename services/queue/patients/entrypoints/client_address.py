"""The address a patient lookup is counted against.

The peer's own address, unless the peer is one of TRUSTED_PROXIES: then the
right-most X-Forwarded-For entry that is not itself a trusted proxy (each
proxy appends the peer it saw, so everything left of that entry was written
by the client and proves nothing). An untrusted peer's X-Forwarded-For is
ignored: anyone can send one.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv6Address, ip_address

from aiohttp import hdrs, web

from services.queue.settings import Network

UNKNOWN = "unknown"


def _parsed(address: str) -> IPv4Address | IPv6Address | None:
    try:
        found = ip_address(address)
    except ValueError:
        return None
    if isinstance(found, IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped
    return found


class ClientAddresses:
    def __init__(self, trusted: Sequence[Network] = ()):
        self._trusted = tuple(trusted)

    def of(self, request: web.Request) -> str:
        peer = request.remote or UNKNOWN
        if not self._trusted or not self.is_trusted(peer):
            return peer
        hops = [
            hop.strip()
            for header in request.headers.getall(hdrs.X_FORWARDED_FOR, ())
            for hop in header.split(",")
        ]
        for hop in reversed(hops):
            if hop and not self.is_trusted(hop):
                return hop
        return peer

    def is_trusted(self, address: str) -> bool:
        found = _parsed(address)
        return found is not None and any(found in net for net in self._trusted)
