"""One contract for every store of the one-active guard (one active
referral per patient and bed profile): each subclass only says how to build
its adapter (in memory, or on the real Mongo-wire server)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from services.referral.domain.model import Patient
from services.referral.service_layer.unit_of_work import (
    ActiveHolder,
    ActiveReferrals,
    AlreadyHeld,
    ReferralChange,
)
from tests.unit.referral.factories import a_referral


class ActiveReferralsContract:
    @pytest.fixture
    def active(self) -> ActiveReferrals:
        raise NotImplementedError

    async def test_a_held_guard_names_its_referral(self, active):
        referral = a_referral()
        assert await active.holder(referral) is None
        await active.hold(referral)
        assert await active.holder(referral) == ActiveHolder(
            referral.id, referral.hospitalization_code, "KZ-75-P01"
        )

    async def test_a_patient_holds_one_guard_per_bed_profile(self, active):
        first = a_referral(1)
        await active.hold(first)
        second = a_referral(2, patient=first.patient, referring_facility_id="KZ-71")
        with pytest.raises(AlreadyHeld):
            await active.hold(second)
        assert (await active.holder(second)).referral_id == first.id
        await active.hold(replace(second, bed_profile="narcology"))
        assert await active.holder(a_referral(3)) is None

    async def test_the_same_patient_is_known_by_the_iin_alone(self, active):
        first = a_referral(1)
        await active.hold(first)
        contact = Patient(first.patient.iin, None, "p@example.kz", "ru", False)
        assert (await active.holder(a_referral(2, patient=contact))).referral_id == (
            first.id
        )

    async def test_only_the_holder_releases_the_guard(self, active):
        first = a_referral(1)
        await active.hold(first)
        await active.release(a_referral(2, patient=first.patient))
        assert (await active.holder(first)).referral_id == first.id
        await active.release(first)
        assert await active.holder(first) is None
        await active.hold(a_referral(2, patient=first.patient))


class TestMemoryActiveReferrals(ActiveReferralsContract):
    @pytest.fixture
    def active(self, memory_change: ReferralChange) -> ActiveReferrals:
        return memory_change.active


class TestMongoActiveReferrals(ActiveReferralsContract):
    @pytest.fixture
    def active(self, mongo_change: ReferralChange) -> ActiveReferrals:
        return mongo_change.active
