"""No message is sent twice: not for a duplicate event, not when the consumer
crashes after committing, not when the sender crashes after the provider
accepted (the same idempotency key goes out again), not with two senders."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.notification.adapters.mongo_repositories import INDEXES
from services.notification.bootstrap import (
    WebhookParts,
    build_bus,
    dispatch_policy,
    init_app,
    open_channels,
)
from services.notification.entrypoints.consumers import event_handlers
from services.notification.service_layer.dispatcher import Dispatcher
from services.notification.service_layer.messagebus import MessageBus
from shared.clock import utc_now
from shared.runtime import PLATFORM, close_platform, open_platform, start_consumer
from tests.integration.notification.conftest import (
    deliveries_of,
    eventually,
    queue_event,
    registered,
)


def bus_for(platform, settings) -> MessageBus:
    return build_bus(platform, settings, WebhookParts.of(settings, None))


async def test_a_duplicated_event_is_sent_once(
    aiohttp_client, notification_settings, smtp, gateway
):
    client = await aiohttp_client(init_app(notification_settings()))
    publisher = client.app[PLATFORM].publisher
    referral = registered()
    rid = referral.data["referral_id"]
    placed = queue_event("queue.entry_placed", rid)
    await publisher.publish(referral)
    for _ in range(3):
        await publisher.publish(placed)
    await eventually(lambda: gateway[0].requests and smtp[0].mails)
    await publisher.publish(placed)
    records = await eventually(
        lambda: _all_sent(client.app, rid, expected=2), timeout=10
    )
    assert sorted(r["channel"] for r in records) == ["email", "sms"]
    assert len(gateway[0].requests) == 1
    assert len(smtp[0].mails) == 1


async def _all_sent(app, referral_id, expected):
    records = await deliveries_of(app, referral_id)
    done = len(records) == expected and all(r["status"] == "sent" for r in records)
    return records if done else None


class CrashOnceAfterCommit:
    """Wraps a handler: the first message it commits is followed by a crash
    before the ack; records each outcome ("committed" or the error's name)."""

    def __init__(self, handler) -> None:
        self.handler = handler
        self.crashes: list[str] = []
        self.outcomes: list[str] = []

    async def __call__(self, envelope) -> None:
        try:
            await self.handler(envelope)
        except Exception as exc:
            self.outcomes.append(type(exc).__name__)
            raise
        self.outcomes.append("committed")
        if not self.crashes:
            self.crashes.append(envelope.event_id)
            raise ConnectionResetError("process died before the ack")


async def test_redelivery_after_a_consumer_crash_sends_nothing_twice(
    notification_settings, smtp, gateway
):
    settings = notification_settings()
    platform = await open_platform(settings, INDEXES)
    bus = bus_for(platform, settings)
    handlers, uow = event_handlers(bus), bus.deps.uow
    crashing = CrashOnceAfterCommit(handlers["queue.entry_placed"])
    outcomes = crashing.outcomes
    await start_consumer(platform, {**handlers, "queue.entry_placed": crashing})
    async with open_channels(settings, uow) as channels:
        dispatcher = Dispatcher(uow, channels, dispatch_policy(settings), utc_now)
        dispatcher.start()
        try:
            referral = registered()
            await platform.publisher.publish(referral)
            placed = queue_event("queue.entry_placed", referral.data["referral_id"])
            await platform.publisher.publish(placed)
            await eventually(lambda: gateway[0].requests and smtp[0].mails)
            store = uow.reader().deliveries
            # the copy redelivered from the retry queue is recognised and skipped
            await eventually(lambda: len(outcomes) == 2)
            assert outcomes == ["committed", "AlreadyProcessed"]
            await dispatcher.dispatch_due()
            assert len(gateway[0].requests) == 1
            assert len(smtp[0].mails) == 1
            assert len(await store.for_referral(referral.data["referral_id"])) == 2
        finally:
            await dispatcher.stop()
            await close_platform(platform)


async def test_a_send_cut_off_before_it_was_recorded_goes_again_with_the_same_key(
    notification_settings, smtp, gateway
):
    settings = notification_settings()
    platform = await open_platform(settings, INDEXES)
    bus = bus_for(platform, settings)
    handlers, uow = event_handlers(bus), bus.deps.uow
    try:
        referral = registered()
        await handlers["referral.registered"](referral)
        placed = queue_event("queue.entry_placed", referral.data["referral_id"])
        await handlers["queue.entry_placed"](placed)
        store = uow.reader().deliveries
        async with open_channels(settings, uow) as channels:
            now = utc_now()
            lease = timedelta(seconds=30)
            while claimed := await store.claim(now, lease):
                await channels[claimed.channel].send(claimed)  # then the crash
            later = now + timedelta(seconds=31)
            dispatcher = Dispatcher(
                uow, channels, dispatch_policy(settings), lambda: later
            )
            assert await dispatcher.dispatch_due() == 2
        sms_keys = [r["headers"]["Idempotency-Key"] for r in gateway[0].requests]
        assert len(sms_keys) == 2 and sms_keys[0] == sms_keys[1]
        assert gateway[0].requests[0]["body"] == gateway[0].requests[1]["body"]
        message_ids = [m.message["Message-ID"] for m in smtp[0].mails]
        assert len(message_ids) == 2 and message_ids[0] == message_ids[1]
        records = await store.for_referral(referral.data["referral_id"])
        assert [(r.status, r.attempts) for r in records] == [("sent", 2)] * 2
    finally:
        await close_platform(platform)


async def test_two_dispatchers_never_send_the_same_delivery(
    notification_settings, smtp, gateway
):
    settings = notification_settings(dispatch_concurrency=3)
    platform = await open_platform(settings, INDEXES)
    bus = bus_for(platform, settings)
    handlers, uow = event_handlers(bus), bus.deps.uow
    try:
        for n in range(8):
            referral = registered(phone=f"+7701123450{n}", email=f"p{n}@example.kz")
            await handlers["referral.registered"](referral)
            placed = queue_event("queue.entry_placed", referral.data["referral_id"])
            await handlers["queue.entry_placed"](placed)
        async with open_channels(settings, uow) as channels:
            senders = [
                Dispatcher(uow, channels, dispatch_policy(settings), utc_now)
                for _ in range(2)
            ]
            counts = await asyncio.gather(*(d.dispatch_due() for d in senders))
        assert sum(counts) == 16
        keys = [r["headers"]["Idempotency-Key"] for r in gateway[0].requests]
        assert len(keys) == len(set(keys)) == 8
        message_ids = [m.message["Message-ID"] for m in smtp[0].mails]
        assert len(message_ids) == len(set(message_ids)) == 8
    finally:
        await close_platform(platform)
