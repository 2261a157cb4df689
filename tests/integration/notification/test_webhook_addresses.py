"""A webhook goes only over https to public addresses: a URL pointing
elsewhere is refused at registration (422 naming ``url``) and again when
sending (a name may resolve elsewhere by then), and what a failed delivery
records says nothing of the receiver's network: ``timeout``, ``unreachable``
or ``HTTP <status>``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from yarl import URL

from services.notification.adapters.webhook_hosts import (
    DOES_NOT_RESOLVE,
    RESOLVE_TIMEOUT,
)
from services.notification.bootstrap import init_app
from services.notification.domain.webhook_address import (
    BAD_PORT,
    HTTPS_ONLY,
    NO_USERINFO,
    NOT_PUBLIC,
)
from shared.embedded import free_port
from shared.runtime import PLATFORM
from tests.fake_hosts import FixedResolver
from tests.integration.helpers import event_probe
from tests.integration.notification.conftest import (
    CLINIC,
    admit_a_patient_of,
    eventually,
    final_webhook,
    token,
)

OTHER_CLINIC = "KZ-75-P02"
NAMES = {
    "his.example.kz": ["93.184.216.34"],
    "intranet.example.kz": ["10.0.0.5"],
    "metadata.example.kz": ["169.254.169.254"],
    "half.example.kz": ["93.184.216.34", "127.0.0.1"],
}


def admin(settings):
    return token(settings, "admin", "KZ-00-ADMIN")


async def put_url(client, settings, url, facility=CLINIC):
    return await client.put(
        f"/v1/facilities/{facility}/webhook", json={"url": url}, headers=admin(settings)
    )


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A server that accepts connections and never answers."""
    connections: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        connections.append(writer)
        await reader.read()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    for writer in connections:
        writer.close()
    server.close()


REFUSED_AT_REGISTRATION = [
    ("https://2130706433/hook", NOT_PUBLIC),
    ("https://169.254.169.254/latest/meta-data/", NOT_PUBLIC),
    ("https://10.0.0.1/hook", NOT_PUBLIC),
    ("https://0.0.0.0/hook", NOT_PUBLIC),
    ("https://localhost./hook", NOT_PUBLIC),
    ("https://intranet.example.kz/hook", NOT_PUBLIC),
    ("https://metadata.example.kz/hook", NOT_PUBLIC),
    ("https://half.example.kz/hook", NOT_PUBLIC),
    ("https://nowhere.example.kz/hook", DOES_NOT_RESOLVE),
    ("https://slow.example.kz/hook", RESOLVE_TIMEOUT),
    ("http://his.example.kz/hook", HTTPS_ONLY),
    ("https://user:password@his.example.kz/hook", NO_USERINFO),
    ("https://his.example.kz:22/hook", BAD_PORT),
]
REFUSED_BY_FORMAT_OR_POLICY = [
    "https://0x7f.1/hook",
    "https://0177.0.0.1/hook",
    "https://127.1/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::1]/hook",
    "https://[fe80::1%25eth0]/hook",
]


async def test_registration_refuses_a_url_that_is_not_https_to_public_addresses(
    aiohttp_client, notification_settings
):
    settings = notification_settings(webhook_timeout_s=0.2)
    resolver = FixedResolver(NAMES)
    resolver.stalling.add("slow.example.kz")
    client = await aiohttp_client(init_app(settings, resolver=resolver))
    for url, message in REFUSED_AT_REGISTRATION:
        answer = await put_url(client, settings, url)
        error = (await answer.json())["error"]
        assert (answer.status, error["code"]) == (422, "validation_failed"), url
        assert error["fields"] == {"url": [message]}, url
    for url in REFUSED_BY_FORMAT_OR_POLICY:
        answer = await put_url(client, settings, url)
        assert answer.status == 422, url
        assert set((await answer.json())["error"]["fields"]) == {"url"}, url
    assert await client.app[PLATFORM].db["webhooks"].count_documents({}) == 0
    accepted = await put_url(client, settings, "https://his.example.kz:8443/hook")
    assert accepted.status == 201


async def test_without_the_development_setting_the_local_receiver_is_refused(
    aiohttp_client, notification_settings, receiver
):
    settings = notification_settings()
    client = await aiohttp_client(init_app(settings))
    plain = await put_url(client, settings, receiver[1])
    assert (await plain.json())["error"]["fields"] == {"url": [HTTPS_ONLY]}
    https = await put_url(client, settings, receiver[1].replace("http:", "https:"))
    assert (await https.json())["error"]["fields"] == {"url": [NOT_PUBLIC]}

    development = notification_settings(webhook_allow_local=True)
    local = await aiohttp_client(init_app(development))
    assert (await put_url(local, development, receiver[1])).status == 201


