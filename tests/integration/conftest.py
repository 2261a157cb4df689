"""Fixtures shared by integration tests of the queue service: its patient
side (queue/) and its hospital side (hospital/)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest

from services.queue.settings import QueueSettings
from tests.queue_builders import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def event_sink(amqp_url: str, namespace: str) -> AsyncIterator[None]:
    """A queue bound to every event of the test's namespace, standing in for
    the other services' queues, so the outbox relay's publishes are routed."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(
            f"{namespace}.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        sink = await channel.declare_queue(
            f"{namespace}.sink", arguments={"x-max-length": 10_000}
        )
        await sink.bind(exchange, "#")
        yield
        await sink.delete(if_unused=False, if_empty=False)


@pytest.fixture
def queue_settings(make_settings: Any, event_sink: None) -> QueueSettings:
    return make_settings(QueueSettings)
