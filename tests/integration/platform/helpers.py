"""Helpers for the messaging-guarantee tests: a TCP proxy the test can cut,
events, an idempotent effect recorder, polling."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aio_pika

from shared.contracts import Envelope, new_event
from shared.logging import correlation_id_var
from shared.messaging.topology import SUBSCRIPTIONS, Topology
from shared.runtime import Platform


def cancelled(referral_id: str | None = None, **data: Any) -> Envelope:
    """A small valid event the ``queue`` service subscribes to."""
    return new_event(
        "referral.cancelled",
        {
            "referral_id": referral_id or uuid.uuid4().hex,
            "hospitalization_code": "KZ-H-TEST",
            "version": 2,
            "reason_code": "other",
            "actor": "doctor",
            **data,
        },
        producer="test",
    )


async def wait_until(
    condition: Callable[[], Awaitable[bool]], timeout: float = 15.0, what: str = ""
) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {timeout:.0f} s: {what}")
        await asyncio.sleep(0.05)


@dataclass
class EffectRecorder:
    """An idempotent consumer whose effect is a counter per referral: the
    counter is incremented in the same transaction that records the event id,
    so a duplicate that slipped through would show as a count of 2."""

    platform: Platform
    calls: list[str] = field(default_factory=list)
    correlation_ids: list[str | None] = field(default_factory=list)

    async def handle(self, envelope: Envelope) -> None:
        self.calls.append(envelope.event_id)
        self.correlation_ids.append(correlation_id_var.get())
        referral_id = envelope.data["referral_id"]

        async def work(tx: Any) -> None:
            await tx.db.effects.update_one(
                {"_id": referral_id},
                {"$inc": {"count": 1}},
                upsert=True,
                session=tx.session,
            )

        await self.platform.uow.run(work, handled_event_id=envelope.event_id)

    async def counts(self) -> dict[str, int]:
        return {d["_id"]: d["count"] async for d in self.platform.db.effects.find({})}


class TcpProxy:
    """A TCP proxy on 127.0.0.1 that the test can cut: every connection is
    dropped and new ones are refused until it reopens."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = 0
        self.accepted = 0
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()
        self._pipes: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._on_client, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    def url_for(self, url: str, **query: str) -> str:
        parts = urlsplit(url)
        auth = parts.netloc.rpartition("@")[0]
        netloc = f"{auth}@127.0.0.1:{self.port}" if auth else f"127.0.0.1:{self.port}"
        params = "&".join(f"{k}={v}" for k, v in query.items())
        return urlunsplit((parts.scheme, netloc, parts.path, params, ""))

    async def cut(self, refuse_for: float) -> None:
        """Drop every connection, refuse new ones for ``refuse_for`` s."""
        await self._stop_listening()
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()
        await asyncio.sleep(refuse_for)
        await self.start()

    async def close(self) -> None:
        await self._stop_listening()
        for writer in list(self._links):
            writer.transport.abort()
        for pipe in list(self._pipes):
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def _stop_listening(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _on_client(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                *self.target
            )
        except OSError:
            client_writer.transport.abort()
            return
        self.accepted += 1
        self._links |= {client_writer, upstream_writer}
        for reader, writer in (
            (client_reader, upstream_writer),
            (upstream_reader, client_writer),
        ):
            pipe = asyncio.create_task(self._pipe(reader, writer))
            self._pipes.add(pipe)
            pipe.add_done_callback(self._pipes.discard)

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while chunk := await reader.read(65536):
                writer.write(chunk)
                await writer.drain()
        writer.transport.abort()
        self._links.discard(writer)


async def delete_namespace(amqp_url: str, namespace: str, retry_tiers: int = 3) -> None:
    """Delete the exchange and every service queue of a test's namespace, so
    no test leaves queues behind on the shared broker."""
    names = [
        name
        for service in SUBSCRIPTIONS
        for name in Topology(namespace, service, (0,) * retry_tiers).all_queue_names()
    ]
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        for name in names:
            await channel.queue_delete(name)
        await channel.exchange_delete(f"{namespace}.events")
