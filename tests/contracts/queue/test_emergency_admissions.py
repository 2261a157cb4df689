"""One contract for every store of the emergency admission records: each
subclass only says how to build its adapter (in memory, or on the real
Mongo-wire server)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.queue.waiting_list.service_layer.ports import (
    EmergencyAdmission,
    EmergencyAdmissions,
)
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange

ADMISSION = EmergencyAdmission(
    admission_id="a-1",
    queue_id="KZ-75-H01:cardiology",
    facility_id="KZ-75-H01",
    bed_profile="cardiology",
    diagnosis="I21.0",
    admitted_at=datetime(2026, 3, 2, 9, 0, 0, 250000, tzinfo=UTC),
    actor="hospital:KZ-75-H01:clerk-1",
    closed_entry_ids=["e-1", "e-2"],
)


class EmergencyAdmissionsContract:
    @pytest.fixture
    def admissions(self) -> EmergencyAdmissions:
        raise NotImplementedError

    async def test_an_admission_is_kept_whole(self, admissions):
        assert await admissions.get("a-1") is None
        await admissions.add(ADMISSION)
        assert await admissions.get("a-1") == ADMISSION
        assert await admissions.get("a-2") is None


class TestMemoryEmergencyAdmissions(EmergencyAdmissionsContract):
    @pytest.fixture
    def admissions(self, memory_change: QueueChange) -> EmergencyAdmissions:
        return memory_change.emergency_admissions


class TestMongoEmergencyAdmissions(EmergencyAdmissionsContract):
    @pytest.fixture
    def admissions(self, mongo_change: QueueChange) -> EmergencyAdmissions:
        return mongo_change.emergency_admissions
