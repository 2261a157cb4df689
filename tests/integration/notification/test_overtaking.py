"""A queue event that overtakes its registration on the real broker goes
through the consumer's retry queues and is told once the contact is here
(the rest of the patient rules are unit tests: tests/unit/notification)."""

from __future__ import annotations

import asyncio

from services.notification.bootstrap import init_app
from shared.runtime import PLATFORM
from tests.integration.notification.conftest import (
    deliveries_of,
    eventually,
    queue_event,
    registered,
)


async def test_a_queue_event_that_arrives_before_the_registration_is_sent_later(
    aiohttp_client, notification_settings, smtp, gateway
):
    client = await aiohttp_client(init_app(notification_settings()))
    publisher = client.app[PLATFORM].publisher
    referral = registered(language="en")
    rid = referral.data["referral_id"]
    await publisher.publish(queue_event("queue.entry_placed", rid))
    await asyncio.sleep(0.2)
    await publisher.publish(referral)
    await eventually(lambda: smtp[0].mails and gateway[0].requests)
    assert "waiting list" in gateway[0].requests[0]["json"]["text"]
    records = await deliveries_of(client.app, rid)
    assert sorted(r["channel"] for r in records) == ["email", "sms"]
