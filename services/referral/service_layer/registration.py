"""Registering a referral: check it against the registry and the calendar,
then write it, its guard, its idempotent answer and its events (the
registration, and the patient's name for the queue alone when the doctor gave
one) in one transaction."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any, Protocol

from services.referral.domain import rules
from services.referral.domain.commands import RegisterReferral
from services.referral.domain.model import HistoryEntry, Referral, Status
from services.referral.service_layer.checks import check_referral
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.errors import (
    ActiveReferralElsewhere,
    ActiveReferralExists,
    UnknownReferringFacility,
)
from services.referral.service_layer.outgoing import patient_named, referral_registered
from services.referral.service_layer.unit_of_work import (
    ActiveReferrals,
    AlreadyHeld,
    CodeTaken,
    ReferralChange,
)
from shared.idempotency import (
    Answer,
    AnsweredConcurrently,
    KeyedRequest,
    answered_once,
    earlier_answer,
    scope,
)
from shared.logging import get_logger

ATTEMPTS = 3
CREATED = 201
WRITTEN_CONCURRENTLY = (CodeTaken, AlreadyHeld, AnsweredConcurrently)
"""Another registration wrote the same code, guard or answer first: drawing
a new code and running again sees what it wrote."""
log = get_logger(__name__)


def new_referral(
    cmd: RegisterReferral, deps: Dependencies, region: str, valid_until: date
) -> Referral:
    now = deps.now()
    return Referral(
        id=deps.new_id(),
        hospitalization_code=deps.new_code(region),
        referring_facility_id=cmd.referring_facility_id,
        practitioner_id=cmd.practitioner_id,
        patient=cmd.patient,
        facility_id=cmd.facility_id,
        bed_profile=cmd.bed_profile,
        stay=cmd.stay,
        diagnosis=cmd.diagnosis,
        finance_source=cmd.finance_source,
        priority=cmd.priority,
        priority_reason=cmd.priority_reason,
        purpose=cmd.purpose,
        tests=cmd.tests,
        planned_date=cmd.planned_date,
        registered_at=now,
        valid_until=valid_until,
        history=[HistoryEntry(Status.REGISTERED, now, f"doctor:{cmd.practitioner_id}")],
    )


def receipt(referral: Referral, warnings: list[rules.Notice]) -> dict[str, Any]:
    return {
        "id": referral.id,
        "hospitalization_code": referral.hospitalization_code,
        "status": referral.status.value,
        "valid_until": referral.valid_until.isoformat(),
        "registered_at": referral.registered_at.isoformat(),
        "warnings": [
            {"code": w.code, "field": w.field, "message": w.message} for w in warnings
        ],
    }


class Keyed(Protocol):
    """A doctor's request that may carry an Idempotency-Key."""

    @property
    def referring_facility_id(self) -> str: ...
    @property
    def practitioner_id(self) -> str: ...
    @property
    def idempotency_key(self) -> str | None: ...
    @property
    def request_fingerprint(self) -> str | None: ...


def keyed_request(cmd: Keyed) -> KeyedRequest | None:
    """Keys are per doctor of a facility."""
    if cmd.idempotency_key is None:
        return None
    return KeyedRequest(
        scope(cmd.referring_facility_id, cmd.practitioner_id, cmd.idempotency_key),
        cmd.request_fingerprint or "",
    )


async def register_referral(cmd: RegisterReferral, deps: Dependencies) -> Answer:
    """The 201 answer (a replay of the first one for a repeated key)."""
    referring = deps.registry.get(cmd.referring_facility_id)
    if referring is None:
        raise UnknownReferringFacility(cmd.referring_facility_id)
    keyed = keyed_request(cmd)
    earlier = await earlier_answer(deps.uow.reader().answers, keyed, deps.clock())
    if earlier is not None:
        return earlier
    valid_until, warnings = check_referral(cmd, deps, deps.today())
    for attempt in range(1, ATTEMPTS + 1):
        referral = new_referral(cmd, deps, referring.region, valid_until)
        write = partial(_write, deps=deps, keyed=keyed, warnings=warnings)
        try:
            answer = await deps.uow.run(partial(write, referral=referral))
        except WRITTEN_CONCURRENTLY:
            if attempt == ATTEMPTS:
                raise
            continue
        log.info(
            "referral_registered",
            referral_id=answer.body["id"],
            replayed=answer.replayed,
        )
        return answer
    raise AssertionError("unreachable")


async def _write(
    change: ReferralChange,
    deps: Dependencies,
    keyed: KeyedRequest | None,
    referral: Referral,
    warnings: list[rules.Notice],
) -> Answer:
    async def register() -> Answer:
        await hold_guard(change.active, referral)
        await change.referrals.add(referral)
        change.emit(referral_registered(referral, deps.producer))
        named = patient_named(referral, deps.producer)
        if named is not None:
            change.emit(named)
        return Answer(CREATED, receipt(referral, warnings))

    return await answered_once(
        change.answers, keyed, deps.clock(), deps.idempotency_ttl, register
    )


async def hold_guard(active: ActiveReferrals, referral: Referral) -> None:
    """Take the patient's one-active guard for the bed profile (kept if the
    referral holds it already). While another referral holds it: refused,
    naming that referral only to its own facility."""
    holder = await active.holder(referral)
    if holder is None:
        await active.hold(referral)
    elif holder.referral_id != referral.id:
        if holder.referring_facility_id != referral.referring_facility_id:
            raise ActiveReferralElsewhere(referral.bed_profile)
        raise ActiveReferralExists(
            holder.hospitalization_code, holder.referral_id, referral.bed_profile
        )
