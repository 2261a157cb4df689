"""The status page takes the numbers its texts give from the queue's
settings, never from a catalogue: an expired referral's page says within how
many days (``REINSTATE_DAYS``) the doctor can reinstate it, in every
language, on the server and in the texts page.js reads."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta

import pytest

from services.queue.patients.status_page.catalogues import (
    LANGUAGES,
    PageTexts,
    catalogue,
    settings_numbers,
)
from services.queue.settings import QueueSettings
from services.queue.waiting_list.service_layer.expiry import run_expiry
from tests.unit.queue.patients.patient_side import patient_side
from tests.unit.queue.support import today
from tests.unit.status_page.page_app import page_client, posted

FIXED_NUMBERS = {
    "form.code.hint",  # an example code
    "form.iin.hint",  # an IIN's 12 digits, fixed by law
    "error.invalid",
    "form.otp.hint",  # a one-time code's 6 digits, fixed by the API
    "error.otp_invalid",
}
"""The only texts with a number written in them: none a setting decides."""


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_writes_a_number_a_setting_decides(language):
    written = {k for k, v in catalogue(language).items() if re.search(r"\d", v)}
    assert written == FIXED_NUMBERS
    assert "{reinstate_days}" in catalogue(language)["help.expired"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("days", [30, 45, 7])
def test_the_reinstatement_days_come_from_the_setting(language, days):
    settings = replace(QueueSettings(), reinstate_days=days)
    assert settings_numbers(settings) == {"reinstate_days": days}
    texts = PageTexts.of(settings)
    shown = texts.texts[language]["help.expired"]
    assert re.findall(r"\d+", shown) == [str(days)]
    assert "{" not in shown
    embedded = json.loads(texts.embedded)
    assert embedded[language]["help.expired"] == shown


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_expired_referrals_page_says_the_settings_days(
    aiohttp_client, language
):
    side = patient_side(reinstate_days=45)
    queue = side.queue
    lapsing = await queue.place(valid_until=today(queue) + timedelta(days=2))
    queue.clock.advance(days=3)
    assert (await run_expiry(queue.waiting_list)).expired == 1
    client = await page_client(aiohttp_client, side)
    page = await posted(client, "/", code=lapsing.code, iin=lapsing.iin, lang=language)
    assert page.status == 200
    expected = catalogue(language)["help.expired"].replace("{reinstate_days}", "45")
    assert page.shown("r-next") == expected
