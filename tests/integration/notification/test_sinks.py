"""The local sinks `kezek up` starts receive real SMS and e-mail from the
service, and `kezek outbox` shows them."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp

from services.notification.bootstrap import init_app
from shared.cli.main import main as kezek
from shared.runtime import PLATFORM
from tests.integration.notification.conftest import (
    CLINIC,
    eventually,
    queue_event,
    registered,
    token,
)
from tests.integration.notification.servers import (
    FakeStack,
    local_sinks,
    sink_settings,
)


async def register_the_sink_as_webhook(client, settings, stack: FakeStack) -> None:
    sink_hook = stack.env["SMS_GATEWAY_URL"].replace("/sms", "/webhooks/clinic")
    registration = await client.put(
        f"/v1/facilities/{CLINIC}/webhook",
        json={"url": sink_hook},
        headers=token(settings, "doctor"),
    )
    assert registration.status == 201


async def publish_a_referral_and_its_admission(client) -> None:
    referral = registered(language="kk", email="aigerim@mail.kz")
    publisher = client.app[PLATFORM].publisher
    await publisher.publish(referral)
    await publisher.publish(
        queue_event("queue.patient_admitted", referral.data["referral_id"])
    )


async def repeat_an_sms_and_read_the_sinks(stack: FakeStack) -> tuple[list, list]:
    """Posts one SMS twice with the same idempotency key; returns what the
    SMS and the mail sink received."""
    async with aiohttp.ClientSession() as session:
        sms_url = stack.env["SMS_GATEWAY_URL"]
        repeat = {"Idempotency-Key": "same-key"}
        for _ in range(2):
            async with session.post(
                sms_url, json={"to": "+7", "text": "x"}, headers=repeat
            ):
                pass
        async with session.get(sms_url) as answer:
            received = await answer.json()
        async with session.get(sms_url.replace("/sms", "/mail")) as answer:
            mails = await answer.json()
    return received, mails


def assert_the_outbox_shows_every_channel(home: Path, capsys) -> None:
    capsys.readouterr()
    assert kezek(["outbox", "--home", str(home), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    by_channel = {line["channel"]: line for line in lines}
    assert "Рақмет" in by_channel["email"]["text"]
    assert by_channel["email"]["to"] == ["aigerim@mail.kz"]
    assert by_channel["webhook"]["payload"]["type"] == "referral.admitted"
    sms = [x for x in lines if x["channel"] == "sms" and x["payload"]["to"] != "+7"]
    assert "Рақмет" in sms[0]["payload"]["text"]
    capsys.readouterr()
    assert kezek(["outbox", "--home", str(home), "--channel", "sms"]) == 0
    table = capsys.readouterr().out
    assert "Рақмет" in table and "2 message(s) shown" in table


async def test_the_sinks_receive_what_the_service_sends_and_outbox_shows_it(
    tmp_path, aiohttp_client, make_settings, capsys
):
    with local_sinks(tmp_path) as stack:
        assert set(stack.processes) == {"mail-sink", "sms-sink"}
        settings = sink_settings(make_settings, stack)
        client = await aiohttp_client(init_app(settings))
        await register_the_sink_as_webhook(client, settings, stack)
        await publish_a_referral_and_its_admission(client)
        outbox = tmp_path / "outbox"
        files = ("sms.jsonl", "mail.jsonl", "webhooks.jsonl")
        await eventually(lambda: all((outbox / name).exists() for name in files))
        received, mails = await repeat_an_sms_and_read_the_sinks(stack)
        assert [r["idempotency_key"] for r in received].count("same-key") == 1
        assert mails[0]["to"] == ["aigerim@mail.kz"]
        assert_the_outbox_shows_every_channel(tmp_path, capsys)
