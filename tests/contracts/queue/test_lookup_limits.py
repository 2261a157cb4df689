"""One contract for every store of the lookup limits: each subclass only says
how to build its adapter (in memory, or in the real Mongo-wire server)."""

from __future__ import annotations

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.patients.adapters.memory_limits import MemoryLookupLimits
from services.queue.patients.adapters.mongo_limits import MongoLookupLimits
from services.queue.patients.service_layer.ports import (
    DAY_S,
    Guess,
    LookupLimits,
    LookupPolicy,
)
from services.queue.waiting_list.adapters.collections import (
    LOOKUP_CLIENTS,
    LOOKUP_GUESSES,
    ONE_TIME_CODES,
)
from shared.mongo import Document

POLICY = LookupPolicy(
    client_per_minute=30, client_burst=3, guesses_per_day=4, code_valid_s=600,
    code_attempts=3,
)  # fmt: skip
KEY = b"contract-test-digest-key-of-32-bytes!"
CODE = "KZ-75-CONTRACT01"


class Seconds:
    def __init__(self) -> None:
        self.now = 1_780_000_000.0

    def __call__(self) -> float:
        return self.now


def other(value: str) -> str:
    return f"{(int(value) + 1) % 1_000_000:06d}"


class LookupLimitsContract:
    @pytest.fixture
    def seconds(self) -> Seconds:
        return Seconds()

    @pytest.fixture
    def limits(self, seconds: Seconds) -> LookupLimits:
        raise NotImplementedError

    async def test_a_client_gets_its_burst_then_is_told_how_long_to_wait(
        self, limits, seconds
    ):
        assert [await limits.take_client("10.0.0.1") for _ in range(3)] == [0, 0, 0]
        assert await limits.take_client("10.0.0.1") == 2
        assert await limits.take_client("10.0.0.2") == 0
        seconds.now += 2
        assert await limits.take_client("10.0.0.1") == 0
        assert await limits.take_client("10.0.0.1") > 0

    async def test_a_budget_is_spent_by_its_guesses_of_the_last_day(
        self, limits, seconds
    ):
        for _ in range(3):
            assert (await limits.count_guess(CODE)).spent is False
            seconds.now += 3600
        assert await limits.budget_spent(CODE) is False
        assert (await limits.count_guess(CODE)).spent is True
        assert await limits.budget_spent(CODE) is True
        assert await limits.budget_spent("KZ-75-OTHER") is False
        seconds.now += DAY_S - 3 * 3600  # the first guess is a day old
        assert await limits.budget_spent(CODE) is False

    async def test_the_patient_is_warned_once_a_day_while_the_budget_is_spent(
        self, limits, seconds
    ):
        warnings = [(await limits.count_guess(CODE)).warn for _ in range(8)]
        assert warnings == [False, False, False, True, False, False, False, False]
        seconds.now += DAY_S - 1
        later = [await limits.count_guess(CODE) for _ in range(3)]
        assert [(g.spent, g.warn) for g in later] == [(True, False)] * 3
        seconds.now += 1  # the first guesses and their warning are a day old
        assert await limits.count_guess(CODE) == Guess(spent=True, warn=True)

    async def test_a_one_time_code_is_six_digits_and_right_until_it_expires(
        self, limits, seconds
    ):
        issued = await limits.issue_code(CODE)
        assert issued is not None and len(issued.value) == 6 and issued.value.isdigit()
        assert issued.expires_at == seconds.now + 600
        assert issued.value not in repr(issued)
        assert await limits.check_code(CODE, issued.value) is True
        assert await limits.check_code(CODE, issued.value) is True
        assert await limits.check_code("KZ-75-OTHER", issued.value) is False
        seconds.now += 599
        assert await limits.check_code(CODE, issued.value) is True
        seconds.now += 1
        assert await limits.check_code(CODE, issued.value) is False

    async def test_wrong_one_time_codes_void_it_after_its_attempts(self, limits):
        issued = await limits.issue_code(CODE)
        assert issued is not None
        for _ in range(3):
            assert await limits.check_code(CODE, other(issued.value)) is False
        assert await limits.check_code(CODE, issued.value) is False

    async def test_a_new_code_comes_only_a_minute_after_the_last(self, limits, seconds):
        first = await limits.issue_code(CODE)
        assert first is not None
        seconds.now += 59
        assert await limits.issue_code(CODE) is None
        assert await limits.issue_code("KZ-75-OTHER") is not None
        seconds.now += 1
        second = await limits.issue_code(CODE)
        assert second is not None
        assert await limits.check_code(CODE, second.value) is True
        if first.value != second.value:  # one in a million draws the same
            assert await limits.check_code(CODE, first.value) is False

    async def test_a_new_code_comes_with_its_attempts_again(self, limits, seconds):
        first = await limits.issue_code(CODE)
        assert first is not None
        for _ in range(3):
            await limits.check_code(CODE, other(first.value))
        seconds.now += 60
        second = await limits.issue_code(CODE)
        assert second is not None
        assert await limits.check_code(CODE, second.value) is True

    async def test_with_no_code_issued_nothing_is_right(self, limits):
        assert await limits.check_code(CODE, "123456") is False


