"""Inspect and replay a service's dead-letter queue."""

from __future__ import annotations

from dataclasses import dataclass

import aio_pika

from shared.messaging.consumer import ATTEMPT_HEADER, ERROR_HEADER, header_int
from shared.messaging.publisher import resent
from shared.messaging.topology import CONNECT_TIMEOUT_S, Topology


@dataclass(frozen=True)
class DeadLetter:
    message_id: str
    event_type: str
    error: str
    attempts: int


async def list_dead_letters(
    amqp_url: str, topology: Topology, limit: int = 50
) -> list[DeadLetter]:
    """Peek at up to ``limit`` dead letters; they stay in the queue."""
    connection = await aio_pika.connect(amqp_url, timeout=CONNECT_TIMEOUT_S)
    async with connection:
        channel = await connection.channel()
        queue = await channel.get_queue(topology.dead_letter_queue)
        found = []
        for _ in range(limit):
            message = await queue.get(no_ack=False, fail=False)
            if message is None:
                break
            headers = message.headers or {}
            found.append(
                DeadLetter(
                    message_id=message.message_id or "",
                    event_type=message.type
                    or str(headers.get("x-original-routing-key", "")),
                    error=str(headers.get(ERROR_HEADER, "")),
                    attempts=header_int(headers, ATTEMPT_HEADER),
                )
            )
        return found  # closing the channel returns the peeked messages


async def replay_dead_letters(
    amqp_url: str, topology: Topology, message_id: str | None = None, limit: int = 1000
) -> int:
    """Move dead letters (all, or the one with ``message_id``) back to the
    service's queue with a fresh attempt count. Returns how many moved."""
    connection = await aio_pika.connect(amqp_url, timeout=CONNECT_TIMEOUT_S)
    moved = 0
    async with connection:
        channel = await connection.channel(
            publisher_confirms=True, on_return_raises=True
        )
        queue = await channel.get_queue(topology.dead_letter_queue)
        for _ in range(limit):
            message = await queue.get(no_ack=False, fail=False)
            if message is None:
                break
            if message_id is not None and message.message_id != message_id:
                continue
            headers = {
                k: v
                for k, v in (message.headers or {}).items()
                if k not in (ATTEMPT_HEADER, ERROR_HEADER)
            }
            await channel.default_exchange.publish(
                resent(message, headers),
                routing_key=topology.queue,
                mandatory=True,
                timeout=10,
            )
            await message.ack()
            moved += 1
    return moved
