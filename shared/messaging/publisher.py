"""Publisher: confirms, persistent messages, mandatory routing, timeouts."""

from __future__ import annotations

import asyncio
from typing import Any

import aio_pika
from aio_pika.abc import (
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractRobustChannel,
)
from aio_pika.exceptions import DeliveryError, PublishError

from shared.contracts.envelope import Envelope, encode
from shared.logging import get_logger
from shared.messaging.connection import BrokerConnection
from shared.messaging.topology import Topology

log = get_logger(__name__)


class PublishFailed(RuntimeError):
    """The broker did not confirm the message in time, or could not route it."""


def to_message(
    envelope: Envelope, headers: dict[str, Any] | None = None
) -> aio_pika.Message:
    return aio_pika.Message(
        body=encode(envelope),
        content_type="application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=envelope.event_id,
        type=envelope.event_type,
        correlation_id=envelope.correlation_id or None,
        headers={"x-correlation-id": envelope.correlation_id, **(headers or {})},
    )


def resent(
    message: AbstractIncomingMessage, headers: dict[str, Any]
) -> aio_pika.Message:
    """A persistent copy of a received message, with ``headers`` for its own."""
    return aio_pika.Message(
        body=message.body,
        content_type=message.content_type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=message.message_id,
        type=message.type,
        correlation_id=message.correlation_id,
        headers=headers,
    )


class Publisher(BrokerConnection):
    """Publishes events to the topic exchange, raising unless the broker
    confirmed the message and routed it to at least one queue."""

    def __init__(self, amqp_url: str, topology: Topology, timeout_s: float = 5.0):
        super().__init__(amqp_url)
        self._topology = topology
        self._timeout_s = timeout_s
        self._channel: AbstractRobustChannel | None = None
        self._exchange: AbstractExchange | None = None

    async def connect(self) -> None:
        self._channel = await self._open_channel()
        self._exchange = await self._topology.declare_exchange(self._channel)

    async def publish(self, envelope: Envelope) -> None:
        if self._exchange is None or self._channel is None:
            raise PublishFailed("publisher is not connected")
        if not self.is_connected or self._channel.is_closed:
            await self._wait_for_reconnect(envelope)
        try:
            await self._exchange.publish(
                to_message(envelope),
                routing_key=envelope.event_type,
                mandatory=True,
                timeout=self._timeout_s,
            )
        except (DeliveryError, PublishError) as exc:
            raise PublishFailed(f"{envelope.event_type} not routed: {exc}") from exc
        except TimeoutError as exc:
            raise PublishFailed(f"{envelope.event_type} not confirmed in time") from exc
        except (aio_pika.exceptions.AMQPError, ConnectionError, RuntimeError) as exc:
            raise PublishFailed(f"{envelope.event_type}: broker error {exc!r}") from exc
        log.debug(
            "event_published",
            event_id=envelope.event_id,
            event_type=envelope.event_type,
        )

    async def _wait_for_reconnect(self, envelope: Envelope) -> None:
        """The robust connection restores itself; publishing meanwhile would
        fail at once, so wait for it up to the publish timeout."""
        assert self._channel is not None
        try:
            await asyncio.wait_for(self._channel.ready(), self._timeout_s)
        except (TimeoutError, aio_pika.exceptions.AMQPError, RuntimeError) as exc:
            raise PublishFailed(
                f"{envelope.event_type}: broker unreachable ({type(exc).__name__})"
            ) from exc
