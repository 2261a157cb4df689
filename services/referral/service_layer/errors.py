"""What the service layer refuses, for the entrypoints to turn into answers."""

from __future__ import annotations

from services.referral.domain.rules import Errors


class ReferralError(Exception):
    pass


class UnknownReferringFacility(ReferralError):
    def __init__(self, facility_id: str):
        super().__init__(
            f"The token's facility {facility_id!r} is not in the facility registry; "
            "referrals can only come from a registered facility."
        )


class InvalidReferral(ReferralError):
    def __init__(self, errors: Errors):
        super().__init__("The referral has invalid fields.")
        self.errors = errors


class ActiveReferralExists(ReferralError):
    """The patient's active referral for this bed profile is the caller's own
    facility's: it may be named."""

    def __init__(self, code: str, referral_id: str, bed_profile: str):
        super().__init__(
            f"The patient already has an active {bed_profile} referral: {code}. "
            "Cancel it first or follow it."
        )
        self.code = code
        self.referral_id = referral_id


class ActiveReferralElsewhere(ReferralError):
    """The patient's active referral for this bed profile belongs to another
    facility: nothing that identifies it may be told (not its code, id,
    facility or date)."""

    def __init__(self, bed_profile: str):
        super().__init__(
            f"The patient already has an active {bed_profile} referral from "
            "another facility; a second one cannot be registered while it is "
            "active. The patient can ask the facility that referred them."
        )


class ReferralNotFound(ReferralError):
    def __init__(self) -> None:
        super().__init__("No such referral.")
