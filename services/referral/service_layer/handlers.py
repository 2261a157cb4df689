"""The referral service's behaviour: one handler per command, listed in the
two maps at the end (the message bus dispatches through them)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from services.referral.domain.commands import (
    ApplyQueueUpdate,
    CancelReferral,
    EditReferral,
    MoveReferral,
    RegisterReferral,
    ReinstateReferral,
    RenewReferral,
)
from services.referral.domain.model import Outcome, Referral
from services.referral.domain.status import STATUS_AFTER
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.edits import edit_referral
from services.referral.service_layer.errors import ReferralNotFound
from services.referral.service_layer.outgoing import referral_cancelled
from services.referral.service_layer.registration import register_referral
from services.referral.service_layer.requests import (
    apply_refusal,
    move_referral,
    reinstate_referral,
    renew_referral,
)
from services.referral.service_layer.unit_of_work import ActiveReferrals, ReferralChange
from shared.logging import get_logger

log = get_logger(__name__)


async def cancel_referral(cmd: CancelReferral, deps: Dependencies) -> Referral:
    async def work(change: ReferralChange) -> Referral:
        referral = await change.referrals.get(cmd.referral_id)
        if referral is None or referral.referring_facility_id != cmd.facility_id:
            raise ReferralNotFound()
        expected = referral.version
        referral.cancel(cmd.reason_code, cmd.note, cmd.actor, deps.now())
        await change.referrals.save(referral, expected)
        await change.active.release(referral)
        change.emit(referral_cancelled(referral, deps.producer))
        return referral

    referral = await deps.uow.run(work)
    log.info("referral_cancelled", referral_id=referral.id)
    return referral


async def apply_queue_update(
    cmd: ApplyQueueUpdate, deps: Dependencies
) -> Outcome | None:
    """Bring the referral's status up to the queue's; None when the event is
    about no referral of this service. Raises AlreadyProcessed on a
    duplicate event."""

    async def work(change: ReferralChange) -> Outcome | None:
        referral = await change.referrals.get(cmd.referral_id)
        if referral is None:
            return None
        was_active, expected = referral.is_active, referral.version
        outcome = referral.apply_queue_update(cmd.update)
        if outcome is Outcome.APPLIED:
            await change.referrals.save(referral, expected)
            await _keep_guard(change.active, referral, was_active)
        return outcome

    outcome = await deps.uow.run(work, handled_event_id=cmd.event_id)
    log.info(
        "queue_update",
        referral_id=cmd.referral_id,
        entry_id=cmd.update.entry_id,
        version=cmd.update.version,
        outcome=outcome.value if outcome else "unknown_referral",
    )
    return outcome


async def _keep_guard(
    active: ActiveReferrals, referral: Referral, was_active: bool
) -> None:
    """Hold the one-active guard exactly while the referral is active. A
    reinstated referral keeps the guard its request took, or takes it back
    only if no newer referral holds it."""
    if was_active and not referral.is_active:
        await active.release(referral)
    elif referral.is_active and not was_active:
        holder = await active.holder(referral)
        if holder is None:
            await active.hold(referral)
        elif holder.referral_id != referral.id:
            log.warning("reinstated_beside_active_referral", referral_id=referral.id)


Handler = Callable[[Any, Dependencies], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    RegisterReferral: register_referral,
    CancelReferral: cancel_referral,
    ReinstateReferral: reinstate_referral,
    RenewReferral: renew_referral,
    EditReferral: edit_referral,
    MoveReferral: move_referral,
}
"""The doctor's orders, from the HTTP views."""

EVENT_HANDLERS: dict[str, Handler] = {
    **dict.fromkeys(STATUS_AFTER, apply_queue_update),
    "queue.entry_renewed": apply_queue_update,
    "queue.entry_updated": apply_queue_update,
    "queue.entry_reordered": apply_queue_update,
    "queue.request_refused": apply_refusal,
}
"""The queue's events the service takes (its consumer subscribes to these),
each arriving as the ApplyQueueUpdate (or, for a refusal, the ApplyRefusal)
the consumer builds from it."""
