"""Every body WEBHOOKS.md shows is what the service sends: each is built from
the queue event it comes from (valid under the event contract, so its codes
are documented ones), with a real hospitalization code and a hospital of the
registry, and every webhook type has an example."""

from __future__ import annotations

import json
from typing import Any

import pytest

from services.notification.domain.facility_webhooks import (
    EXTRA_FIELDS,
    WEBHOOK_TYPES,
    facility_payload,
)
from shared.contracts import EVENT_SCHEMAS, decode, encode, new_event
from shared.hospitalization_code import is_valid
from shared.reference.registry import default_registry
from tests.documents import Document

DOC = "services/notification/WEBHOOKS.md"
EVENT_OF = {webhook: event for event, webhook in WEBHOOK_TYPES.items()}
ACTOR_OF = {"patient": "patient", "system": "system"}


def documented_bodies() -> list[dict[str, Any]]:
    """The JSON examples, and the body of the request under "What is sent"."""
    document = Document.at(DOC)
    found = [json.loads(block.text) for block in document.blocks("json")]
    [request] = document.section("What is sent").blocks("")[:1]
    found.append(json.loads(request.text[request.text.index("{") :]))
    return found


def queue_data(body: dict[str, Any]) -> dict[str, Any]:
    """The data of the queue event the body is made of."""
    event_type = EVENT_OF[body["type"]]
    data: dict[str, Any] = {
        "referral_id": body["referral_id"],
        "hospitalization_code": body["hospitalization_code"],
        "facility_id": body["hospital_id"],
        "referring_facility_id": "KZ-75-P01",
        "entry_id": "e0c2a9b8d4e7f8a1",
        "status": body["status"],
        "reason_code": body.get("reason_code"),
    }
    if event_type == "queue.request_refused":
        request = f"referral.{body['request']}_requested"
        return {**data, "referral_version": 5, "request": request}
    extra = {name: body[name] for name in EXTRA_FIELDS.get(event_type, ())}
    actor = ACTOR_OF.get(body.get("closed_by", ""), "hospital:KZ-75-H01:clerk-1")
    queue_id = f"{body['hospital_id']}:therapy"
    return {**data, **extra, "queue_id": queue_id, "version": 3, "actor": actor}


def test_every_webhook_type_has_an_example():
    shown = {body["type"] for body in documented_bodies()}
    assert shown == set(WEBHOOK_TYPES.values())


@pytest.mark.parametrize(
    "body", documented_bodies(), ids=lambda body: str(body["type"])
)
def test_each_example_is_what_its_queue_event_sends(body):
    event_type = EVENT_OF[body["type"]]
    loaded = EVENT_SCHEMAS[event_type].load(queue_data(body))
    received = decode(encode(new_event(event_type, loaded, "queue")))
    sent = facility_payload(event_type, received.data, body["occurred_at"])
    assert sent == {name: value for name, value in body.items() if name != "id"}
    assert is_valid(body["hospitalization_code"])
    assert default_registry().get(body["hospital_id"]) is not None
