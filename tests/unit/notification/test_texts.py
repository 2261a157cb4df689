"""Rendering: every notice in every language fits two SMS segments, carries
the code and the link, and nothing from the event's free text."""

from datetime import date

import pytest

from services.notification.adapters.catalogue import GettextCatalogue
from services.notification.domain.notices import (
    PATIENT_NOTICES,
    closes_for_good,
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
    "max_wait_days": 90,
    "deadline": "2025-03-01",
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


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_patients_own_cancellation_says_until_when_the_doctor_can_undo_it(
    language,
):
    data = {"reason_code": "moved", "actor": "patient"}
    final = patient_notice("queue.entry_cancelled", data)
    undoable = patient_notice(
        "queue.entry_cancelled", {**data, "reinstatable_until": "2025-05-10"}
    )
    assert final is not None and undoable is not None
    assert final.parts == ("cancelled.headline", "cancelled.next")
    assert undoable.parts == ("cancelled.headline", "cancelled.restorable")
    message = render(
        undoable, language, CATALOGUE, code="75-AB12CD-7", link=LINK, sender="K"
    )
    assert "10.05.2025" in message.sms.text and not message.sms.shortened
    assert closes_for_good("queue.entry_cancelled", data)
    assert not closes_for_good(
        "queue.entry_cancelled", {**data, "reinstatable_until": "2025-05-10"}
    )


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_renewal_and_a_reinstatement_name_the_new_validity(language):
    for event_type in ("queue.entry_renewed", "queue.entry_reinstated"):
        notice = patient_notice(event_type, {"valid_until": "2025-08-01"})
        assert notice is not None
        message = render(
            notice, language, CATALOGUE, code="75-AB12CD-7", link=LINK, sender="K"
        )
        assert "01.08.2025" in message.sms.text, (event_type, language)
        assert not message.sms.shortened
