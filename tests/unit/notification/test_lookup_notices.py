"""The patient lookup's messages: the one-time code, sent at any hour and
never after it expired, and the warning that someone tried the code; both
discreet, in every language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.notification.adapters.catalogue import GettextCatalogue
from services.notification.domain.model import SMS, Contact
from services.notification.domain.notices import lookup_notice
from services.notification.domain.planning import patient_delivery
from services.notification.domain.privacy import revealing_terms
from services.notification.domain.schedule import QuietHours
from services.notification.domain.superseding import Said
from services.notification.domain.texts import render

CATALOGUE = GettextCatalogue()
LINK = "https://kezek.example.kz/status"
CODE = "75-ABCD-EFGH-K"
NOW = datetime(2025, 3, 1, 19, 30, tzinfo=UTC)  # 01:30 in Almaty: quiet hours
ALMATY = QuietHours.parse("22:00-08:00", ZoneInfo("Asia/Almaty"))
ASKED = {"one_time_code": "042917", "expires_at": NOW + timedelta(minutes=10)}
CONTACT = Contact(
    referral_id="r-1",
    hospitalization_code=CODE,
    referring_facility_id="KZ-75-P01",
    language="ru",
    consent=True,
    phone="+77011234567",
    email="patient@example.kz",
)


def rendered(event_type: str, language: str, data=ASKED):
    notice = lookup_notice(event_type, data, NOW)
    assert notice is not None
    return notice, render(
        notice, language, CATALOGUE, code=CODE, link=LINK, sender="Kezek"
    )


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_one_time_code_is_in_every_part_of_its_message(language):
    notice, message = rendered("queue.verification_requested", language)
    assert message.sms.length.segments <= 2
    for text in (message.sms.text, message.subject, message.text, message.html):
        assert CODE in text
    for text in (message.sms.text, message.text, message.html):
        assert "042917" in text and revealing_terms(text) == []
    assert "10" in message.text  # minutes it stays valid
    assert notice.any_hour is True


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_someone_tried_is_discreet_and_names_only_the_code(language):
    data = {"at": NOW}
    notice, message = rendered("queue.lookup_guessed", language, data)
    assert message.sms.length.segments <= 2
    for text in (message.sms.text, message.subject, message.text, message.html):
        assert CODE in text and revealing_terms(text) == []
    assert notice.any_hour is False
    assert set(notice.params) == set()


def test_a_one_time_code_that_expired_before_it_could_be_sent_is_not_sent():
    late = {**ASKED, "expires_at": NOW}
    assert lookup_notice("queue.verification_requested", late, NOW) is None
    soon = {**ASKED, "expires_at": NOW + timedelta(seconds=61)}
    notice = lookup_notice("queue.verification_requested", soon, NOW)
    assert notice is not None and notice.params["minutes"] == "2"


def test_the_one_time_code_sms_does_not_wait_for_the_morning():
    notice, message = rendered("queue.verification_requested", "ru")
    sms = patient_delivery(
        "event-1",
        "queue.verification_requested",
        CONTACT,
        (SMS, CONTACT.phone or ""),
        message,
        Said(notice),
        now=NOW,
        quiet_hours=ALMATY,
    )
    assert sms.next_attempt_at == NOW and sms.any_hour is True
    assert sms.stale_at == NOW + timedelta(minutes=10)


def test_the_warning_sms_waits_for_the_morning_like_any_other():
    notice, message = rendered("queue.lookup_guessed", "ru", {"at": NOW})
    sms = patient_delivery(
        "event-2",
        "queue.lookup_guessed",
        CONTACT,
        (SMS, CONTACT.phone or ""),
        message,
        Said(notice),
        now=NOW,
        quiet_hours=ALMATY,
    )
    assert sms.next_attempt_at > NOW and sms.any_hour is False
    assert (sms.state, sms.stale_at) == (None, None)
