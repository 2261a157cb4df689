"""A host resolver for tests (this machine has no outside network): names
resolve to the addresses a test points them at, and can be re-pointed."""

from __future__ import annotations

import asyncio
import socket

from services.notification.adapters.webhook_hosts import HostResolver


class FixedResolver(HostResolver):
    def __init__(self, names: dict[str, list[str]] | None = None):
        self.names = dict(names or {})
        self.stalling: set[str] = set()
        self.lookups: list[str] = []

    def point(self, name: str, *addresses: str) -> None:
        self.names[name] = list(addresses)

    async def addresses(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host in self.stalling:
            await asyncio.Event().wait()
        if host not in self.names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.names[host]
