"""Every exchange and queue the system uses, declared in one place.

<ns>.events                  durable topic exchange; routing key = event type
<ns>.<service>               durable quorum queue, one per consuming service,
                             with x-delivery-limit; poison beyond the limit is
                             dead-lettered to <ns>.<service>.dlq
<ns>.<service>.retry.<n>     classic durable queues with a message TTL; an
                             expired message dead-letters back to the main
                             queue (RabbitMQ 3.10 has no delayed messages)
<ns>.<service>.dlq           durable quorum queue for inspection and replay
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue

CONNECT_TIMEOUT_S = 10.0
"""Every AMQP connection attempt (the first and each robust reconnect) gives up
after this long: a broker that accepts TCP but never answers the handshake
must not hang a service's start or shutdown."""

STATUS_EVENTS = (
    "queue.entry_placed",
    "queue.admission_scheduled",
    "queue.patient_admitted",
    "queue.no_show",
    "queue.entry_rejected",
    "queue.entry_cancelled",
    "queue.entry_expired",
    "queue.entry_reinstated",
    "queue.patient_discharged",
    "queue.entry_renewed",
    "queue.request_refused",
    "queue.entry_updated",
    "queue.entry_reordered",
    "queue.entry_moved",
)
"""The queue events that change a referral (its status, its validity) or
answer a doctor's request about it. The referral service takes only these:
not the lookup's events (a one-time code, a warning), which are for the
notification service alone, and not an emergency admission (the referral it
closes hears of it as ``queue.entry_cancelled``)."""

SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "referral": STATUS_EVENTS,
    "queue": ("referral.*",),
    "notification": (
        "referral.registered",
        "referral.updated",
        "queue.*",
        "notification.failed",
    ),
}


@dataclass(frozen=True)
class Topology:
    namespace: str
    service: str
    retry_delays_ms: Sequence[int] = (1000, 5000, 30000)
    delivery_limit: int = 20

    @property
    def exchange(self) -> str:
        return f"{self.namespace}.events"

    @property
    def queue(self) -> str:
        return f"{self.namespace}.{self.service}"

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.queue}.dlq"

    def retry_queue(self, tier: int) -> str:
        return f"{self.queue}.retry.{tier}"

    def retry_tier(self, attempt: int) -> int:
        """The retry tier for a message that failed its ``attempt``-th time."""
        return min(attempt, len(self.retry_delays_ms)) - 1

    async def declare_exchange(self, channel: AbstractChannel) -> AbstractExchange:
        return await channel.declare_exchange(
            self.exchange, aio_pika.ExchangeType.TOPIC, durable=True
        )

    async def declare(
        self, channel: AbstractChannel, bindings: Sequence[str] | None = None
    ) -> AbstractQueue:
        """Declare the exchange, this service's queues and bindings; return the
        main queue."""
        exchange = await self.declare_exchange(channel)
        await channel.declare_queue(
            self.dead_letter_queue,
            durable=True,
            arguments={"x-queue-type": "quorum"},
        )
        main = await channel.declare_queue(
            self.queue,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-delivery-limit": self.delivery_limit,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": self.dead_letter_queue,
            },
        )
        for tier, delay_ms in enumerate(self.retry_delays_ms):
            await channel.declare_queue(
                self.retry_queue(tier),
                durable=True,
                arguments={
                    "x-message-ttl": delay_ms,
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": self.queue,
                },
            )
        keys = SUBSCRIPTIONS.get(self.service, ()) if bindings is None else bindings
        for routing_key in keys:
            await main.bind(exchange, routing_key)
        return main

    def all_queue_names(self) -> list[str]:
        retry = [self.retry_queue(t) for t in range(len(self.retry_delays_ms))]
        return [self.queue, self.dead_letter_queue, *retry]
