"""The deliveries port's superseding: a later change of a referral replaces
its messages that still wait, marks one being sent so that it is neither
retried nor sent again, and a claimed delivery can be set aside unsent."""

from __future__ import annotations

from datetime import date

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.notification.adapters.memory_deliveries import MemoryDeliveries
from services.notification.adapters.mongo_deliveries import MongoDeliveries
from services.notification.domain.model import EMAIL, OUTDATED, SMS, SUPERSEDED
from services.notification.domain.notices import Notice
from services.notification.service_layer.unit_of_work import Deliveries
from shared.mongo import Document
from tests.contracts.notification.conftest import at
from tests.contracts.notification.test_deliveries import LEASE, delivery

REMINDER = Notice(
    "expiry",
    ("expiry.headline", "expiry.next"),
    {"date": "20.04.2025"},
    last_day=date(2025, 4, 20),
)


class SupersedingContract:
    @pytest.fixture
    def deliveries(self) -> Deliveries:
        raise NotImplementedError

    async def test_what_a_message_says_and_until_when_is_kept_while_it_waits(
        self, deliveries
    ):
        told = delivery("d1", state="waiting", stale_at=at(90), deadlines=(REMINDER,))
        await deliveries.add([told])
        assert await deliveries.get("d1") == told
        claimed = await deliveries.claim(at(0), LEASE)
        assert (claimed.deadlines, claimed.stale_at) == ((REMINDER,), at(90))

    async def test_a_later_change_supersedes_what_still_waits_on_its_channel(
        self, deliveries
    ):
        waiting = delivery("d1", state="waiting", deadlines=(REMINDER,))
        await deliveries.add(
            [
                waiting,
                delivery("mail", EMAIL, due=1, state="waiting"),
                delivery("other", due=2, referral_id="r-2", state="waiting"),
                delivery("code", due=3),
            ]
        )
        assert await deliveries.supersede("r-1", SMS, "new", at(4)) == [waiting]
        superseded = await deliveries.get("d1")
        assert (superseded.status, superseded.superseded_by) == (SUPERSEDED, "new")
        assert (superseded.content, superseded.recipient) == ({}, "+*********67")
        assert superseded.deadlines == ()
        for untouched in ("mail", "other", "code"):
            assert (await deliveries.get(untouched)).status == "pending"
        [record, *_] = await deliveries.for_referral("r-1")
        assert (record.status, record.superseded_by) == (SUPERSEDED, "new")
        assert (record.updated_at, record.attempts) == (at(4), 0)
        assert await deliveries.supersede("r-1", SMS, "newer", at(6)) == []

    async def test_one_being_sent_is_only_marked_and_then_not_retried(self, deliveries):
        await deliveries.add([delivery("d1", state="waiting")])
        claimed = await deliveries.claim(at(0), LEASE)
        assert await deliveries.supersede("r-1", SMS, "new", at(1)) == []
        marked = await deliveries.get("d1")
        assert (marked.status, marked.superseded_by) == ("sending", "new")
        assert await deliveries.retry_later(claimed, at(5), "timeout", at(2)) is False
        assert await deliveries.set_aside(claimed, SUPERSEDED, None, at(2)) is True
        done = await deliveries.get("d1")
        assert (done.status, done.content, done.recipient) == (
            SUPERSEDED,
            {},
            "+*********67",
        )
        assert await deliveries.claim(at(60), LEASE) is None

    async def test_a_crashed_senders_marked_claim_comes_back_with_its_mark(
        self, deliveries
    ):
        await deliveries.add([delivery("d1", state="waiting")])
        await deliveries.claim(at(0), LEASE)
        await deliveries.supersede("r-1", SMS, "new", at(0.1))
        again = await deliveries.claim(at(0.5), LEASE)
        assert (again.key, again.superseded_by, again.attempts) == ("d1", "new", 2)

    async def test_what_was_sent_or_tells_of_no_change_is_not_superseded(
        self, deliveries
    ):
        await deliveries.add([delivery("d1", state="waiting"), delivery("code")])
        claimed = await deliveries.claim(at(0), LEASE)
        await deliveries.mark_sent(claimed, at(0.1))
        assert await deliveries.supersede("r-1", SMS, "new", at(1)) == []
        assert (await deliveries.get("d1")).superseded_by is None
        assert (await deliveries.get("code")).status == "pending"

    async def test_set_aside_needs_the_lease_and_superseded_needs_the_mark(
        self, deliveries
    ):
        await deliveries.add([delivery("d1", state="waiting")])
        claimed = await deliveries.claim(at(0), LEASE)
        assert await deliveries.set_aside(claimed, SUPERSEDED, None, at(1)) is False
        assert await deliveries.set_aside(claimed, OUTDATED, "date_passed", at(1))
        outdated = await deliveries.get("d1")
        assert (outdated.status, outdated.last_error) == (OUTDATED, "date_passed")
        assert (outdated.content, outdated.recipient) == ({}, "+*********67")
        assert await deliveries.set_aside(claimed, OUTDATED, "again", at(2)) is False


class TestMemorySuperseding(SupersedingContract):
    @pytest.fixture
    def deliveries(self) -> Deliveries:
        return MemoryDeliveries({})


@pytest.mark.integration
class TestMongoSuperseding(SupersedingContract):
    @pytest.fixture
    def deliveries(self, mongo_db: AsyncDatabase[Document]) -> Deliveries:
        return MongoDeliveries(mongo_db)
