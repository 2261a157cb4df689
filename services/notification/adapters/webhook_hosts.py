"""Resolving a webhook's host name and checking every address it gives.

At registration, :class:`WebhookAddresses` refuses a URL whose host does not
resolve, or resolves to any address the policy refuses. When sending, the
webhook session's connector (:func:`webhook_connector`) resolves again through
:class:`CheckedResolver`, so it connects only to addresses checked a moment
before (a name may resolve elsewhere since registration), and its socket
factory refuses any other address, an address literal in the URL included.
TLS and the Host header still use the name.
"""

from __future__ import annotations

import asyncio
import socket
from abc import ABC, abstractmethod

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from services.notification.domain.webhook_address import (
    NOT_PUBLIC,
    AddressPolicy,
    IPAddress,
    RefusedAddress,
    parse_address,
)

DOES_NOT_RESOLVE = "The host name does not resolve."
RESOLVE_TIMEOUT = "The host name did not resolve in time."
NUMERIC = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV


class HostResolver(ABC):
    @abstractmethod
    async def addresses(self, host: str, port: int) -> list[str]:
        """Every address ``host`` resolves to; an OSError if it does not."""


class SystemResolver(HostResolver):
    """The operating system's resolver (``getaddrinfo``): it also reads
    numeric spellings such as ``2130706433`` or ``0x7f.1`` as the C library
    does, which is why every address it gives is checked."""

    async def addresses(self, host: str, port: int) -> list[str]:
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return [str(info[4][0]) for info in infos]


class UnsafeAddress(OSError):
    """The host resolved to an address the policy refuses."""


async def checked_addresses(
    resolver: HostResolver, policy: AddressPolicy, host: str, port: int
) -> list[IPAddress]:
    """The addresses of ``host``, if every one is allowed."""
    found = [parse_address(text) for text in await resolver.addresses(host, port)]
    if not found:
        raise socket.gaierror(socket.EAI_NONAME, "no address")
    allowed = [address for address in found if address and policy.allows(address)]
    if len(allowed) < len(found):
        raise UnsafeAddress("refused address")
    return allowed


class WebhookAddresses:
    """Checks a URL a facility registers."""

    def __init__(self, policy: AddressPolicy, resolver: HostResolver, timeout_s: float):
        self.policy = policy
        self._resolver = resolver
        self._timeout_s = timeout_s

    async def check(self, url: str) -> None:
        """Raise :class:`RefusedAddress` (its text names the reason)."""
        target = self.policy.target(url)
        if target.address is not None:
            return
        try:
            async with asyncio.timeout(self._timeout_s):
                await checked_addresses(
                    self._resolver, self.policy, target.host, target.port
                )
        except TimeoutError as exc:
            raise RefusedAddress(RESOLVE_TIMEOUT) from exc
        except UnsafeAddress as exc:
            raise RefusedAddress(NOT_PUBLIC) from exc
        except (OSError, UnicodeError) as exc:
            raise RefusedAddress(DOES_NOT_RESOLVE) from exc


class CheckedResolver(AbstractResolver):
    """aiohttp's resolver for the webhook session: resolves, and refuses the
    host if any of its addresses is refused."""

    def __init__(self, resolver: HostResolver, policy: AddressPolicy):
        self._resolver = resolver
        self._policy = policy

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addresses = await checked_addresses(self._resolver, self._policy, host, port)
        results = [_result(host, address, port) for address in addresses]
        wanted = [r for r in results if family in (0, r["family"])]
        if not wanted:
            raise socket.gaierror(socket.EAI_FAMILY, "no address of that family")
        return wanted

    async def close(self) -> None:
        return None


def _result(host: str, address: IPAddress, port: int) -> ResolveResult:
    family = socket.AF_INET if address.version == 4 else socket.AF_INET6
    return ResolveResult(
        hostname=host,
        host=str(address),
        port=port,
        family=family,
        proto=0,
        flags=NUMERIC,
    )


def guarded_socket_factory(policy: AddressPolicy) -> aiohttp.SocketFactoryType:
    """Makes the socket for a connection only to an allowed address."""

    def factory(addr_info: aiohttp.AddrInfoType) -> socket.socket:
        family, kind, proto, _, sockaddr = addr_info
        address = parse_address(str(sockaddr[0]))
        if address is None or not policy.allows(address):
            raise UnsafeAddress("refused address")
        return socket.socket(family, kind, proto)

    return factory


def webhook_connector(
    policy: AddressPolicy, resolver: HostResolver
) -> aiohttp.TCPConnector:
    return aiohttp.TCPConnector(
        resolver=CheckedResolver(resolver, policy),
        use_dns_cache=False,
        socket_factory=guarded_socket_factory(policy),
    )
