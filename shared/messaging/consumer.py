"""Consumer: acks only after its handler succeeded.

A failing handler's message is re-published to a retry queue whose TTL gives
the back-off, then dead-lettered with the reason after ``max_attempts``. A
failure of what the handler stands on rather than of the event (``outage``:
the store is unreachable) does not count as an attempt: the event is retried
until the outage ends, never dead-lettered for it. A message that is not a
valid event goes to the dead-letter queue at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import structlog
from aio_pika.abc import (
    AbstractChannel,
    AbstractIncomingMessage,
)

from shared.contracts.envelope import Envelope, MalformedEvent, decode
from shared.logging import correlation_id_var, get_logger, redact_text
from shared.messaging.connection import BrokerConnection
from shared.messaging.publisher import resent
from shared.messaging.topology import Topology

log = get_logger(__name__)


class AlreadyProcessed(Exception):
    """The handler has already handled this event: acknowledge and skip."""


EventHandler = Callable[[Envelope], Awaitable[None]]
ATTEMPT_HEADER = "x-attempt"
ERROR_HEADER = "x-error"


class Consumer(BrokerConnection):
    def __init__(
        self,
        amqp_url: str,
        topology: Topology,
        handlers: Mapping[str, EventHandler],
        *,
        max_attempts: int = 5,
        publish_timeout_s: float = 5.0,
        prefetch: int = 32,
        bindings: list[str] | None = None,
        outage: Callable[[Exception], bool] = lambda exc: False,
    ):
        super().__init__(amqp_url)
        self._topology = topology
        self._handlers = dict(handlers)
        self._max_attempts = max_attempts
        self._publish_timeout_s = publish_timeout_s
        self._prefetch = prefetch
        self._bindings = bindings
        self._outage = outage
        self._channel: AbstractChannel | None = None
        self._one_at_a_time = asyncio.Lock()

    async def start(self) -> None:
        self._channel = await self._open_channel()
        await self._channel.set_qos(prefetch_count=self._prefetch)
        queue = await self._topology.declare(self._channel, self._bindings)
        await queue.consume(self._on_message, no_ack=False)
        log.info("consumer_started", queue=self._topology.queue)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        async with self._one_at_a_time:
            await self._handle(message)

    async def _handle(self, message: AbstractIncomingMessage) -> None:
        try:
            envelope = decode(message.body)
        except MalformedEvent as exc:
            await self._forward(
                message,
                self._topology.dead_letter_queue,
                {ERROR_HEADER: _short(str(exc))},
            )
            log.warning("event_malformed", reason=_short(str(exc)))
            await message.ack()
            return
        handler = self._handlers.get(envelope.event_type)
        token = correlation_id_var.set(envelope.correlation_id or None)
        try:
            with structlog.contextvars.bound_contextvars(
                event_id=envelope.event_id, event_type=envelope.event_type
            ):
                if handler is not None:
                    await self._run_handler(handler, envelope, message)
                else:
                    await message.ack()
        finally:
            correlation_id_var.reset(token)

    async def _run_handler(
        self,
        handler: EventHandler,
        envelope: Envelope,
        message: AbstractIncomingMessage,
    ) -> None:
        try:
            await handler(envelope)
        except AlreadyProcessed:
            log.info("event_duplicate_skipped")
            await message.ack()
            return
        except Exception as exc:  # noqa: BLE001 - any failure is retried
            await self._retry_or_dead_letter(message, exc)
            return
        await message.ack()
        log.info("event_handled")

    async def _retry_or_dead_letter(
        self, message: AbstractIncomingMessage, exc: Exception
    ) -> None:
        failed = header_int(message.headers, ATTEMPT_HEADER)
        outage = self._outage(exc)
        attempt = failed if outage else failed + 1
        error = _short(f"{type(exc).__name__}: {exc}")
        if attempt >= self._max_attempts:
            target = self._topology.dead_letter_queue
            log.error("event_dead_lettered", attempts=attempt, error=error)
        else:
            tier = self._topology.retry_tier(max(attempt, 1))
            target = self._topology.retry_queue(tier)
            log.warning(
                "event_retry_scheduled", attempt=attempt, outage=outage, error=error
            )
        await self._forward(
            message, target, {ATTEMPT_HEADER: attempt, ERROR_HEADER: error}
        )
        await message.ack()

    async def _forward(
        self, message: AbstractIncomingMessage, queue_name: str, headers: dict[str, Any]
    ) -> None:
        assert self._channel is not None
        copy = resent(
            message,
            {
                **(message.headers or {}),
                **headers,
                "x-original-routing-key": message.routing_key or "",
            },
        )
        await self._channel.default_exchange.publish(
            copy,
            routing_key=queue_name,
            mandatory=True,
            timeout=self._publish_timeout_s,
        )


def header_int(headers: Mapping[str, Any] | None, name: str) -> int:
    value = (headers or {}).get(name)
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else 0


def _short(text: str, limit: int = 500) -> str:
    return redact_text(text)[:limit]
