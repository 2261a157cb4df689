"""Registering a referral: check it against the registry and the calendar,
then write it, its guard, its idempotent answer and its event in one
transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.referral.adapters.repository import CodeTaken, StoredAnswer
from services.referral.domain import rules
from services.referral.domain.commands import RegisterReferral
from services.referral.domain.model import HistoryEntry, Referral, Status
from services.referral.service_layer.checks import check_referral
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.errors import (
    ActiveReferralElsewhere,
    ActiveReferralExists,
    IdempotencyKeyReused,
    UnknownReferringFacility,
)
from services.referral.service_layer.outgoing import referral_registered
from shared.logging import get_logger
from shared.mongo_unit_of_work import MongoChange

ATTEMPTS = 3
log = get_logger(__name__)


@dataclass(frozen=True)
class Registration:
    """The 201 answer's body, and whether it is a replay of a first answer."""

    receipt: dict[str, Any]
    replayed: bool = False


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


def answer_scope(cmd: RegisterReferral) -> str | None:
    if cmd.idempotency_key is None:
        return None
    return f"{cmd.referring_facility_id}|{cmd.practitioner_id}|{cmd.idempotency_key}"


def replay(stored: StoredAnswer | None, cmd: RegisterReferral) -> Registration | None:
    if stored is None:
        return None
    if stored.fingerprint != cmd.request_fingerprint:
        raise IdempotencyKeyReused()
    return Registration(stored.body, replayed=True)


async def register_referral(cmd: RegisterReferral, deps: Dependencies) -> Registration:
    referring = deps.registry.get(cmd.referring_facility_id)
    if referring is None:
        raise UnknownReferringFacility(cmd.referring_facility_id)
    scope = answer_scope(cmd)
    if scope is not None:
        earlier = replay(await deps.repository(None).stored_answer(scope), cmd)
        if earlier is not None:
            return earlier
    valid_until, warnings = check_referral(cmd, deps, deps.today())
    for attempt in range(1, ATTEMPTS + 1):
        referral = new_referral(cmd, deps, referring.region, valid_until)
        write = partial(_write, deps=deps, cmd=cmd, scope=scope, warnings=warnings)
        try:
            registration = await deps.uow.run(partial(write, referral=referral))
        except (CodeTaken, DuplicateKeyError):
            if attempt == ATTEMPTS:
                raise
            continue
        log.info(
            "referral_registered",
            referral_id=registration.receipt["id"],
            replayed=registration.replayed,
        )
        return registration
    raise AssertionError("unreachable")


async def _write(
    tx: MongoChange,
    deps: Dependencies,
    cmd: RegisterReferral,
    scope: str | None,
    referral: Referral,
    warnings: list[rules.Notice],
) -> Registration:
    repo = deps.repository(tx.session)
    if scope is not None:
        earlier = replay(await repo.stored_answer(scope), cmd)
        if earlier is not None:
            return earlier
    holder = await repo.active_holder(referral)
    if holder is not None:
        if holder.referring_facility_id != cmd.referring_facility_id:
            raise ActiveReferralElsewhere(referral.bed_profile)
        raise ActiveReferralExists(
            holder.hospitalization_code, holder.referral_id, referral.bed_profile
        )
    await repo.add(referral)
    await repo.hold_active(referral)
    body = receipt(referral, warnings)
    if scope is not None:
        answer = StoredAnswer(cmd.request_fingerprint or "", referral.id, body)
        await repo.store_answer(scope, answer, deps.clock() + deps.idempotency_ttl)
    tx.emit(referral_registered(referral, deps.producer))
    return Registration(body)
