"""What the patient is told of a move to another hospital's queue, in every
language: that it moved keeping its registration time, the new place and
the expected admission; no hospital, bed profile or kind of care named, and
the referring facility's webhook names the hospitals by id only."""

from __future__ import annotations

import pytest

from services.notification.adapters.catalogue import GettextCatalogue
from services.notification.domain.facility_webhooks import facility_payload
from services.notification.domain.notices import patient_notice
from services.notification.domain.privacy import revealing_terms
from services.notification.domain.texts import render
from shared.reference.registry import default_registry

CATALOGUE = GettextCatalogue()
MOVED = {
    "referral_id": "r1",
    "hospitalization_code": "75-Y99E-DD1R-1",
    "facility_id": "KZ-71-M01",
    "from_facility_id": "KZ-75-M01",
    "status": "waiting",
    "position": 4,
    "queue_length": 57,
    "reason_code": "shorter_wait",
    "estimated_admission": {"earliest": "2025-03-01", "latest": "2025-03-15"},
}


@pytest.mark.parametrize("language", ("kk", "ru", "en"))
def test_the_patient_hears_the_new_place_and_estimate(language):
    notice = patient_notice("queue.entry_moved", MOVED)
    assert notice is not None and notice.kind == "moved"
    message = render(
        notice, language, CATALOGUE, code="KZ-75-X", link="https://k.test", sender="K"
    )
    headline = CATALOGUE.text(language, "moved.headline").format(code="KZ-75-X")
    position = CATALOGUE.text(language, "placed.position").format(
        position=4, queue_length=57
    )
    assert headline in message.text and position in message.text
    assert "01.03-15.03.2025" in message.text
    assert revealing_terms(message.text) == []
    for facility in ("KZ-71-M01", "KZ-75-M01"):
        names = default_registry().get(facility).names.values()
        assert facility not in message.text
        assert not any(name in message.text for name in names)


def test_the_clinic_hears_where_from_and_where_to():
    body = facility_payload("queue.entry_moved", MOVED, "2025-04-02T06:00:00+00:00")
    assert body is not None
    assert (body["type"], body["hospital_id"], body["from_facility_id"]) == (
        "referral.moved",
        "KZ-71-M01",
        "KZ-75-M01",
    )
    assert "estimated_admission" not in body
