"""Each event type produces the right message in each language, by SMS
through an HTTP gateway and by e-mail through a real SMTP server."""

from __future__ import annotations

from datetime import UTC, datetime

from services.notification.bootstrap import init_app
from services.notification.domain.model import delivery_key
from services.notification.domain.privacy import revealing_terms
from shared.runtime import PLATFORM
from tests.integration.notification.conftest import (
    EXTRA,
    eventually,
    queue_event,
    registered,
)
from tests.queue_builders import Clock

LINK = "https://kezek.test/status"
BEFORE_THE_DATES = datetime(2025, 3, 3, 7, 0, tzinfo=UTC)
"""Noon in Almaty before the events' dates (a message whose dates have
passed is not sent)."""
CASES = [
    (
        "queue.entry_placed",
        {},
        {
            "kk": ["кезекте", "12 (340 ішінен)", "01.03-15.03.2025"],
            "ru": ["в очереди", "12 из 340", "01.03-15.03.2025"],
            "en": ["waiting list", "12 of 340", "01.03-15.03.2025"],
        },
    ),
    (
        "queue.admission_scheduled",
        {},
        {
            "kk": ["жатқызу күні 04.03.2025"],
            "ru": ["госпитализация 04.03.2025"],
            "en": ["date", "is 04.03.2025"],
        },
    ),
    (
        "queue.position_milestone",
        {},
        {"kk": ["орныңыз — 3"], "ru": ["в очереди — 3"], "en": ["number 3"]},
    ),
    (
        "queue.expiry_approaching",
        {},
        {
            "kk": ["20.04.2025 дейін жарамды", "ұзартуды"],
            "ru": ["действует до 20.04.2025", "продлить"],
            "en": ["valid until 20.04.2025", "renew"],
        },
    ),
    (
        "queue.no_show",
        {"returned_to_waiting": True},
        {
            "kk": ["келмедіңіз", "бір рет сақталды"],
            "ru": ["не пришли", "сохранено один раз"],
            "en": ["did not come", "kept this one time"],
        },
    ),
    (
        "queue.no_show",
        {"returned_to_waiting": False},
        {
            "kk": ["жабылды", "жаңа жолдама"],
            "ru": ["закрыто", "новое направление"],
            "en": ["closed", "new referral"],
        },
    ),
    (
        "queue.entry_rejected",
        {},
        {
            "kk": ["қабылдамады", "жаңа жолдама"],
            "ru": ["не принято", "новое направление"],
            "en": ["could not accept", "new referral"],
        },
    ),
    (
        "queue.entry_cancelled",
        {},
        {
            "kk": ["күші жойылды", "жаңа жолдама"],
            "ru": ["отменено", "новое направление"],
            "en": ["cancelled", "new referral"],
        },
    ),
    (
        "queue.entry_expired",
        {},
        {
            "kk": ["мерзімі өтті", "10.05.2025"],
            "ru": ["истёк", "10.05.2025"],
            "en": ["expired", "10.05.2025"],
        },
    ),
    (
        "queue.entry_reinstated",
        {},
        {
            "kk": ["қалпына келтірілді", "01.08.2025 дейін"],
            "ru": ["восстановлено", "до 01.08.2025"],
            "en": ["back in the waiting list", "until 01.08.2025"],
        },
    ),
    (
        "queue.entry_renewed",
        {},
        {
            "kk": ["ұзартылды", "01.07.2025 дейін"],
            "ru": ["продлено", "до 01.07.2025"],
            "en": ["extended", "until 01.07.2025"],
        },
    ),
    (
        "queue.patient_admitted",
        {},
        {"kk": ["Рақмет"], "ru": ["Спасибо"], "en": ["Thank you"]},
    ),
    (
        "queue.wait_at_risk",
        {},
        {
            "kk": ["90 күн", "30.04.2025"],
            "ru": ["90 дн.", "до 30.04.2025"],
            "en": ["90 days", "30.04.2025"],
        },
    ),
]
PATIENTS = {
    "kk": ("+77011230001", "kk@example.kz", "75-KK0001-1"),
    "ru": ("+77011230002", "ru@example.kz", "75-RU0002-2"),
    "en": ("+77011230003", "en@example.kz", "75-EN0003-3"),
}


def test_every_case_is_a_known_event_type():
    assert {event_type for event_type, _, _ in CASES} == set(EXTRA)


async def publish_every_case_for_every_patient(publisher) -> list[tuple]:
    """Each patient's referral and each case's event; returns what each
    event should bring: (event, language, phone, e-mail, code, phrases)."""
    expected = []
    for language, (phone, email, code) in PATIENTS.items():
        for event_type, extra, phrases in CASES:
            referral = registered(
                language=language, phone=phone, email=email, code=code
            )
            await publisher.publish(referral)
            event = queue_event(
                event_type, referral.data["referral_id"], code=code, **extra
            )
            await publisher.publish(event)
            expected.append((event, language, phone, email, code, phrases[language]))
    return expected


async def test_each_event_reaches_the_patient_in_their_language(
    aiohttp_client, notification_settings, smtp, gateway
):
    mails, sms = smtp[0], gateway[0]
    clock = Clock(BEFORE_THE_DATES)
    client = await aiohttp_client(init_app(notification_settings(), clock=clock))
    expected = await publish_every_case_for_every_patient(
        client.app[PLATFORM].publisher
    )

    sent = len(CASES) * len(PATIENTS)
    await eventually(lambda: len(sms.requests) >= sent and len(mails.mails) >= sent)
    sms_by_key = {r["headers"]["Idempotency-Key"]: r for r in sms.requests}
    mail_by_id = {m.message["Message-ID"]: m for m in mails.mails}
    assert len(sms_by_key) == len(sms.requests) == sent == 39
    assert len(mail_by_id) == len(mails.mails) == sent
    for event, language, phone, email, code, phrases in expected:
        text_message = sms_by_key[delivery_key(event.event_id, "sms", phone)]["json"]
        assert text_message["to"] == phone
        assert text_message["sender"] == "Kezek"
        mail = mail_by_id[
            f"<{delivery_key(event.event_id, 'email', email)}@kezek.local>"
        ]
        assert mail.recipients == [email]
        assert "Kezek" in mail.message["From"]
        assert code in mail.message["Subject"]
        assert mail.message["Content-Language"] == language
        for body in (text_message["text"], mail.text, mail.html):
            assert code in body and LINK in body, (event.event_type, language)
            for phrase in phrases:
                assert phrase in body, (event.event_type, language, phrase, body)
            assert "Ward closed" not in body
            assert revealing_terms(body) == []
        assert f'href="{LINK}"' in mail.html
