"""One contract for every store of the patients' names (kept by referral
id, apart from the entries): each subclass only says how to build its
adapter (in memory, or on the real Mongo-wire server)."""

from __future__ import annotations

import pytest

from services.queue.waiting_list.service_layer.ports import PatientNames
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange


class PatientNamesContract:
    @pytest.fixture
    def names(self) -> PatientNames:
        raise NotImplementedError

    async def test_a_referral_without_a_name_has_none(self, names):
        assert await names.of_referrals(["r-1"]) == {}
        assert await names.of_referrals([]) == {}

    async def test_the_latest_version_is_kept_and_an_older_one_ignored(self, names):
        assert await names.keep("r-1", 2, "Әлия Серікқызы")
        assert not await names.keep("r-1", 1, "Ескі Аты")
        assert not await names.keep("r-1", 2, "Тағы Бір")
        assert await names.of_referrals(["r-1"]) == {"r-1": "Әлия Серікқызы"}
        assert await names.keep("r-1", 3, "Әлия Әлиева")
        assert await names.of_referrals(["r-1"]) == {"r-1": "Әлия Әлиева"}

    async def test_the_names_of_a_page_come_back_by_referral(self, names):
        await names.keep("r-1", 1, "Айгүл")
        await names.keep("r-2", 1, "O'Neil J.")
        await names.keep("r-9", 1, "Not Asked")
        found = await names.of_referrals(["r-2", "r-1", "r-3"])
        assert found == {"r-1": "Айгүл", "r-2": "O'Neil J."}


class TestMemoryPatientNames(PatientNamesContract):
    @pytest.fixture
    def names(self, memory_change: QueueChange) -> PatientNames:
        return memory_change.patient_names


class TestMongoPatientNames(PatientNamesContract):
    @pytest.fixture
    def names(self, mongo_change: QueueChange) -> PatientNames:
        return mongo_change.patient_names