class TestMemoryStore(LookupLimitsContract):
    @pytest.fixture
    def limits(self, seconds: Seconds) -> LookupLimits:
        return MemoryLookupLimits(POLICY, KEY, seconds)

    async def test_spraying_codes_does_not_forget_a_code_under_attack(self, seconds):
        limits = MemoryLookupLimits(POLICY, KEY, seconds, max_keys=10)
        for _ in range(4):
            await limits.count_guess(CODE)
        for n in range(50):
            await limits.count_guess(f"KZ-75-SPRAY{n:03d}")
        assert await limits.budget_spent(CODE) is True

    async def test_idle_codes_are_forgotten_when_the_table_is_full(self, seconds):
        limits = MemoryLookupLimits(POLICY, KEY, seconds, max_keys=3)
        for n in range(3):
            await limits.count_guess(f"KZ-75-IDLE{n}")
        seconds.now += DAY_S
        for _ in range(4):
            await limits.count_guess(CODE)
        assert await limits.budget_spent(CODE) is True
        assert len(limits._guesses) == 1


class TestMongoStore(LookupLimitsContract):
    @pytest.fixture
    def limits(
        self, seconds: Seconds, mongo_db: AsyncDatabase[Document]
    ) -> LookupLimits:
        return MongoLookupLimits(mongo_db, POLICY, KEY, seconds)

    async def test_it_keeps_digests_never_the_code_address_or_one_time_code(
        self, limits, mongo_db
    ):
        await limits.take_client("10.9.8.7")
        await limits.count_guess(CODE)
        issued = await limits.issue_code(CODE)
        assert issued is not None
        stored = []
        for name in (LOOKUP_CLIENTS, LOOKUP_GUESSES, ONE_TIME_CODES):
            stored += await mongo_db[name].find().to_list(None)
        assert len(stored) == 3
        text = repr(stored)
        assert CODE not in text and "10.9.8.7" not in text
        assert f"'{issued.value}'" not in text
        assert all(isinstance(doc["_id"], bytes) for doc in stored)

    async def test_every_document_expires_by_a_ttl_index(self, mongo_db):
        for name in (LOOKUP_CLIENTS, LOOKUP_GUESSES, ONE_TIME_CODES):
            indexes = await mongo_db[name].index_information()
            ttl = [i for i in indexes.values() if "expireAfterSeconds" in i]
            assert [i["key"] for i in ttl] == [[("expires_at", 1)]], name

    async def test_two_replicas_sharing_the_store_share_the_budget(
        self, limits, mongo_db, seconds
    ):
        other_replica = MongoLookupLimits(mongo_db, POLICY, KEY, seconds)
        await limits.count_guess(CODE)
        await other_replica.count_guess(CODE)
        await limits.count_guess(CODE)
        assert (await other_replica.count_guess(CODE)).spent is True
        assert await limits.budget_spent(CODE) is True
        issued = await limits.issue_code(CODE)
        assert issued is not None and await other_replica.issue_code(CODE) is None
        assert await other_replica.check_code(CODE, issued.value) is True
