"""The referral service's repositories in memory, for service-layer tests:
the same promises as the Mongo ones (a unique code, version-checked saves,
one guard per patient and bed profile), kept in a
:class:`shared.memory_unit_of_work.MemoryStore`."""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import Any

from services.referral.domain.model import Referral
from services.referral.service_layer.unit_of_work import (
    ActiveHolder,
    ActiveReferrals,
    AlreadyHeld,
    CodeTaken,
    ReferralChange,
    ReferralFilter,
    Referrals,
    ReferralSummary,
    StaleWrite,
)
from shared.memory_idempotency import MemoryAnswers
from shared.memory_unit_of_work import MemoryStore

REFERRALS = "referrals"
ACTIVE = "active_referrals"
IDEMPOTENCY = "idempotency_keys"


class MemoryReferrals(Referrals):
    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def get(self, referral_id: str) -> Referral | None:
        referral = self._records.get(referral_id)
        return copy.deepcopy(referral) if referral is not None else None

    async def of_facility(self, referral_id: str, facility_id: str) -> Referral | None:
        referral = await self.get(referral_id)
        if referral is None or referral.referring_facility_id != facility_id:
            return None
        return referral

    async def add(self, referral: Referral) -> None:
        codes = {r.hospitalization_code for r in self._records.values()}
        if referral.hospitalization_code in codes:
            raise CodeTaken(referral.hospitalization_code)
        self._records[referral.id] = copy.deepcopy(referral)

    async def save(self, referral: Referral, expected_version: int) -> None:
        stored = self._records.get(referral.id)
        if stored is None or stored.version != expected_version:
            raise StaleWrite(referral.id)
        self._records[referral.id] = copy.deepcopy(referral)

    async def summaries(
        self, where: ReferralFilter, offset: int, limit: int
    ) -> list[ReferralSummary]:
        found = [r for r in self._records.values() if _matches(r, where)]
        found.sort(key=lambda r: (r.registered_at, r.id), reverse=True)
        return [_summary(r) for r in found[offset : offset + limit]]


def _matches(referral: Referral, where: ReferralFilter) -> bool:
    return (
        referral.referring_facility_id == where.facility_id
        and where.status in (None, "", referral.status)
        and where.hospitalization_code in (None, "", referral.hospitalization_code)
        and where.iin in (None, "", referral.patient.iin)
        and where.practitioner_id in (None, "", referral.practitioner_id)
    )


def _summary(referral: Referral) -> ReferralSummary:
    queue = referral.queue
    return ReferralSummary(
        id=referral.id,
        hospitalization_code=referral.hospitalization_code,
        status=referral.status.value,
        facility_id=referral.facility_id,
        bed_profile=referral.bed_profile,
        stay=referral.stay,
        priority=referral.priority,
        registered_at=referral.registered_at,
        valid_until=referral.valid_until,
        updated_at=referral.updated_at,
        iin=referral.patient.iin,
        scheduled_date=queue.scheduled_date if queue else None,
        estimated_earliest=queue.estimated_earliest if queue else None,
        estimated_latest=queue.estimated_latest if queue else None,
    )


class MemoryActiveReferrals(ActiveReferrals):
    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def holder(self, referral: Referral) -> ActiveHolder | None:
        guard = self._records.get(_guard_key(referral))
        return ActiveHolder(**guard) if guard is not None else None

    async def hold(self, referral: Referral) -> None:
        key = _guard_key(referral)
        if key in self._records:
            raise AlreadyHeld(referral.bed_profile)
        holder = ActiveHolder(
            referral.id, referral.hospitalization_code, referral.referring_facility_id
        )
        self._records[key] = asdict(holder)

    async def release(self, referral: Referral) -> None:
        key = _guard_key(referral)
        guard = self._records.get(key)
        if guard is not None and guard["referral_id"] == referral.id:
            del self._records[key]


def _guard_key(referral: Referral) -> tuple[str, str]:
    return (referral.patient.iin, referral.bed_profile)


def memory_referral_change(store: MemoryStore) -> ReferralChange:
    return ReferralChange(
        MemoryReferrals(store.collection(REFERRALS)),
        MemoryActiveReferrals(store.collection(ACTIVE)),
        MemoryAnswers(store.collection(IDEMPOTENCY)),
    )