async def test_a_registration_made_under_the_development_setting_is_not_sent_without_it(
    aiohttp_client, notification_settings, receiver, amqp_url
):
    development = notification_settings(
        sms_gateway_url="", smtp_host="", webhook_allow_local=True
    )
    first = await aiohttp_client(init_app(development))
    assert (await put_url(first, development, receiver[1])).status == 201
    await first.close()

    strict = replace(development, webhook_allow_local=False)
    async with event_probe(amqp_url, strict.kezek_namespace) as probe:
        client = await aiohttp_client(init_app(strict))
        rid = await admit_a_patient_of(client)
        record = await eventually(lambda: final_webhook(client.app, rid))
        failed = await probe.wait_for("notification.failed", referral_id=rid)
    assert (record["status"], record["attempts"]) == ("failed", 1)
    assert record["last_error"] == failed["data"]["error"] == "unreachable"
    assert receiver[0].requests == []


async def test_a_name_that_resolves_to_this_machine_when_sending_is_not_sent_to(
    aiohttp_client, notification_settings, receiver
):
    settings = notification_settings(sms_gateway_url="", smtp_host="")
    resolver = FixedResolver(NAMES)
    client = await aiohttp_client(init_app(settings, resolver=resolver))
    url = f"https://his.example.kz:{URL(receiver[1]).port}/hooks/kezek"
    assert (await put_url(client, settings, url)).status == 201
    resolver.point("his.example.kz", "127.0.0.1")
    rid = await admit_a_patient_of(client)
    record = await eventually(lambda: final_webhook(client.app, rid))
    assert (record["status"], record["attempts"]) == ("failed", 1)
    assert record["last_error"] == "unreachable"
    assert resolver.lookups == ["his.example.kz", "his.example.kz"]
    assert receiver[0].requests == []


async def test_a_failed_delivery_records_only_timeout_unreachable_or_http_status(
    aiohttp_client, notification_settings, receiver, silent_server
):
    receiver[0].respond = lambda n: 500
    settings = notification_settings(
        sms_gateway_url="",
        smtp_host="",
        webhook_allow_local=True,
        webhook_timeout_s=0.3,
    )
    client = await aiohttp_client(init_app(settings))
    doctor = token(settings, "doctor")
    targets = [
        (receiver[1], "HTTP 500"),
        (f"http://127.0.0.1:{silent_server}/hook", "timeout"),
        (f"http://127.0.0.1:{free_port()}/hook", "unreachable"),
    ]
    for url, error in targets:
        assert (await put_url(client, settings, url)).status in (200, 201)
        rid = await admit_a_patient_of(client)
        record = await eventually(lambda rid=rid: final_webhook(client.app, rid))
        assert (record["status"], record["attempts"]) == ("failed", 3)
        assert record["last_error"] == error
        listed = await client.get(
            "/v1/notifications", params={"referral_id": rid}, headers=doctor
        )
        assert [d["last_error"] for d in (await listed.json())["deliveries"]] == [error]


async def test_a_refused_address_and_a_closed_port_look_the_same(
    aiohttp_client, notification_settings, receiver, amqp_url
):
    settings = notification_settings(
        sms_gateway_url="",
        smtp_host="",
        webhook_allow_local=True,
        delivery_max_attempts=1,
    )
    resolver = FixedResolver({"lab.example.kz": ["127.0.0.1"]})
    client = await aiohttp_client(init_app(settings, resolver=resolver))
    closed = f"http://127.0.0.1:{free_port()}/hook"
    assert (await put_url(client, settings, closed)).status == 201
    rebound = receiver[1].replace("127.0.0.1", "lab.example.kz")
    assert (await put_url(client, settings, rebound, OTHER_CLINIC)).status == 201
    resolver.point("lab.example.kz", "0.0.0.0")  # refused even in development
    outcomes = []
    async with event_probe(amqp_url, settings.kezek_namespace) as probe:
        for facility in (CLINIC, OTHER_CLINIC):
            rid = await admit_a_patient_of(client, facility)
            record = await eventually(lambda rid=rid: final_webhook(client.app, rid))
            failed = await probe.wait_for("notification.failed", referral_id=rid)
            seen = (record["status"], record["attempts"], record["last_error"])
            outcomes.append((*seen, failed["data"]["error"]))
    assert outcomes[0] == outcomes[1] == ("failed", 1, "unreachable", "unreachable")
    assert receiver[0].requests == []
