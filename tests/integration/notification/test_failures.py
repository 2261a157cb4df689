"""Transient failures retry with back-off, permanent ones stop at once, and a
delivery that finally fails is reported with ``notification.failed``."""

from __future__ import annotations

from services.notification.bootstrap import init_app
from shared.embedded import free_port
from shared.runtime import PLATFORM
from tests.integration.helpers import event_probe
from tests.integration.notification.conftest import (
    deliveries_of,
    eventually,
    queue_event,
    registered,
)


async def start(aiohttp_client, settings, *, email=None, phone="+77011234567"):
    client = await aiohttp_client(init_app(settings))
    referral = registered(email=email, phone=phone)
    publisher = client.app[PLATFORM].publisher
    await publisher.publish(referral)
    rid = referral.data["referral_id"]
    await publisher.publish(queue_event("queue.entry_placed", rid))
    return client, rid


async def finished(app, referral_id, channel):
    records = await deliveries_of(app, referral_id)
    mine = [r for r in records if r["channel"] == channel]
    return mine[0] if mine and mine[0]["status"] in ("sent", "failed") else None


async def test_a_gateway_that_keeps_failing_is_retried_then_given_up(
    aiohttp_client, notification_settings, gateway, amqp_url
):
    gateway[0].respond = lambda n: 503
    settings = notification_settings()
    async with event_probe(amqp_url, settings.kezek_namespace) as probe:
        client, rid = await start(aiohttp_client, settings)
        record = await eventually(lambda: finished(client.app, rid, "sms"))
        failed = await probe.wait_for("notification.failed", referral_id=rid)
    assert (record["status"], record["attempts"]) == ("failed", 3)
    assert record["last_error"] == "HTTP 503"
    assert len(gateway[0].requests) == 3
    assert len({r["headers"]["Idempotency-Key"] for r in gateway[0].requests}) == 1
    assert failed["data"] == {
        "delivery_id": record["_id"],
        "referral_id": rid,
        "channel": "sms",
        "source_event_type": "queue.entry_placed",
        "attempts": 3,
        "error": "HTTP 503",
    }


async def test_a_transient_failure_then_success_is_sent_once(
    aiohttp_client, notification_settings, gateway
):
    gateway[0].respond = lambda n: 502 if n < 3 else 200
    client, rid = await start(aiohttp_client, notification_settings())
    record = await eventually(lambda: finished(client.app, rid, "sms"))
    assert (record["status"], record["attempts"]) == ("sent", 3)
    assert len(gateway[0].requests) == 3


async def test_a_gateway_that_stalls_is_a_timeout_and_retried(
    aiohttp_client, notification_settings, gateway
):
    gateway[0].respond = lambda n: 2.0 if n == 1 else 200
    settings = notification_settings(sms_timeout_s=0.3)
    client, rid = await start(aiohttp_client, settings)
    record = await eventually(lambda: finished(client.app, rid, "sms"))
    assert (record["status"], record["attempts"]) == ("sent", 2)


async def test_a_gateway_refusal_stops_at_once(
    aiohttp_client, notification_settings, gateway, amqp_url
):
    gateway[0].respond = lambda n: 400
    settings = notification_settings()
    async with event_probe(amqp_url, settings.kezek_namespace) as probe:
        client, rid = await start(aiohttp_client, settings)
        record = await eventually(lambda: finished(client.app, rid, "sms"))
        failed = await probe.wait_for("notification.failed", referral_id=rid)
    assert (record["status"], record["attempts"]) == ("failed", 1)
    assert failed["data"]["error"] == "HTTP 400"
    assert len(gateway[0].requests) == 1


async def test_an_invalid_number_is_not_sent_to_the_gateway(
    aiohttp_client, notification_settings, gateway
):
    client, rid = await start(
        aiohttp_client, notification_settings(), phone="+70000000000"
    )
    record = await eventually(lambda: finished(client.app, rid, "sms"))
    assert (record["status"], record["last_error"]) == ("failed", "invalid_number")
    assert gateway[0].requests == []


async def test_smtp_4xx_is_retried_and_5xx_is_final(
    aiohttp_client, notification_settings, smtp
):
    def reply(address, n):
        if address.startswith("busy") and n == 1:
            return "451 4.3.0 Mailbox busy, try later"
        if address.startswith("gone"):
            return "550 5.1.1 No such user"
        return None

    smtp[0].reply_to_rcpt = reply
    client = await aiohttp_client(init_app(notification_settings(sms_gateway_url="")))
    publisher = client.app[PLATFORM].publisher
    referrals = {}
    for address in ("busy@example.kz", "gone@example.kz"):
        referral = registered(email=address)
        referrals[address] = rid = referral.data["referral_id"]
        await publisher.publish(referral)
        await publisher.publish(queue_event("queue.entry_placed", rid))
    busy = await eventually(
        lambda: finished(client.app, referrals["busy@example.kz"], "email")
    )
    gone = await eventually(
        lambda: finished(client.app, referrals["gone@example.kz"], "email")
    )
    assert (busy["status"], busy["attempts"]) == ("sent", 2)
    assert [m.recipients for m in smtp[0].mails] == [["busy@example.kz"]]
    assert (gone["status"], gone["attempts"]) == ("failed", 1)
    assert gone["last_error"] == "smtp_recipient_550"


async def test_an_sms_gateway_that_cannot_be_reached_is_recorded_only_as_unreachable(
    aiohttp_client, notification_settings
):
    closed = f"http://127.0.0.1:{free_port()}/sms"
    settings = notification_settings(sms_gateway_url=closed, smtp_host="")
    client, rid = await start(aiohttp_client, settings)
    record = await eventually(lambda: finished(client.app, rid, "sms"))
    assert (record["status"], record["last_error"]) == ("failed", "unreachable")


async def test_a_mail_relay_that_cannot_be_reached_is_recorded_only_as_unreachable(
    aiohttp_client, notification_settings
):
    settings = notification_settings(sms_gateway_url="", smtp_port=free_port())
    client, rid = await start(aiohttp_client, settings, email="a@example.kz")
    record = await eventually(lambda: finished(client.app, rid, "email"))
    assert (record["status"], record["last_error"]) == ("failed", "unreachable")
