"""The broker connection the consumer and the publisher each hold: robust
(it reconnects by itself), with one confirming channel on it."""

from __future__ import annotations

import aio_pika
from aio_pika.abc import AbstractRobustChannel, AbstractRobustConnection

from shared.messaging.topology import CONNECT_TIMEOUT_S


class BrokerConnection:
    def __init__(self, amqp_url: str):
        self._amqp_url = amqp_url
        self._connection: AbstractRobustConnection | None = None

    async def _open_channel(self) -> AbstractRobustChannel:
        """Connect, and open a channel on which the broker confirms every
        message and returns an unroutable one."""
        self._connection = await aio_pika.connect_robust(
            self._amqp_url, timeout=CONNECT_TIMEOUT_S
        )
        return await self._connection.channel(
            publisher_confirms=True, on_return_raises=True
        )

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    @property
    def is_connected(self) -> bool:
        """False while the robust connection is down and reconnecting."""
        return (
            self._connection is not None
            and not self._connection.is_closed
            and self._connection.connected.is_set()
        )
