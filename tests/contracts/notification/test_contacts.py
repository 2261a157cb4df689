"""The contacts port: what every adapter promises."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.notification.adapters.memory_repositories import MemoryContacts
from services.notification.adapters.mongo_repositories import MongoContacts
from services.notification.domain.model import Contact
from services.notification.service_layer.unit_of_work import Contacts
from shared.mongo import Document
from tests.contracts.notification.conftest import at

CONTACT = Contact(
    referral_id="r-1",
    hospitalization_code="75-ABCD-EFGH-K",
    referring_facility_id="KZ-75-P01",
    language="kk",
    consent=True,
    phone="+77011234567",
    email="patient@example.kz",
    version=2,
)


class ContactsContract:
    @pytest.fixture
    def contacts(self) -> Contacts:
        raise NotImplementedError

    async def test_an_unknown_referral_has_no_contact_and_version_zero(self, contacts):
        assert await contacts.get("r-unknown") is None
        assert await contacts.queue_version("r-unknown") == 0

    async def test_a_saved_contact_is_read_back(self, contacts):
        assert await contacts.save(CONTACT, at(0)) is True
        assert await contacts.get("r-1") == CONTACT

    async def test_an_older_version_does_not_replace_a_newer_one(self, contacts):
        await contacts.save(CONTACT, at(0))
        older = replace(CONTACT, version=1, language="ru")
        assert await contacts.save(older, at(1)) is False
        newer = replace(CONTACT, version=3, language="en")
        assert await contacts.save(newer, at(2)) is True
        assert await contacts.get("r-1") == newer

    async def test_the_queue_version_only_goes_up(self, contacts):
        await contacts.save(CONTACT, at(0))
        await contacts.advance_queue_version("r-1", 4)
        await contacts.advance_queue_version("r-1", 3)
        assert await contacts.queue_version("r-1") == 4

    async def test_advancing_an_unknown_referral_keeps_nothing(self, contacts):
        await contacts.advance_queue_version("r-unknown", 4)
        assert await contacts.get("r-unknown") is None
        assert await contacts.queue_version("r-unknown") == 0

    async def test_a_saved_contact_keeps_its_queue_version(self, contacts):
        await contacts.save(CONTACT, at(0))
        await contacts.advance_queue_version("r-1", 5)
        await contacts.save(replace(CONTACT, version=3), at(1))
        assert await contacts.queue_version("r-1") == 5

    async def test_forgetting_addresses_keeps_the_rest(self, contacts):
        await contacts.save(CONTACT, at(0))
        await contacts.forget_addresses("r-1")
        assert await contacts.get("r-1") == replace(CONTACT, phone=None, email=None)
        await contacts.forget_addresses("r-unknown")
        assert await contacts.get("r-unknown") is None


class TestMemoryContacts(ContactsContract):
    @pytest.fixture
    def contacts(self) -> Contacts:
        return MemoryContacts({})


@pytest.mark.integration
class TestMongoContacts(ContactsContract):
    @pytest.fixture
    def contacts(self, mongo_db: AsyncDatabase[Document]) -> Contacts:
        return MongoContacts(mongo_db)
