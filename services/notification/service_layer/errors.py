"""What the notification service's handlers and views refuse (the HTTP
answer to each is in entrypoints/errors.py)."""

from __future__ import annotations


class ContactNotYetKnown(Exception):
    """A queue event overtook its ``referral.registered``: failing the handler
    sends it through the consumer's retry queues until the contact is here."""


class NotYourFacility(Exception):
    """A doctor acting for another facility than their own."""


class FacilityNotFound(Exception):
    pass


class WebhookNotFound(Exception):
    pass


class ReferralNotFound(Exception):
    """No such referral, or not one of the caller's facility: the two are
    answered alike."""
