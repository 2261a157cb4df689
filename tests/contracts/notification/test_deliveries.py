"""The deliveries port: what every adapter promises, the dispatcher's
claims, leases and outcomes included."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.notification.adapters.memory_deliveries import MemoryDeliveries
from services.notification.adapters.mongo_deliveries import MongoDeliveries
from services.notification.domain.model import (
    EMAIL,
    SMS,
    WEBHOOK,
    Delivery,
    DeliveryRecord,
)
from services.notification.service_layer.unit_of_work import Deliveries
from shared.mongo import Document
from tests.contracts.notification.conftest import at

LEASE = timedelta(seconds=30)
ADDRESSES = {SMS: "+77011234567", EMAIL: "aigerim@mail.kz", WEBHOOK: "KZ-75-P01"}


def delivery(
    key: str, channel: str = SMS, due: float = 0, referral_id: str = "r-1", **more
) -> Delivery:
    return Delivery(
        key=key,
        referral_id=referral_id,
        source_event_id=f"event-{key}",
        event_type="queue.entry_placed",
        channel=channel,
        recipient=ADDRESSES[channel],
        language="kk",
        content={"text": f"message {key}"},
        created_at=at(due),
        next_attempt_at=at(due),
        **more,
    )


class DeliveriesContract:
    @pytest.fixture
    def deliveries(self) -> Deliveries:
        raise NotImplementedError

    async def test_adding_is_idempotent(self, deliveries):
        first = delivery("d1")
        await deliveries.add([first])
        await deliveries.add([replace(first, content={"text": "other"})])
        assert await deliveries.get("d1") == first
        assert await deliveries.get("unknown") is None

    async def test_only_what_is_due_is_claimed_with_its_attempt_counted(
        self, deliveries
    ):
        await deliveries.add([delivery("d1", due=5)])
        assert await deliveries.claim(at(4), LEASE) is None
        claimed = await deliveries.claim(at(5), LEASE)
        assert (claimed.key, claimed.status, claimed.attempts) == ("d1", "sending", 1)
        assert claimed.content == {"text": "message d1"}
        assert claimed.recipient == ADDRESSES[SMS]
        assert await deliveries.claim(at(5), LEASE) is None

    async def test_a_claim_whose_lease_expired_is_claimed_again(self, deliveries):
        await deliveries.add([delivery("d1")])
        first = await deliveries.claim(at(0), LEASE)
        assert await deliveries.claim(at(0.4), LEASE) is None
        again = await deliveries.claim(at(0.5), LEASE)
        assert (again.key, again.attempts) == ("d1", 2)
        assert await deliveries.mark_sent(first, at(1)) is False
        assert await deliveries.mark_sent(again, at(1)) is True

    async def test_the_most_overdue_goes_first(self, deliveries):
        await deliveries.add([delivery("d2", due=2), delivery("d1", due=1)])
        await deliveries.add([delivery("d3", due=3)])
        claimed = [await deliveries.claim(at(10), LEASE) for _ in range(3)]
        assert [d.key for d in claimed] == ["d1", "d2", "d3"]

    async def test_skipped_channels_are_not_claimed(self, deliveries):
        await deliveries.add([delivery("d1", SMS), delivery("d2", WEBHOOK, due=1)])
        claimed = await deliveries.claim(at(2), LEASE, skip_channels=[SMS])
        assert claimed.key == "d2"
        assert await deliveries.claim(at(2), LEASE, skip_channels=[SMS]) is None

    async def test_quiet_channels_wait_unless_sent_at_any_hour(self, deliveries):
        await deliveries.add(
            [
                delivery("d1", SMS),
                delivery("d2", SMS, due=1, any_hour=True),
                delivery("d3", EMAIL, due=2),
            ]
        )
        quiet = [
            await deliveries.claim(at(3), LEASE, quiet_channels=[SMS]) for _ in range(3)
        ]
        assert [d.key if d else None for d in quiet] == ["d2", "d3", None]

    async def test_sent_is_final_and_keeps_no_body_or_address(self, deliveries):
        await deliveries.add([delivery("d1")])
        claimed = await deliveries.claim(at(0), LEASE)
        assert await deliveries.mark_sent(claimed, at(1)) is True
        sent = await deliveries.get("d1")
        assert (sent.status, sent.sent_at, sent.last_error) == ("sent", at(1), None)
        assert (sent.content, sent.recipient) == ({}, "+*********67")
        assert await deliveries.claim(at(60), LEASE) is None
        assert await deliveries.mark_sent(claimed, at(2)) is False

    async def test_a_retry_waits_until_its_time(self, deliveries):
        await deliveries.add([delivery("d1")])
        claimed = await deliveries.claim(at(0), LEASE)
        assert await deliveries.retry_later(claimed, at(5), "HTTP 503", at(1))
        waiting = await deliveries.get("d1")
        assert (waiting.status, waiting.attempts) == ("pending", 1)
        assert (waiting.next_attempt_at, waiting.last_error) == (at(5), "HTTP 503")
        assert waiting.content == {"text": "message d1"}
        assert await deliveries.claim(at(4), LEASE) is None
        again = await deliveries.claim(at(5), LEASE)
        assert (again.key, again.attempts) == ("d1", 2)

    async def test_failed_is_final_and_keeps_no_body_or_address(self, deliveries):
        await deliveries.add([delivery("d1", EMAIL)])
        claimed = await deliveries.claim(at(0), LEASE)
        assert await deliveries.mark_failed(claimed, "smtp_recipient_550", at(1))
        failed = await deliveries.get("d1")
        assert (failed.status, failed.last_error) == ("failed", "smtp_recipient_550")
        assert (failed.content, failed.recipient) == ({}, "a***@***.kz")
        assert await deliveries.mark_failed(claimed, "again", at(2)) is False

    async def test_a_referrals_records_come_oldest_first_without_bodies(
        self, deliveries
    ):
        await deliveries.add([delivery("d2", EMAIL, due=2), delivery("d1", due=1)])
        await deliveries.add([delivery("other", due=3, referral_id="r-2")])
        claimed = await deliveries.claim(at(1), LEASE)
        await deliveries.mark_sent(claimed, at(1.5))
        records = await deliveries.for_referral("r-1")
        assert records == [
            DeliveryRecord(
                delivery_id="d1",
                event_type="queue.entry_placed",
                channel=SMS,
                recipient="+*********67",
                language="kk",
                status="sent",
                attempts=1,
                created_at=at(1),
                updated_at=at(1.5),
                next_attempt_at=at(1),
                sent_at=at(1.5),
            ),
            DeliveryRecord(
                delivery_id="d2",
                event_type="queue.entry_placed",
                channel=EMAIL,
                recipient="a***@***.kz",
                language="kk",
                status="pending",
                attempts=0,
                created_at=at(2),
                updated_at=at(2),
                next_attempt_at=at(2),
            ),
        ]
        assert [r.delivery_id for r in await deliveries.for_referral("r-1", 1)] == [
            "d1"
        ]
        assert await deliveries.for_referral("r-unknown") == []


class TestMemoryDeliveries(DeliveriesContract):
    @pytest.fixture
    def deliveries(self) -> Deliveries:
        return MemoryDeliveries({})


@pytest.mark.integration
class TestMongoDeliveries(DeliveriesContract):
    @pytest.fixture
    def deliveries(self, mongo_db: AsyncDatabase[Document]) -> Deliveries:
        return MongoDeliveries(mongo_db)
