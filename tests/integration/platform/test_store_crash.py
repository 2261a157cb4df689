"""The store keeps every transaction it acknowledged: changes and their
outbox records committed through the unit of work, the store SIGKILLed right
after the last acknowledgement, restarted on the same data, and every one of
them is there.

The store is started by the same ``SecantusServer`` that ``kezek up``, the
tests' session server and the benchmark use: without ``--sync-on-commit`` it
loses its newest acknowledged transactions (1 to 40 of 200 here, in 29 of 30
crashes; three crashes in a row make a pass without the flag unlikely)."""

from __future__ import annotations

import asyncio
import itertools

from pymongo.errors import PyMongoError

from shared.embedded import SecantusServer
from shared.mongo import connect
from shared.mongo_unit_of_work import MongoChange, MongoUnitOfWork
from shared.outbox import OUTBOX
from tests.integration.helpers import crash
from tests.integration.platform.helpers import cancelled

TRANSACTIONS = 200
WRITERS = 4
ROUNDS = 3
DATABASE = "crash_test"
TIMEOUT_S = 5.0


async def commit_change_and_event(
    uow: MongoUnitOfWork[MongoChange], referral_id: str
) -> str:
    """One transaction: a referral document and its event; returns the
    event's id once the store acknowledged it."""
    event = cancelled(referral_id)

    async def work(tx: MongoChange) -> None:
        await tx.db.referrals.insert_one({"_id": referral_id}, session=tx.session)
        tx.emit(event)

    await uow.run(work)
    return event.event_id


async def commit_until_crash(store: SecantusServer, round_: int) -> dict[str, str]:
    """Commit one change and its event per transaction from several writers
    at once; SIGKILL the store the moment the last one is acknowledged, with
    the others' writes in flight, and start it again on the same port and
    data. Returns each acknowledged referral id with its event id (a write in
    flight at the crash may still be acknowledged after it: it counts)."""
    client = connect(store.url)
    uow = MongoUnitOfWork(client, client[DATABASE], MongoChange, timeout_s=TIMEOUT_S)
    acknowledged: dict[str, str] = {}
    crashed = asyncio.Event()

    async def writer(name: str) -> None:
        for n in itertools.count():
            if crashed.is_set():
                return
            referral_id = f"R-{round_}-{name}-{n:04d}"
            try:
                event_id = await commit_change_and_event(uow, referral_id)
            except PyMongoError:
                if crashed.is_set():
                    return  # in flight at the crash and never acknowledged
                raise
            acknowledged[referral_id] = event_id
            if len(acknowledged) == TRANSACTIONS:
                crash(store)
                crashed.set()
                store.start()

    try:
        await asyncio.gather(*(writer(f"w{w}") for w in range(WRITERS)))
    finally:
        await client.close()
    return acknowledged


async def test_every_acknowledged_transaction_survives_a_sigkill_of_the_store(
    own_store: SecantusServer,
):
    acknowledged: dict[str, str] = {}
    for round_ in range(ROUNDS):
        acknowledged |= await commit_until_crash(own_store, round_)
        changes, events = await what_is_stored(own_store)
        lost = [r for r in acknowledged if r not in changes]
        assert lost == [], f"crash {round_ + 1}: {len(lost)} acknowledged changes lost"
        lost_events = [e for e in acknowledged.values() if e not in events]
        assert lost_events == [], f"crash {round_ + 1}: {len(lost_events)} events lost"
    assert len(acknowledged) >= ROUNDS * TRANSACTIONS


async def what_is_stored(store: SecantusServer) -> tuple[set[str], set[str]]:
    """The referral ids and outbox event ids the store holds."""
    client = connect(store.url)
    try:
        db = client[DATABASE]
        changes = {doc["_id"] async for doc in db.referrals.find({})}
        events = {doc["_id"] async for doc in db[OUTBOX].find({})}
    finally:
        await client.close()
    return changes, events
