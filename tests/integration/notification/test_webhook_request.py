"""The request WEBHOOKS.md shows under "What is sent" is the one a receiver
gets: the same headers (and no others of Kezek's), each as the document
shows it, and a body with the fields the example has."""

from __future__ import annotations

import json
import re

from services.notification.bootstrap import init_app
from shared.runtime import PLATFORM
from tests.documents import Document
from tests.integration.notification.conftest import (
    CLINIC,
    eventually,
    queue_event,
    registered,
    token,
)

TRANSPORT = {"host", "content-length", "accept", "accept-encoding"}
"""Headers the HTTP client adds to any request; not Kezek's to document."""


def documented_request() -> tuple[dict[str, str], dict]:
    """The headers (name: value as shown) and the body of the example."""
    section = Document.at("services/notification/WEBHOOKS.md").section("What is sent")
    [request] = [b for b in section.blocks("") if b.text.startswith("POST ")]
    head, body = request.text.split("\n\n", 1)
    headers = dict(line.split(": ", 1) for line in head.splitlines()[1:])
    return headers, json.loads(body)


async def test_a_receiver_gets_the_request_the_document_shows(
    aiohttp_client, notification_settings, receiver
):
    settings = notification_settings(
        sms_gateway_url="", smtp_host="", webhook_allow_local=True
    )
    client = await aiohttp_client(init_app(settings))
    path = f"/v1/facilities/{CLINIC}/webhook"
    await client.put(path, json={"url": receiver[1]}, headers=token(settings, "doctor"))
    publisher = client.app[PLATFORM].publisher
    referral = registered()
    await publisher.publish(referral)
    rejected = queue_event("queue.entry_rejected", referral.data["referral_id"])
    await publisher.publish(rejected)
    [request] = await eventually(lambda: receiver[0].requests or None)

    shown, example = documented_request()
    sent = {k: v for k, v in request["headers"].items() if k.lower() not in TRANSPORT}
    assert set(sent) == set(shown)
    for name in ("Content-Type", "User-Agent"):
        assert sent[name] == shown[name]
    assert sent["X-Kezek-Event"] == shown["X-Kezek-Event"] == request["json"]["type"]
    assert sent["X-Kezek-Timestamp"].isdigit()
    assert re.fullmatch(r"v1=[0-9a-f]{64}", sent["X-Kezek-Signature"])
    assert "(64 hex digits)" in shown["X-Kezek-Signature"]
    assert sent["X-Kezek-Delivery"] == sent["Idempotency-Key"] == request["json"]["id"]
    assert set(request["json"]) == set(example)
