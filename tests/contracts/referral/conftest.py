"""The referral service's repositories, built in memory or on the real
Mongo-wire server (``mongo_url`` from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.referral.adapters.memory_referrals import memory_referral_change
from services.referral.adapters.mongo_referrals import INDEXES, mongo_referral_change
from services.referral.service_layer.unit_of_work import ReferralChange
from shared.memory_unit_of_work import MemoryStore
from shared.mongo import Document
from tests.contracts.stores import fresh_database

DIGEST_KEY = b"contract-test-digest-key-of-32-bytes!"


@pytest.fixture
def memory_change() -> ReferralChange:
    return memory_referral_change(MemoryStore())


@pytest.fixture
async def mongo_db(mongo_url: str) -> AsyncIterator[AsyncDatabase[Document]]:
    """A database of the test's own with the referral service's indexes."""
    async with fresh_database(mongo_url, INDEXES) as db:
        yield db


@pytest.fixture
def mongo_change(mongo_db: AsyncDatabase[Document]) -> ReferralChange:
    """The repositories outside a transaction (no session)."""
    return mongo_referral_change(DIGEST_KEY)(mongo_db, None)
