"""The waiting-time guarantee's messages: the maximum in days and the
deadline reach the patient in the SMS itself (never replaced by the short
"status changed"; the SMS may drop the what-to-do part), in every language,
naming neither the care nor the hospitals' kind; the e-mail says the doctor
can move the referral."""

from __future__ import annotations

import pytest

from services.notification.adapters.catalogue import GettextCatalogue
from services.notification.domain.notices import patient_notice
from services.notification.domain.privacy import revealing_terms
from services.notification.domain.texts import render

CATALOGUE = GettextCatalogue()
LINK = "https://kezek.example.kz/status"
DATA = {"max_wait_days": 90, "deadline": "2025-04-30", "flag": "at_risk"}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("event_type", ["queue.wait_at_risk", "queue.wait_breached"])
def test_the_sms_says_the_maximum_and_the_deadline(event_type, language):
    notice = patient_notice(event_type, DATA)
    assert notice is not None
    message = render(
        notice, language, CATALOGUE, code="75-AB12CD-7", link=LINK, sender="Kezek"
    )
    assert message.sms.length.segments <= 2
    for text in (message.sms.text, message.text):
        assert "90" in text and "30.04.2025" in text and "75-AB12CD-7" in text
        assert revealing_terms(text) == []
    assert CATALOGUE.text(language, "wait.move") in message.text
