"""The doctor's requests the queue carries out: reinstate, renew, move.

The referral service checks what its own copy says (the referral is the
facility's, its status, the window the queue gave with the closure, the
one-active guard, the new validity's bounds), records the request as the
referral's next version with the request pending, and emits the event that
asks the queue, in one transaction with the answer kept for an
``Idempotency-Key``. The answer is 202: the queue carries the request out
(``queue.entry_reinstated``, ``queue.entry_renewed``, ``queue.entry_moved``:
``handlers.py``) or
refuses it (``queue.request_refused``: :func:`apply_refusal`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from functools import partial
from typing import Any

from services.referral.domain import rules
from services.referral.domain.commands import (
    ApplyRefusal,
    DoctorsRequest,
    MoveReferral,
    ReinstateReferral,
    RenewReferral,
)
from services.referral.domain.model import Outcome, Referral
from services.referral.domain.requests import Request
from services.referral.service_layer.checks import check_move
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.errors import InvalidReferral, ReferralNotFound
from services.referral.service_layer.outgoing import doctors_request
from services.referral.service_layer.registration import hold_guard, keyed_request
from services.referral.service_layer.unit_of_work import (
    AlreadyHeld,
    ReferralChange,
    StaleWrite,
)
from shared.idempotency import (
    Answer,
    AnsweredConcurrently,
    KeyedRequest,
    answered_once,
    earlier_answer,
)
from shared.logging import get_logger

ACCEPTED = 202
ATTEMPTS = 3
WRITTEN_CONCURRENTLY = (StaleWrite, AnsweredConcurrently, AlreadyHeld)
"""Another request changed the referral, kept the key's answer or took the
guard first: running again sees what it did."""
log = get_logger(__name__)
Ask = Callable[[ReferralChange, Referral, Any, Dependencies], Awaitable[None]]
"""Checks the request against the referral and records it (or refuses)."""


async def _reinstatement(
    change: ReferralChange,
    referral: Referral,
    cmd: ReinstateReferral,
    deps: Dependencies,
) -> None:
    today = deps.today()
    longest = deps.validity.days
    valid_until = cmd.valid_until or today + timedelta(days=longest)
    referral.request_reinstatement(_request(cmd, valid_until, deps), today)
    _check(valid_until, None, deps)
    await hold_guard(change.active, referral)


async def _renewal(
    change: ReferralChange, referral: Referral, cmd: RenewReferral, deps: Dependencies
) -> None:
    current = referral.valid_until
    referral.request_renewal(_request(cmd, cmd.valid_until, deps))
    _check(cmd.valid_until, current, deps)


async def _relocation(
    change: ReferralChange, referral: Referral, cmd: MoveReferral, deps: Dependencies
) -> None:
    request = _request(cmd, referral.valid_until, deps)
    referral.request_move(request, cmd.to_facility_id)
    check_move(referral, cmd.to_facility_id, deps)


def _request(cmd: DoctorsRequest, valid_until: date, deps: Dependencies) -> Request:
    actor = f"doctor:{cmd.practitioner_id}"
    return Request(valid_until, cmd.reason_code, cmd.note, actor, deps.now())


def _check(valid_until: date, current: date | None, deps: Dependencies) -> None:
    findings = rules.Findings()
    rules.check_new_validity(
        findings, valid_until, current, deps.today(), deps.validity
    )
    if findings.errors:
        raise InvalidReferral(findings.errors)


async def reinstate_referral(cmd: ReinstateReferral, deps: Dependencies) -> Answer:
    return await _ask(cmd, deps, _reinstatement)


async def renew_referral(cmd: RenewReferral, deps: Dependencies) -> Answer:
    return await _ask(cmd, deps, _renewal)


async def move_referral(cmd: MoveReferral, deps: Dependencies) -> Answer:
    return await _ask(cmd, deps, _relocation)


Write = Callable[..., Awaitable[Answer]]
"""A write in the unit of work: ``write(change, keyed=...)``."""


async def answered_keyed(cmd: Any, deps: Dependencies, write: Write) -> Answer:
    """The answer kept for the command's ``Idempotency-Key`` (a replay of the
    first one for a repeated key); the write runs again when another request
    wrote the referral first."""
    keyed = keyed_request(cmd)
    earlier = await earlier_answer(deps.uow.reader().answers, keyed, deps.clock())
    if earlier is not None:
        return earlier
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await deps.uow.run(partial(write, keyed=keyed))
        except WRITTEN_CONCURRENTLY:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


async def _ask(cmd: DoctorsRequest, deps: Dependencies, ask: Ask) -> Answer:
    """The 202 answer."""
    write = partial(_write, cmd=cmd, deps=deps, ask=ask)
    answer = await answered_keyed(cmd, deps, write)
    log.info("request_sent", referral_id=cmd.referral_id, replayed=answer.replayed)
    return answer


async def _write(
    change: ReferralChange,
    cmd: DoctorsRequest,
    deps: Dependencies,
    keyed: KeyedRequest | None,
    ask: Ask,
) -> Answer:
    async def request() -> Answer:
        referral = await change.referrals.of_facility(
            cmd.referral_id, cmd.referring_facility_id
        )
        if referral is None:
            raise ReferralNotFound()
        expected = referral.version
        await ask(change, referral, cmd, deps)
        await change.referrals.save(referral, expected)
        change.emit(doctors_request(referral, deps.producer))
        return Answer(ACCEPTED, pending_receipt(referral))

    return await answered_once(
        change.answers, keyed, deps.clock(), deps.idempotency_ttl, request
    )


def pending_receipt(referral: Referral) -> dict[str, Any]:
    """The referral's state and the request the queue has yet to answer."""
    pending = referral.pending
    assert pending is not None
    return {
        "id": referral.id,
        "hospitalization_code": referral.hospitalization_code,
        "status": referral.status.value,
        "version": referral.version,
        "valid_until": referral.valid_until.isoformat(),
        "pending": {
            "kind": pending.kind,
            "requested_at": pending.requested_at.isoformat(),
            "valid_until": pending.valid_until.isoformat(),
            "reason_code": pending.reason_code,
            "to_facility_id": pending.to_facility_id,
        },
    }


async def apply_refusal(cmd: ApplyRefusal, deps: Dependencies) -> Outcome | None:
    """The queue refused the request: the history says why; a referral left
    closed gives its guard back. Raises AlreadyProcessed on a duplicate."""

    async def work(change: ReferralChange) -> Outcome | None:
        referral = await change.referrals.get(cmd.referral_id)
        if referral is None:
            return None
        expected = referral.version
        outcome = referral.apply_refusal(cmd.referral_version, cmd.reason_code, cmd.at)
        if outcome is Outcome.APPLIED:
            await change.referrals.save(referral, expected)
            if not referral.is_active:
                await change.active.release(referral)
        return outcome

    outcome = await deps.uow.run(work, handled_event_id=cmd.event_id)
    log.info(
        "request_refused",
        referral_id=cmd.referral_id,
        reason_code=cmd.reason_code,
        outcome=outcome.value if outcome else "unknown_referral",
    )
    return outcome
