"""Placing and cancelling referrals in the waiting list's service layer on
the memory unit of work (no database, no broker): the same handlers as in
production, the queue's repositories in memory."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.waiting_list.adapters.collections import (
    ENTRIES,
    QUEUE_LOG,
    TOMBSTONES,
)
from services.queue.waiting_list.adapters.memory_queue import memory_queue_change
from services.queue.waiting_list.domain.pace import Pace
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.calendar import Calendar
from services.queue.waiting_list.service_layer.changes import EntryChanges
from services.queue.waiting_list.service_layer.dependencies import (
    ExpiryRules,
    WaitingList,
)
from services.queue.waiting_list.service_layer.handlers import (
    cancel_referral,
    place_referral,
)
from services.queue.waiting_list.service_layer.writer import WriterRules
from shared.memory_unit_of_work import MemoryUnitOfWork
from shared.messaging import AlreadyProcessed
from tests.integration.queue.support import START, cancelled, delivered, registered

DIGEST_KEY = b"unit-test-digest-key-of-32-bytes!!"


@pytest.fixture
def waiting_list() -> WaitingList:
    uow = MemoryUnitOfWork(memory_queue_change)
    book = LiveBook("Asia/Almaty")
    calendar = Calendar("Asia/Almaty", lambda: START + timedelta(hours=1))
    pace = Pace(90, 5, lambda queue_id: None)
    changes = EntryChanges(uow, book, calendar, pace, WriterRules(0.1, (10, 5)))
    expiry = ExpiryRules(7, 14, 30, 90, 60.0)
    return WaitingList(changes, uow, book, calendar, pace, expiry, DIGEST_KEY)


def stored(waiting_list: WaitingList, name: str) -> dict:
    return waiting_list.uow.store.collection(name)


async def test_a_placed_referral_is_in_the_book_and_the_log(waiting_list):
    envelope = delivered(registered(registered_at=START))
    await place_referral(envelope, waiting_list)
    code = envelope.data["hospitalization_code"]
    assert waiting_list.book.get(code).status == "waiting"
    [entry] = stored(waiting_list, ENTRIES).values()
    assert (entry["hospitalization_code"], entry["log_n"]) == (code, 1)
    [record] = stored(waiting_list, QUEUE_LOG).values()
    assert record["record"]["entry_id"] == entry["_id"]
    [event] = waiting_list.uow.store.outbox
    assert event.event_type == "queue.entry_placed"
    assert event.data["position"] == 1


async def test_a_delivery_handled_twice_places_once(waiting_list):
    envelope = delivered(registered(registered_at=START))
    await place_referral(envelope, waiting_list)
    with pytest.raises(AlreadyProcessed):
        await place_referral(envelope, waiting_list)
    assert len(stored(waiting_list, ENTRIES)) == 1


async def test_a_cancellation_arriving_before_the_registration_wins(waiting_list):
    envelope = delivered(registered(registered_at=START))
    data = envelope.data
    await cancel_referral(
        delivered(cancelled(data["referral_id"], data["hospitalization_code"])),
        waiting_list,
    )
    await place_referral(envelope, waiting_list)
    assert waiting_list.book.get(data["hospitalization_code"]) is None
    assert stored(waiting_list, ENTRIES) == {}
    assert stored(waiting_list, TOMBSTONES) == {data["referral_id"]: 2}
