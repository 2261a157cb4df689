"""The one table from the service's refusals to the API's answers."""

from __future__ import annotations

import pytest

from services.referral.domain.model import ReferralClosed, Status
from services.referral.entrypoints.refusals import REFUSALS
from services.referral.service_layer import errors
from shared.idempotency import IdempotencyKeyReused, MalformedIdempotencyKey


@pytest.mark.parametrize(
    ("refusal", "status", "code"),
    [
        (errors.UnknownReferringFacility("KZ-99-P01"), 403, "facility_not_registered"),
        (errors.InvalidReferral({"stay": ["No."]}), 422, "validation_failed"),
        (MalformedIdempotencyKey("a b"), 422, "validation_failed"),
        (IdempotencyKeyReused(), 422, "idempotency_key_reused"),
        (
            errors.ActiveReferralElsewhere("psychiatry"),
            409,
            "active_referral_elsewhere",
        ),
        (
            errors.ActiveReferralExists("75-X", "r1", "psychiatry"),
            409,
            "active_referral_exists",
        ),
        (errors.ReferralNotFound(), 404, "not_found"),
        (ReferralClosed(Status.ADMITTED), 409, "referral_closed"),
    ],
)
def test_each_refusal_has_its_status_and_code(refusal, status, code):
    answer = REFUSALS[type(refusal)](refusal)
    assert (answer.status, answer.code) == (status, code)


def test_a_refusal_names_what_the_caller_may_know():
    facility = REFUSALS[errors.UnknownReferringFacility](
        errors.UnknownReferringFacility("KZ-99-P01")
    )
    assert "'KZ-99-P01' is not in the facility registry" in facility.message
    invalid = REFUSALS[errors.InvalidReferral](
        errors.InvalidReferral({"stay": ["No."]})
    )
    assert invalid.fields == {"stay": ["No."]}
    closed = REFUSALS[ReferralClosed](ReferralClosed(Status.ADMITTED))
    assert closed.extra == {"referral_status": Status.ADMITTED}
