"""What a placement message says of the estimate: a band within the horizon;
past it, not before a day and possibly later than the horizon, never a
latest date it cannot promise. And a patient admitted as an emergency is
thanked, never told the referral was cancelled, in every language."""

from __future__ import annotations

import pytest

from services.notification.adapters.catalogue import GettextCatalogue
from services.notification.domain.notices import patient_notice
from services.notification.domain.privacy import revealing_terms
from services.notification.domain.texts import render

CATALOGUE = GettextCatalogue()
LINK = "https://kezek.test/status"
BEYOND = {"earliest": "2025-06-01", "latest": None, "horizon": "2027-03-01"}
ALL_BEYOND = {"earliest": "2027-03-01", "latest": None, "horizon": "2027-03-01"}
LANGUAGES = ("kk", "ru", "en")


def placed(estimate: dict[str, object], language: str) -> str:
    data = {"position": 900, "queue_length": 950, "estimated_admission": estimate}
    notice = patient_notice("queue.entry_placed", data)
    assert notice is not None
    message = render(notice, language, CATALOGUE, code="KZ-75-X", link=LINK, sender="K")
    assert message.sms.length.segments <= 2
    assert revealing_terms(message.text) == []
    return message.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_past_the_horizon_the_message_says_not_before_and_the_horizon(language):
    text = placed({**BEYOND, "beyond_horizon": True}, language)
    assert "01.06.2025" in text and "01.03.2027" in text
    assert "-01.03.2027" not in text  # no band ending at the horizon
    expected = CATALOGUE.text(language, "placed.window_beyond").format(
        earliest="01.06.2025", horizon="01.03.2027"
    )
    assert expected in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_when_even_the_earliest_day_is_the_horizon_only_it_is_named(language):
    text = placed(ALL_BEYOND, language)
    expected = CATALOGUE.text(language, "placed.window_after").format(
        earliest="01.03.2027"
    )
    assert expected in text and text.count("01.03.2027") == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_band_within_the_horizon_is_told_as_before(language):
    text = placed({"earliest": "2025-03-01", "latest": "2025-03-15"}, language)
    assert "01.03-15.03.2025" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_emergency_admission_elsewhere_is_told_as_an_admission(language):
    notice = patient_notice(
        "queue.entry_cancelled", {"reason_code": "admitted_elsewhere"}
    )
    assert notice is not None
    message = render(notice, language, CATALOGUE, code="KZ-75-X", link=LINK, sender="K")
    admitted = CATALOGUE.text(language, "admitted.headline").format(code="KZ-75-X")
    cancelled = CATALOGUE.text(language, "cancelled.headline").format(code="KZ-75-X")
    assert admitted in message.text and cancelled not in message.text
    assert CATALOGUE.text(language, "cancelled.next") not in message.text
