"""The doctor's edit of an active referral (``domain/edits.py``).

The referral is the source of truth for what the doctor asked, so the edit
applies at once as its next version, checked by the registration's rules on
the merged result; in the same transaction it emits ``referral.updated``
(for the queue and the notifications) and, for a corrected name,
``referral.patient_named`` (for the queue alone), and keeps the answer for an
``Idempotency-Key``. The answer is 200; the view shows the referral as GET
does.
"""

from __future__ import annotations

from functools import partial

from services.referral.domain import rules
from services.referral.domain.commands import EditReferral
from services.referral.domain.edits import Edit, apply_edit, check_version
from services.referral.domain.model import Referral
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.errors import InvalidReferral, ReferralNotFound
from services.referral.service_layer.outgoing import patient_named, referral_updated
from services.referral.service_layer.requests import answered_keyed
from services.referral.service_layer.unit_of_work import ReferralChange
from shared.idempotency import Answer, KeyedRequest, answered_once
from shared.logging import get_logger

OK = 200
CONTACT_NEEDED = "Give a mobile number or an e-mail address (or both)."
log = get_logger(__name__)


def _edit(cmd: EditReferral, deps: Dependencies) -> Edit:
    return Edit(
        actor=f"doctor:{cmd.practitioner_id}",
        at=deps.now(),
        tests=cmd.tests,
        patient=cmd.patient,
        priority=cmd.priority,
        note=cmd.note,
    )


def check_edited(
    referral: Referral, changed: tuple[str, ...], deps: Dependencies
) -> None:
    """The registration's rules, on what the edit leaves: tests not lapsed
    nor done in the future, a contact to reach the patient by, an urgent
    referral's reason."""
    findings = rules.Findings()
    if "tests" in changed:
        rules.check_tests(findings, referral.tests, deps.today(), referral.valid_until)
    patient = referral.patient
    if not (patient.phone or patient.email):
        findings.error("patient.phone", CONTACT_NEEDED)
    if {"priority", "priority_reason"} & set(changed):
        rules.check_priority(findings, referral.priority, referral.priority_reason)
    if findings.errors:
        raise InvalidReferral(findings.errors)


async def edit_referral(cmd: EditReferral, deps: Dependencies) -> Answer:
    """The 200 answer (a replay of the first one for a repeated key): the
    referral's id and new version."""
    answer = await answered_keyed(cmd, deps, partial(_write, cmd=cmd, deps=deps))
    log.info("referral_edited", referral_id=cmd.referral_id)
    return answer


async def _write(
    change: ReferralChange,
    cmd: EditReferral,
    deps: Dependencies,
    keyed: KeyedRequest | None,
) -> Answer:
    async def edit() -> Answer:
        referral = await change.referrals.of_facility(
            cmd.referral_id, cmd.referring_facility_id
        )
        if referral is None:
            raise ReferralNotFound()
        check_version(referral, cmd.if_match)
        expected = referral.version
        changed = apply_edit(referral, _edit(cmd, deps))
        check_edited(referral, changed, deps)
        await change.referrals.save(referral, expected)
        updated = referral_updated(referral, changed, deps.producer)
        if updated is not None:
            change.emit(updated)
        if "patient.full_name" in changed:
            named = patient_named(referral, deps.producer)
            if named is not None:
                change.emit(named)
        body = {"id": referral.id, "version": referral.version}
        return Answer(OK, {**body, "changed": list(changed)})

    return await answered_once(
        change.answers, keyed, deps.clock(), deps.idempotency_ttl, edit
    )
