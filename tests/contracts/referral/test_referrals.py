"""One contract for every store of referrals: each subclass only says how
to build its adapter (in memory, or on the real Mongo-wire server)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from services.referral.domain.model import Status
from services.referral.domain.queue_state import QueueState
from services.referral.domain.requests import PendingRequest, Request
from services.referral.service_layer.unit_of_work import (
    CodeTaken,
    ReferralChange,
    ReferralFilter,
    Referrals,
    StaleWrite,
)
from tests.unit.referral.factories import T0, a_referral

CLINIC = ReferralFilter(facility_id="KZ-75-P01")


async def ids(referrals: Referrals, where: ReferralFilter = CLINIC) -> list[str]:
    return [s.id for s in await referrals.summaries(where, offset=0, limit=100)]


class ReferralsContract:
    @pytest.fixture
    def referrals(self) -> Referrals:
        raise NotImplementedError

    async def test_a_referral_reads_back_as_it_was_added(self, referrals):
        referral = a_referral(
            queue=QueueState("e1", "KZ-75-M01:psychiatry", 3, date(2026, 3, 9))
        )
        await referrals.add(referral)
        assert await referrals.get(referral.id) == referral
        assert await referrals.get("f" * 32) is None

    async def test_a_pending_request_and_its_step_read_back_as_saved(self, referrals):
        await referrals.add(a_referral(status=Status.WAITING))
        referral = await referrals.get(a_referral().id)
        asked = Request(date(2026, 6, 1), "still_waiting", "in words", "doctor:d", T0)
        referral.request_renewal(replace(asked, at=T0 + timedelta(hours=1)))
        await referrals.save(referral, expected_version=1)
        stored = await referrals.get(referral.id)
        assert stored == referral
        assert stored.pending == PendingRequest(
            "renewal", 2, T0 + timedelta(hours=1), date(2026, 6, 1), "still_waiting"
        )
        assert stored.history[-1].action == "renewal_requested"

    async def test_a_code_in_use_is_refused_and_the_first_referral_kept(
        self, referrals
    ):
        first = a_referral(1)
        await referrals.add(first)
        with pytest.raises(CodeTaken):
            await referrals.add(
                a_referral(2, hospitalization_code=first.hospitalization_code)
            )
        assert await referrals.get(a_referral(2).id) is None
        assert await referrals.get(first.id) == first

    async def test_a_save_at_the_read_version_stores_the_change(self, referrals):
        await referrals.add(a_referral())
        referral = await referrals.get(a_referral().id)
        referral.cancel("duplicate", "twice", "doctor:dr-aliya", T0 + timedelta(1))
        await referrals.save(referral, expected_version=1)
        stored = await referrals.get(referral.id)
        assert (stored.status, stored.version) == (Status.CANCELLED, 2)
        assert stored.history[-1].note == "twice"

    async def test_a_save_at_a_stale_version_is_refused(self, referrals):
        referral = a_referral()
        await referrals.add(referral)
        changed = replace(referral, status=Status.CANCELLED, version=2)
        await referrals.save(changed, expected_version=1)
        with pytest.raises(StaleWrite):
            await referrals.save(replace(changed, version=3), expected_version=1)
        with pytest.raises(StaleWrite):
            await referrals.save(a_referral(2), expected_version=1)
        assert (await referrals.get(referral.id)).version == 2

    async def test_a_read_referral_changes_only_when_saved(self, referrals):
        await referrals.add(a_referral())
        read = await referrals.get(a_referral().id)
        read.history.clear()
        assert len((await referrals.get(read.id)).history) == 1

    async def test_a_referral_is_read_only_by_its_referring_facility(self, referrals):
        referral = a_referral()
        await referrals.add(referral)
        assert await referrals.of_facility(referral.id, "KZ-75-P01") == referral
        assert await referrals.of_facility(referral.id, "KZ-71-P01") is None
        assert await referrals.of_facility("f" * 32, "KZ-75-P01") is None

    async def test_summaries_come_newest_first_a_page_at_a_time(self, referrals):
        for n in (2, 1, 3):
            await referrals.add(a_referral(n))
        await referrals.add(a_referral(4, referring_facility_id="KZ-75-P02"))
        tie = a_referral(5, registered_at=a_referral(3).registered_at)
        await referrals.add(tie)
        assert await ids(referrals) == [tie.id] + [a_referral(n).id for n in (3, 2, 1)]
        page = await referrals.summaries(CLINIC, offset=1, limit=2)
        assert [s.id for s in page] == [a_referral(n).id for n in (3, 2)]

    async def test_summaries_filter_by_status_code_and_patient(self, referrals):
        kept, dropped = a_referral(1), a_referral(2)
        for referral in (kept, dropped):
            await referrals.add(referral)
        cancelled = replace(dropped, status=Status.CANCELLED, version=2)
        await referrals.save(cancelled, expected_version=1)
        by = {
            "status": ReferralFilter("KZ-75-P01", status="cancelled"),
            "code": ReferralFilter(
                "KZ-75-P01", hospitalization_code=kept.hospitalization_code
            ),
            "patient": ReferralFilter("KZ-75-P01", iin=kept.patient.iin),
            "both": ReferralFilter("KZ-75-P01", "registered", iin=dropped.patient.iin),
        }
        assert await ids(referrals, by["status"]) == [dropped.id]
        assert await ids(referrals, by["code"]) == [kept.id]
        assert await ids(referrals, by["patient"]) == [kept.id]
        assert await ids(referrals, by["both"]) == []

    async def test_summaries_filter_by_practitioner_within_the_facility(
        self, referrals
    ):
        mine, colleagues = a_referral(1), a_referral(2, practitioner_id="dr-berik")
        elsewhere = a_referral(3, referring_facility_id="KZ-75-P02")
        for referral in (mine, colleagues, elsewhere):
            await referrals.add(referral)
        own = ReferralFilter("KZ-75-P01", practitioner_id="dr-aliya")
        assert await ids(referrals, own) == [mine.id]
        assert await ids(referrals) == [colleagues.id, mine.id]

    async def test_a_summary_has_what_the_list_shows(self, referrals):
        referral = a_referral()
        referral.cancel("duplicate", None, "doctor:dr-aliya", T0 + timedelta(hours=1))
        await referrals.add(referral)
        [summary] = await referrals.summaries(CLINIC, offset=0, limit=10)
        assert vars(summary) == {
            "id": referral.id,
            "hospitalization_code": referral.hospitalization_code,
            "status": "cancelled",
            "facility_id": "KZ-75-M01",
            "bed_profile": "psychiatry",
            "stay": "round_the_clock",
            "priority": "planned",
            "registered_at": referral.registered_at,
            "valid_until": referral.valid_until,
            "updated_at": T0 + timedelta(hours=1),
            "iin": referral.patient.iin,
            "scheduled_date": None,
            "estimated_earliest": None,
            "estimated_latest": None,
        }

    async def test_a_summary_has_the_queues_last_word(self, referrals):
        referral = a_referral()
        window = (date(2027, 1, 10), date(2027, 2, 20))
        referral.queue = QueueState(
            "e-1",
            "KZ-75-M01:psychiatry",
            estimated_earliest=window[0],
            estimated_latest=window[1],
        )
        await referrals.add(referral)
        [summary] = await referrals.summaries(CLINIC, offset=0, limit=10)
        assert (summary.estimated_earliest, summary.estimated_latest) == window
        assert summary.scheduled_date is None


class TestMemoryReferrals(ReferralsContract):
    @pytest.fixture
    def referrals(self, memory_change: ReferralChange) -> Referrals:
        return memory_change.referrals


class TestMongoReferrals(ReferralsContract):
    @pytest.fixture
    def referrals(self, mongo_change: ReferralChange) -> Referrals:
        return mongo_change.referrals

    async def test_the_code_is_the_only_unique_index(self, mongo_db):
        indexes = await mongo_db["referrals"].index_information()
        unique = [i for i in indexes.values() if i.get("unique")]
        assert [i["key"] for i in unique] == [[("hospitalization_code", 1)]]

    async def test_the_list_of_ones_own_referrals_has_an_index(self, mongo_db):
        indexes = await mongo_db["referrals"].index_information()
        keys = [i["key"] for i in indexes.values()]
        facility, own, newest = (
            ("referring_facility_id", 1),
            ("practitioner_id", 1),
            ("registered_at", -1),
        )
        assert [facility, own, newest] in keys
