"""The webhooks port: what every adapter promises."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.notification.adapters.memory_repositories import MemoryWebhooks
from services.notification.adapters.mongo_repositories import MongoWebhooks
from services.notification.domain.model import Webhook
from services.notification.service_layer.unit_of_work import Webhooks
from shared.mongo import Document
from tests.contracts.notification.conftest import at

CLINIC = "KZ-75-P01"
REGISTERED = Webhook(CLINIC, "https://his.test/k", at(0), at(1), sealed_secret="v1.x")
LEGACY = Webhook(CLINIC, "https://his.test/old", at(0), at(0), plain_secret="whsec_p")
Plant = Callable[[Webhook], Awaitable[None]]


class WebhooksContract:
    """``plant`` stores a registration as a version before sealing did."""

    @pytest.fixture
    def webhooks(self) -> Webhooks:
        raise NotImplementedError

    @pytest.fixture
    def plant(self, webhooks: Webhooks) -> Plant:
        raise NotImplementedError

    async def test_a_registration_is_read_back_and_replaced(self, webhooks):
        assert await webhooks.get(CLINIC) is None
        await webhooks.put(REGISTERED)
        assert await webhooks.get(CLINIC) == REGISTERED
        replaced = replace(REGISTERED, url="https://his.test/v2", updated_at=at(2))
        await webhooks.put(replaced)
        assert await webhooks.get(CLINIC) == replaced

    async def test_deleting_says_whether_there_was_one(self, webhooks):
        await webhooks.put(REGISTERED)
        assert await webhooks.delete(CLINIC) is True
        assert await webhooks.get(CLINIC) is None
        assert await webhooks.delete(CLINIC) is False

    async def test_a_plain_secret_of_an_earlier_version_is_read(self, webhooks, plant):
        await plant(LEGACY)
        await webhooks.put(replace(REGISTERED, facility_id="KZ-75-P02"))
        assert await webhooks.get(CLINIC) == LEGACY
        assert await webhooks.with_plain_secret() == [LEGACY]

    async def test_sealing_replaces_the_plain_secret(self, webhooks, plant):
        await plant(LEGACY)
        assert await webhooks.seal(CLINIC, "whsec_other", "v1.y") is False
        assert await webhooks.seal(CLINIC, "whsec_p", "v1.y") is True
        sealed = replace(LEGACY, sealed_secret="v1.y", plain_secret=None)
        assert await webhooks.get(CLINIC) == sealed
        assert await webhooks.with_plain_secret() == []
        assert await webhooks.seal(CLINIC, "whsec_p", "v1.z") is False

    async def test_putting_drops_a_plain_secret(self, webhooks, plant):
        await plant(LEGACY)
        await webhooks.put(replace(LEGACY, sealed_secret="v1.y"))
        stored = await webhooks.get(CLINIC)
        assert (stored.plain_secret, stored.sealed_secret) == (None, "v1.y")


class TestMemoryWebhooks(WebhooksContract):
    @pytest.fixture
    def records(self) -> dict[str, Webhook]:
        return {}

    @pytest.fixture
    def webhooks(self, records: dict[str, Webhook]) -> Webhooks:
        return MemoryWebhooks(records)

    @pytest.fixture
    def plant(self, records: dict[str, Webhook]) -> Plant:
        async def plant(webhook: Webhook) -> None:
            records[webhook.facility_id] = webhook

        return plant


@pytest.mark.integration
class TestMongoWebhooks(WebhooksContract):
    @pytest.fixture
    def webhooks(self, mongo_db: AsyncDatabase[Document]) -> Webhooks:
        return MongoWebhooks(mongo_db)

    @pytest.fixture
    def plant(self, mongo_db: AsyncDatabase[Document]) -> Plant:
        async def plant(webhook: Webhook) -> None:
            await mongo_db["webhooks"].insert_one(
                {
                    "_id": webhook.facility_id,
                    "url": webhook.url,
                    "secret": webhook.plain_secret,
                    "created_at": webhook.created_at,
                    "updated_at": webhook.updated_at,
                }
            )

        return plant
