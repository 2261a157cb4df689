"""One contract for every store of the answers kept for an Idempotency-Key
(shared.idempotency.Answers): each subclass only says how to build its
adapter (in memory, or on the real Mongo-wire server)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from shared.idempotency import Answers, StoredAnswer
from shared.memory_idempotency import MemoryAnswers
from shared.mongo_idempotency import ANSWER_INDEXES, MongoAnswers
from tests.contracts.stores import fresh_database

NOW = datetime(2026, 3, 2, 9, 0, 0, 250000, tzinfo=UTC)
HOUR = timedelta(hours=1)
SCOPE = "KZ-75-P01|dr-aliya|c0ffee-0001"
FIRST = StoredAnswer(
    "print-1", 201, {"id": "r1", "warnings": [{"code": "w", "field": "f"}]}
)


class AnswersContract:
    @pytest.fixture
    def answers(self) -> Answers:
        raise NotImplementedError

    async def test_nothing_is_kept_for_an_unused_key(self, answers):
        assert await answers.find(SCOPE, NOW) is None

    async def test_a_kept_answer_is_found_until_it_expires(self, answers):
        await answers.keep(SCOPE, FIRST, NOW + HOUR)
        assert await answers.find(SCOPE, NOW) == FIRST
        assert await answers.find(SCOPE, NOW + HOUR - timedelta(seconds=1)) == FIRST
        assert await answers.find(SCOPE, NOW + HOUR) is None

    async def test_each_scope_keeps_its_own_answer(self, answers):
        other = StoredAnswer("print-2", 200, {"taken": []})
        await answers.keep(SCOPE, FIRST, NOW + HOUR)
        await answers.keep("KZ-75-P01|dr-other|c0ffee-0001", other, NOW + HOUR)
        assert await answers.find(SCOPE, NOW) == FIRST
        assert await answers.find("KZ-75-P01|dr-other|c0ffee-0001", NOW) == other
        assert await answers.find("KZ-75-P01|dr-other|c0ffee-0002", NOW) is None

    async def test_an_expired_answer_gives_way_to_a_new_one(self, answers):
        await answers.keep(SCOPE, FIRST, NOW)
        later = StoredAnswer("print-2", 200, {"n": 2})
        await answers.keep(SCOPE, later, NOW + 2 * HOUR)
        assert await answers.find(SCOPE, NOW + HOUR) == later

    async def test_a_found_answer_is_a_copy(self, answers):
        await answers.keep(SCOPE, FIRST, NOW + HOUR)
        found = await answers.find(SCOPE, NOW)
        found.body["warnings"].clear()
        assert await answers.find(SCOPE, NOW) == FIRST


class TestMemoryAnswers(AnswersContract):
    @pytest.fixture
    def answers(self) -> Answers:
        return MemoryAnswers({})


class TestMongoAnswers(AnswersContract):
    @pytest.fixture
    async def answers(self, mongo_url: str) -> AsyncIterator[Answers]:
        async with fresh_database(mongo_url, {"answers": ANSWER_INDEXES}) as db:
            yield MongoAnswers(db, None, "answers")

    async def test_an_answer_kept_before_answers_had_a_status_is_a_201(self, mongo_url):
        async with fresh_database(mongo_url, {"answers": ANSWER_INDEXES}) as db:
            await db["answers"].insert_one(
                {
                    "_id": SCOPE,
                    "fingerprint": "print-1",
                    "referral_id": "r1",
                    "body": FIRST.body,
                    "expires_at": NOW + HOUR,
                }
            )
            assert await MongoAnswers(db, None, "answers").find(SCOPE, NOW) == FIRST
