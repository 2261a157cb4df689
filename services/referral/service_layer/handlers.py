"""The referral service's behaviour, one handler per command."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from services.referral.adapters.repository import ReferralRepository
from services.referral.domain.commands import (
    ApplyQueueUpdate,
    CancelReferral,
    RegisterReferral,
)
from services.referral.domain.model import Outcome, Referral
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.errors import ReferralNotFound
from services.referral.service_layer.outgoing import referral_cancelled
from services.referral.service_layer.registration import register_referral
from shared.logging import get_logger
from shared.mongo_unit_of_work import MongoChange

log = get_logger(__name__)


async def cancel_referral(cmd: CancelReferral, deps: Dependencies) -> Referral:
    async def work(tx: MongoChange) -> Referral:
        repo = deps.repository(tx.session)
        referral = await repo.get(cmd.referral_id)
        if referral is None or referral.referring_facility_id != cmd.facility_id:
            raise ReferralNotFound()
        expected = referral.version
        referral.cancel(cmd.reason_code, cmd.note, cmd.actor, deps.now())
        await repo.save(referral, expected)
        await repo.release_active(referral)
        tx.emit(referral_cancelled(referral, deps.producer))
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

    async def work(tx: MongoChange) -> Outcome | None:
        repo = deps.repository(tx.session)
        referral = await repo.get(cmd.referral_id)
        if referral is None:
            return None
        was_active, expected = referral.is_active, referral.version
        outcome = referral.apply_queue_update(cmd.update)
        if outcome is Outcome.APPLIED:
            await repo.save(referral, expected)
            await _keep_guard(repo, referral, was_active)
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
    repo: ReferralRepository, referral: Referral, was_active: bool
) -> None:
    """Hold the one-active guard exactly while the referral is active. A
    reinstated referral takes it back only if no newer referral holds it."""
    if was_active and not referral.is_active:
        await repo.release_active(referral)
    elif referral.is_active and not was_active:
        if await repo.active_holder(referral) is None:
            await repo.hold_active(referral)
        else:
            log.warning("reinstated_beside_active_referral", referral_id=referral.id)


Handler = Callable[[Any, Dependencies], Awaitable[Any]]
COMMAND_HANDLERS: dict[type, Handler] = {
    RegisterReferral: register_referral,
    CancelReferral: cancel_referral,
    ApplyQueueUpdate: apply_queue_update,
}


class MessageBus:
    def __init__(self, deps: Dependencies):
        self.deps = deps

    async def handle(self, command: Any) -> Any:
        return await COMMAND_HANDLERS[type(command)](command, self.deps)
