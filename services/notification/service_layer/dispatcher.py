"""Sends pending deliveries, outside any transaction, and records the outcome.

A delivery is claimed with a lease (status ``sending``); if the process dies
while sending, the lease expires and the delivery is sent again with the same
idempotency key. Transient failures come back after an exponential back-off
with jitter; permanent ones, and the last allowed attempt, end as ``failed``
with a ``notification.failed`` event in the same transaction.

A delivery a later change superseded while it was being sent is neither
retried nor sent again, and one whose dates have passed by the time it could
go (an admission date, a one-time code's expiry) is not sent: both end
without being handed to a channel, recorded as ``superseded`` or
``outdated``.

A text to a patient that would name the kind of care is never handed to a
channel: it fails at once as ``revealing_text`` (the catalogues are checked
in tests and at start, so this is a programming or configuration error).

Claims and the other outcomes are single-record writes, each atomic on its
own, made through the unit of work's reader; only a failure, which emits an
event, runs in a unit of work.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from services.notification.domain.channels import (
    Channel,
    DeliveryFailure,
    PermanentFailure,
    TransientFailure,
)
from services.notification.domain.model import (
    CHANNELS,
    DATE_PASSED,
    OUTDATED,
    SMS,
    SUPERSEDED,
    Delivery,
)
from services.notification.domain.planning import patient_texts
from services.notification.domain.privacy import RevealingText, assert_discreet
from services.notification.domain.schedule import Backoff, QuietHours
from services.notification.service_layer.unit_of_work import (
    NotificationChange,
    NotificationUnitOfWork,
)
from shared.background import stop_task, wait_or_timeout
from shared.clock import Clock
from shared.contracts import new_event
from shared.logging import get_logger, redact_text

log = get_logger(__name__)
REVEALING_TEXT = "revealing_text"


@dataclass(frozen=True)
class DispatchPolicy:
    max_attempts: int
    backoff: Backoff
    lease: timedelta
    quiet_hours: QuietHours
    interval_s: float = 1.0
    concurrency: int = 8


class Dispatcher:
    def __init__(
        self,
        uow: NotificationUnitOfWork,
        channels: Mapping[str, Channel],
        policy: DispatchPolicy,
        clock: Clock,
        producer: str = "notification",
    ):
        self._uow = uow
        self._store = uow.reader().deliveries
        self._channels = dict(channels)
        self._policy = policy
        self._clock = clock
        self._producer = producer
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wakeup.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="notification-dispatcher")

    async def stop(self) -> None:
        await stop_task(self._task)
        self._task = None

    async def _run(self) -> None:
        while True:
            self._wakeup.clear()
            try:
                await self.dispatch_due()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep dispatching
                log.warning("dispatch_failed", error=redact_text(repr(exc)))
            await wait_or_timeout(self._wakeup, self._policy.interval_s)

    async def dispatch_due(self) -> int:
        """Send everything due now, a batch at a time; return how many."""
        handled = 0
        while batch := await self._claim_batch():
            await asyncio.gather(*(self._deliver(d) for d in batch))
            handled += len(batch)
        return handled

    async def _claim_batch(self) -> list[Delivery]:
        now = self._clock()
        quiet = [SMS] if self._policy.quiet_hours.is_quiet(now) else []
        skip = [c for c in CHANNELS if c not in self._channels]
        batch = []
        for _ in range(self._policy.concurrency):
            claimed = await self._store.claim(now, self._policy.lease, skip, quiet)
            if claimed is None:
                break
            batch.append(claimed)
        return batch

    async def _deliver(self, delivery: Delivery) -> None:
        if await self._set_aside(delivery):
            return
        try:
            await self._send(delivery)
        except TransientFailure as exc:
            await self._transient(delivery, exc)
        except PermanentFailure as exc:
            await self._fail(delivery, exc)
        except Exception as exc:  # noqa: BLE001 - an adapter bug: retry, then fail
            failure = TransientFailure("unexpected", type(exc).__name__)
            await self._transient(delivery, failure)
        else:
            await self._store.mark_sent(delivery, self._clock())
            log.info("delivery_sent", **_log_fields(delivery))

    async def _set_aside(self, delivery: Delivery) -> bool:
        """Whether the claimed delivery is not to be sent: a later change
        superseded it while it was being sent (a crashed sender's), or its
        dates have passed. Recorded as such, never handed to a channel."""
        now = self._clock()
        if delivery.superseded_by is not None:
            status, error = SUPERSEDED, None
        elif delivery.stale_at is not None and delivery.stale_at <= now:
            status, error = OUTDATED, DATE_PASSED
        else:
            return False
        if await self._store.set_aside(delivery, status, error, now):
            log.info("delivery_set_aside", status=status, **_log_fields(delivery))
        return True

    async def _send(self, delivery: Delivery) -> None:
        try:
            assert_discreet(patient_texts(delivery))
        except RevealingText as exc:
            raise PermanentFailure(REVEALING_TEXT) from exc
        await self._channels[delivery.channel].send(delivery)

    async def _transient(self, delivery: Delivery, exc: DeliveryFailure) -> None:
        if delivery.attempts >= self._policy.max_attempts:
            await self._fail(delivery, exc)
            return
        now = self._clock()
        when = now + self._policy.backoff.delay(delivery.attempts)
        if delivery.channel == SMS and not delivery.any_hour:
            when = self._policy.quiet_hours.next_allowed(when)
        if await self._store.retry_later(delivery, when, exc.reason, now):
            log.warning("delivery_retry", **_log_fields(delivery, exc))
        elif await self._store.set_aside(delivery, SUPERSEDED, None, now):
            log.info("delivery_set_aside", status=SUPERSEDED, **_log_fields(delivery))

    async def _fail(self, delivery: Delivery, failure: DeliveryFailure) -> None:
        reason = failure.reason

        async def work(tx: NotificationChange) -> None:
            if not await tx.deliveries.mark_failed(delivery, reason, self._clock()):
                return
            tx.emit(
                new_event(
                    "notification.failed",
                    {
                        "delivery_id": delivery.key,
                        "referral_id": delivery.referral_id,
                        "channel": delivery.channel,
                        "source_event_type": delivery.event_type,
                        "attempts": delivery.attempts,
                        "error": reason,
                    },
                    producer=self._producer,
                )
            )

        await self._uow.run(work)
        log.error("delivery_failed", **_log_fields(delivery, failure))


def _log_fields(
    delivery: Delivery, failure: DeliveryFailure | None = None
) -> dict[str, object]:
    """What a log line says of a delivery: never its recipient, and of a
    failure only its reason and detail (an exception's class name)."""
    fields: dict[str, object] = {
        "delivery_id": delivery.key,
        "referral_id": delivery.referral_id,
        "channel": delivery.channel,
        "attempts": delivery.attempts,
    }
    if failure is not None:
        fields.update(reason=failure.reason, detail=failure.detail)
    return fields
