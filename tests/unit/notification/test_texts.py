"""Rendering: every notice in every language fits two SMS segments, carries
the code and the link, and nothing from the event's free text."""

from datetime import date

import pytest

from services.notification.adapters.catalogue import GettextCatalogue
from services.notification.domain.notices import (
    PATIENT_NOTICES,
    facility_payload,
    format_window,
    patient_notice,
)
from services.notification.domain.privacy import revealing_terms
from services.notification.domain.texts import render

CATALOGUE = GettextCatalogue()
LINK = "https://kezek.test/status"
DATA = {
    "position": 1234,
    "queue_length": 34000,
    "estimated_admission": {"earliest": "2025-03-01", "latest": "2025-03-15"},
    "scheduled_date": date(2025, 3, 4),
    "valid_until": "2025-04-20",
    "reinstatable_until": "2025-05-10",
    "reason_code": "no_beds_for_profile",
}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("event_type", sorted(PATIENT_NOTICES))
@pytest.mark.parametrize("returned", [True, False])
def test_each_notice_renders_discreetly_in_two_segments(event_type, language, returned):
    notice = patient_notice(event_type, {**DATA, "returned_to_waiting": returned})
    if notice is None:
        notice = patient_notice(event_type, {**DATA, "position": 10})
    assert notice is not None
    message = render(
        notice, language, CATALOGUE, code="75-AB12CD-7", link=LINK, sender="Kezek"
    )
    assert message.sms.length.segments <= 2
    for text in (message.sms.text, message.text, message.html):
        assert "75-AB12CD-7" in text and LINK in text
        assert "ward" not in text.lower()
        assert revealing_terms(text) == []
    assert "75-AB12CD-7" in message.subject
    if language == "en":
        assert message.sms.length.encoding == "gsm7"


def test_the_what_to_do_next_part_survives_in_sms_for_closing_events():
    for event_type in ("queue.entry_rejected", "queue.entry_cancelled"):
        for language in ("kk", "ru", "en"):
            notice = patient_notice(event_type, DATA)
            assert notice is not None
            message = render(
                notice, language, CATALOGUE, code="75-AB12CD-7", link=LINK, sender="K"
            )
            assert not message.sms.shortened, (event_type, language)


def test_html_escapes_what_it_inserts():
    notice = patient_notice("queue.entry_cancelled", {})
    assert notice is not None
    message = render(
        notice,
        "en",
        CATALOGUE,
        code="<b>75</b>",
        link="https://x.test/?a=1&b=2",
        sender="Kezek",
    )
    assert "<b>75</b>" not in message.html
    assert "&lt;b&gt;75&lt;/b&gt;" in message.html
    assert 'href="https://x.test/?a=1&amp;b=2"' in message.html


def test_a_milestone_names_the_position_the_patient_now_has():
    # a pull of several can move an entry from 5 to 2, across milestone 3
    notice = patient_notice("queue.position_milestone", {"position": 2})
    assert notice is not None and notice.params == {"position": "2"}


def test_closed_as_admitted_elsewhere_is_a_thank_you_not_a_cancellation():
    elsewhere = patient_notice(
        "queue.entry_cancelled", {"reason_code": "admitted_elsewhere"}
    )
    cancelled = patient_notice(
        "queue.entry_cancelled", {"reason_code": "patient_request"}
    )
    assert elsewhere is not None and elsewhere.kind == "admitted"
    assert cancelled is not None and cancelled.kind == "cancelled"


def test_the_window_names_the_year_once_unless_it_spans_two():
    assert format_window("2025-03-01", "2025-03-15") == "01.03-15.03.2025"
    assert format_window(date(2025, 12, 20), date(2026, 1, 9)) == (
        "20.12.2025-09.01.2026"
    )


BASE = {
    "referral_id": "r1",
    "hospitalization_code": "75-X",
    "facility_id": "KZ-75-H01",
    "status": "rejected",
    "reason_code": "no_beds_for_profile",
    "reinstatable_until": "2025-05-10",
}


def test_the_referring_facility_is_told_of_rejection_expiry_and_admission_only():
    told = {t for t in PATIENT_NOTICES if facility_payload(t, BASE, "t") is not None}
    assert told == {
        "queue.entry_rejected",
        "queue.entry_expired",
        "queue.patient_admitted",
    }
    rejected = facility_payload("queue.entry_rejected", BASE, "2025-01-01T00:00:00")
    assert rejected is not None
    assert rejected["type"] == "referral.rejected"
    assert rejected["reason_code"] == "no_beds_for_profile"
    assert "reason" not in rejected
    expired = facility_payload("queue.entry_expired", BASE, "t")
    assert expired is not None and expired["reinstatable_until"] == "2025-05-10"


def test_the_referring_facility_hears_its_referral_was_closed_not_where():
    data = {**BASE, "status": "cancelled", "reason_code": "admitted_elsewhere"}
    closed = facility_payload("queue.entry_cancelled", data, "2025-01-01T00:00:00")
    assert closed == {
        "type": "referral.closed",
        "occurred_at": "2025-01-01T00:00:00",
        "referral_id": "r1",
        "hospitalization_code": "75-X",
        "hospital_id": "KZ-75-H01",
        "status": "cancelled",
        "reason_code": "admitted_elsewhere",
    }
    by_patient = {**data, "reason_code": "no_longer_needed"}
    assert facility_payload("queue.entry_cancelled", by_patient, "t") is None
