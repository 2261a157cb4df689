"""Logging: JSON lines, personal data redacted everywhere, correlation ids."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog
from aiohttp import web

from shared.contracts import new_event
from shared.http import add_route, create_app
from shared.logging import (
    REDACTED,
    configure_logging,
    correlation_id_var,
    get_logger,
    redact_text,
)
from shared.messaging.publisher import to_message
from shared.settings import ServiceSettings

IIN = "870512300123"
EMAIL = "aigerim.n+clinic@mail.kz"
PHONES = [
    "+7 701 234 56 78",
    "+77012345678",
    "87012345678",
    "8 (701) 234-56-78",
    "+7 (701) 234 5678",
    "8-701-234-56-78",
    "+7 7172 55 55 55",
    "8 (7172) 555555",
    "701 234 56 78",
]
NOT_PERSONAL = [
    "2024-05-01T10:00:00.123456+00:00",
    "KZ-75-P01",
    "queue_length=700000 position=12",
    "positions 7 8 9 10 11 12 13",
    "ms=7012.5",
    "7f3e2a9c0b1d4e5f8a7b6c5d4e3f2a1b",
]


class JsonLogs:
    """configure_logging writes to the sys.stdout of the moment, which pytest
    swaps between setup and the test body: start inside the test."""

    def __init__(self, capsys: pytest.CaptureFixture[str]):
        self._capsys = capsys

    def start(self) -> None:
        configure_logging("test-service", "DEBUG")

    def lines(self) -> list[Any]:
        out = self._capsys.readouterr().out
        return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def logs(capsys: pytest.CaptureFixture[str]) -> Iterator[JsonLogs]:
    yield JsonLogs(capsys)
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()
    logging.getLogger().handlers = []


@pytest.mark.parametrize("phone", PHONES)
def test_kazakh_phone_numbers_in_any_usual_format_are_redacted(phone):
    assert redact_text(f"call {phone} today") == f"call {REDACTED} today"


def test_iins_and_emails_are_redacted_inside_text():
    text = f"patient iin={IIN}, mail <{EMAIL}>, IIN{IIN}"
    redacted = redact_text(text)
    assert IIN not in redacted and EMAIL not in redacted
    assert redacted.count(REDACTED) == 3


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_ordinary_numbers_ids_and_times_are_kept(text):
    assert redact_text(text) == text


def test_a_hex_id_holding_twelve_digits_in_a_row_is_kept_whole():
    event_id = f"ffb97f{IIN}a4c3d9e1f0b7c8b"[:32]
    assert len(event_id) == 32
    assert redact_text(f"handled event {event_id}") == f"handled event {event_id}"
    longer = f"{event_id}ab"  # not one of the services' ids: the IIN goes
    assert IIN not in redact_text(longer)


def test_every_log_line_is_json_with_level_time_and_service(logs):
    logs.start()
    get_logger("t").info("referral_registered", referral_id="R-1", count=3)
    (line,) = logs.lines()
    assert line["event"] == "referral_registered"
    assert line["referral_id"] == "R-1" and line["count"] == 3
    assert line["level"] == "info" and line["service"] == "test-service"
    assert line["timestamp"].endswith("Z")


def test_personal_data_is_redacted_in_nested_values(logs):
    logs.start()
    get_logger("t").warning(
        f"lookup for {IIN}",
        request={"body": {"note": f"ring {PHONES[0]}", "emails": [EMAIL]}},
        contact={"language": "kk"},
        numbers=(int(IIN), 77012345678, 42),
    )
    (line,) = logs.lines()
    rendered = json.dumps(line)
    for secret in (IIN, EMAIL, PHONES[0], "77012345678"):
        assert secret not in rendered
    assert line["contact"] == REDACTED
    assert line["request"]["body"]["note"] == f"ring {REDACTED}"
    assert line["numbers"][2] == 42


def test_a_name_logged_under_a_name_key_is_redacted(logs):
    logs.start()
    get_logger("t").info("named", full_name="Жанар Әлиева", patient_name="Asel")
    (line,) = logs.lines()
    assert (line["full_name"], line["patient_name"]) == (REDACTED, REDACTED)


def test_stdlib_logging_lines_are_json_and_redacted(logs):
    logs.start()
    logging.getLogger("some.library").warning("sent to %s and %s", EMAIL, IIN)
    (line,) = logs.lines()
    assert line["event"] == f"sent to {REDACTED} and {REDACTED}"
    assert line["level"] == "warning"


def test_exception_text_is_redacted_too(logs):
    logs.start()
    try:
        raise ValueError(f"no patient with IIN {IIN} or phone {PHONES[2]}")
    except ValueError:
        get_logger("t").exception("lookup_failed")
        logging.getLogger("lib").exception("lookup failed")
    lines = logs.lines()
    assert len(lines) == 2
    for line in lines:
        assert "ValueError" in line["exception"]
        assert IIN not in line["exception"] and PHONES[2] not in line["exception"]


def test_an_envelope_and_its_amqp_message_carry_the_current_correlation_id():
    token = correlation_id_var.set("corr-1234567890")
    try:
        envelope = new_event("referral.cancelled", _cancelled(), producer="test")
    finally:
        correlation_id_var.reset(token)
    message = to_message(envelope)
    assert envelope.correlation_id == "corr-1234567890"
    assert message.correlation_id == "corr-1234567890"
    assert message.headers["x-correlation-id"] == "corr-1234567890"


async def test_a_correlation_id_is_bound_per_request(aiohttp_client, logs):
    logs.start()
    app = create_app(ServiceSettings(service_name="t"))

    async def handler(request: web.Request) -> web.Response:
        get_logger("view").info("inside_view")
        envelope = new_event("referral.cancelled", _cancelled(), producer="t")
        return web.json_response(
            {
                "var": correlation_id_var.get(),
                "envelope": envelope.correlation_id,
                "header": to_message(envelope).headers["x-correlation-id"],
            }
        )

    add_route(app, "GET", "/probe", handler)
    client = await aiohttp_client(app)
    given = await client.get("/probe", headers={"X-Correlation-ID": "abc-12345678"})
    minted = await client.get("/probe")
    assert await given.json() == dict.fromkeys(
        ("var", "envelope", "header"), "abc-12345678"
    )
    assert given.headers["X-Correlation-ID"] == "abc-12345678"
    new_id = minted.headers["X-Correlation-ID"]
    assert len(new_id) == 32 and new_id != "abc-12345678"
    assert (await minted.json())["envelope"] == new_id
    assert correlation_id_var.get() is None
    views = [line for line in logs.lines() if line["event"] == "inside_view"]
    assert [v["correlation_id"] for v in views] == ["abc-12345678", new_id]


def _cancelled() -> dict[str, Any]:
    return {
        "referral_id": "R-1",
        "hospitalization_code": "H-1",
        "version": 2,
        "reason_code": "patient_request",
        "actor": "doctor",
    }
