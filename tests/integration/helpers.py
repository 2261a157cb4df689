"""Helpers for integration tests: a probe queue bound to a namespace's
exchange, to see what the services publish; a store crash."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aio_pika

from shared.embedded import SecantusServer


def crash(server: SecantusServer) -> None:
    """Kill the store as a power cut or the OOM killer would: SIGKILL to its
    whole process group, no shutdown of any kind."""
    assert server.process is not None
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait()


class EventProbe:
    def __init__(self, queue: aio_pika.abc.AbstractQueue):
        self._queue = queue

    async def next(self, timeout: float = 10.0) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            message = await self._queue.get(no_ack=True, fail=False)
            if message is not None:
                return dict(json.loads(message.body))
            await asyncio.sleep(0.05)
        raise TimeoutError("no event arrived in time")

    async def wait_for(
        self, event_type: str, timeout: float = 10.0, **data: Any
    ) -> dict[str, Any]:
        """The next event of ``event_type`` whose data has the given values."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"no {event_type} {data} arrived in time")
            event = await self.next(remaining)
            if event["event_type"] == event_type and all(
                event["data"].get(k) == v for k, v in data.items()
            ):
                return event

    async def take_waiting(self) -> list[dict[str, Any]]:
        """Every event already in the probe's queue, without waiting."""
        events = []
        while (message := await self._queue.get(no_ack=True, fail=False)) is not None:
            events.append(dict(json.loads(message.body)))
        return events

    async def drain(self, quiet_s: float = 0.5) -> list[dict[str, Any]]:
        events = []
        while True:
            try:
                events.append(await self.next(quiet_s))
            except TimeoutError:
                return events


@asynccontextmanager
async def event_probe(
    amqp_url: str, namespace: str, routing_key: str | tuple[str, ...] = "#"
) -> AsyncIterator[EventProbe]:
    """A probe queue bound with ``routing_key`` (or each of several, as a
    service's queue is bound: it then hears what that service hears)."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(
            f"{namespace}.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        keys = (routing_key,) if isinstance(routing_key, str) else routing_key
        for key in keys:
            await queue.bind(exchange, key)
        yield EventProbe(queue)
