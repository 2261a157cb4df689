"""The dispatcher on the memory unit of work: retries with back-off, final
failures reported with ``notification.failed``, and no text that would name
the kind of care ever handed to a channel."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import replace

import pytest
import structlog

from services.notification.domain.channels import PermanentFailure, TransientFailure
from shared.logging import configure_logging
from tests.notification_events import queue_event, registered
from tests.unit.notification.memory import Service, service


@pytest.fixture
def logged(capsys: pytest.CaptureFixture[str]) -> Iterator[pytest.CaptureFixture[str]]:
    """The service's log lines, as JSON on the captured stdout (capturing
    starts with the test itself, so logging is configured there)."""
    yield capsys
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()
    logging.getLogger().handlers = []


async def placed(told: Service, **contact) -> str:
    referral = registered(**contact)
    rid = referral.data["referral_id"]
    await told.hear(referral)
    await told.hear(queue_event("queue.entry_placed", rid))
    return rid


async def dispatch_until_final(told: Service, max_attempts: int = 3) -> None:
    dispatcher = told.dispatcher(max_attempts)
    while any(d.status not in ("sent", "failed") for d in told.deliveries()):
        await dispatcher.dispatch_due()
        told.clock.moment += dispatcher._policy.backoff.delay(max_attempts)


async def test_a_channel_that_keeps_failing_is_retried_then_given_up():
    told = service(channels=("sms",))
    told.channels["sms"].fail = lambda n: TransientFailure("HTTP 503")
    rid = await placed(told)
    await dispatch_until_final(told)
    [record] = told.deliveries()
    assert (record.status, record.attempts, record.last_error) == (
        "failed",
        3,
        "HTTP 503",
    )
    sent = told.channels["sms"].sent
    assert len(sent) == 3 and {d.key for d in sent} == {record.key}
    [failed] = told.uow.store.outbox
    assert failed.event_type == "notification.failed"
    assert failed.data == {
        "delivery_id": record.key,
        "referral_id": rid,
        "channel": "sms",
        "source_event_type": "queue.entry_placed",
        "attempts": 3,
        "error": "HTTP 503",
    }


async def test_a_transient_failure_then_success_is_sent_once():
    told = service(channels=("sms",))
    told.channels["sms"].fail = lambda n: (
        TransientFailure("HTTP 502") if n < 3 else None
    )
    await placed(told)
    await dispatch_until_final(told)
    [record] = told.deliveries()
    assert (record.status, record.attempts) == ("sent", 3)
    assert len(told.channels["sms"].sent) == 3
    assert told.uow.store.outbox == []


async def test_a_permanent_failure_stops_at_once():
    told = service(channels=("sms",))
    told.channels["sms"].fail = lambda n: PermanentFailure("HTTP 400")
    await placed(told)
    assert await told.dispatcher().dispatch_due() == 1
    [record] = told.deliveries()
    assert (record.status, record.attempts, record.last_error) == (
        "failed",
        1,
        "HTTP 400",
    )
    assert told.uow.store.outbox[0].data["error"] == "HTTP 400"


async def test_an_adapter_bug_is_retried_as_unexpected():
    told = service(channels=("email",))
    told.channels["email"].fail = lambda n: KeyError("subject") if n == 1 else None
    await placed(told)
    dispatcher = told.dispatcher()
    assert await dispatcher.dispatch_due() == 1
    [record] = told.deliveries()
    assert (record.status, record.last_error) == ("pending", "unexpected")
    await dispatch_until_final(told)
    assert told.deliveries()[0].status == "sent"


async def test_a_channel_that_is_off_is_left_alone():
    told = service(channels=("sms", "email"))
    await placed(told)
    del told.channels["sms"]
    assert await told.dispatcher().dispatch_due() == 1
    statuses = {d.channel: d.status for d in told.deliveries()}
    assert statuses == {"sms": "pending", "email": "sent"}


async def test_a_text_that_would_name_the_kind_of_care_is_never_sent(logged):
    configure_logging("notification")
    told = service()
    rid = await placed(told)
    for stored in told.records().values():
        content = stored["delivery"].content
        revealing = {
            part: f"{text} Наркологический диспансер." if part != "segments" else text
            for part, text in content.items()
        }
        stored["delivery"] = replace(stored["delivery"], content=revealing)
    assert await told.dispatcher().dispatch_due() == 2
    assert told.channels["sms"].sent == told.channels["email"].sent == []
    records = told.deliveries()
    assert {(d.status, d.attempts, d.last_error) for d in records} == {
        ("failed", 1, "revealing_text")
    }
    assert all(d.content == {} for d in records)
    failed = [e.data for e in told.uow.store.outbox]
    assert sorted(e["channel"] for e in failed) == ["email", "sms"]
    assert {e["error"] for e in failed} == {"revealing_text"}
    lines = [json.loads(x) for x in logged.readouterr().out.splitlines() if x]
    errors = [x for x in lines if x["event"] == "delivery_failed"]
    assert {x["referral_id"] for x in errors} == {rid}
    assert {x["reason"] for x in errors} == {"revealing_text"}
    logged = json.dumps(lines, ensure_ascii=False).casefold()
    for secret in ("нарколог", "диспансер", "+77011234567", "patient@example.kz"):
        assert secret not in logged


async def test_an_email_subject_is_guarded_too():
    told = service(channels=("email",))
    await placed(told)
    [stored] = told.records().values()
    content = {**stored["delivery"].content, "subject": "Psychiatric ward"}
    stored["delivery"] = replace(stored["delivery"], content=content)
    await told.dispatcher().dispatch_due()
    assert told.channels["email"].sent == []
    assert told.deliveries()[0].last_error == "revealing_text"
