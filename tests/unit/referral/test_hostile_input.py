"""Inputs that once answered 500 from the referral service: a planned date
on the last day of year 9999, a body nested a thousand deep, a lone
surrogate. Each gets a 4xx naming the field, and nothing is written."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.unit.referral.factories import referral_body, with_patient

INTERNALS = ("Traceback", "pymongo", "bson", "Error(", 'File "', "OverflowError")
JSON = {"Content-Type": "application/json"}


async def refused(response, status: int, field: str | None = None) -> dict:
    text = await response.text()
    assert response.status == status, text
    for internal in INTERNALS:
        assert internal not in text
    error = json.loads(text)["error"]
    if field is not None:
        assert field in error["fields"], error
    return error


def nothing_written(uow) -> None:
    assert uow.store.collection("referrals") == {}
    assert uow.store.outbox == []


async def test_a_planned_date_in_year_9999_is_422(client, auth, uow):
    body = referral_body(planned_date=date.max.isoformat())
    response = await client.post("/v1/referrals", json=body, headers=auth())
    await refused(response, 422, "planned_date")
    nothing_written(uow)


@pytest.mark.parametrize("edge", [date.max, date.min])
async def test_tests_dated_at_the_ends_of_the_calendar_are_4xx(client, auth, uow, edge):
    body = referral_body()
    body["tests"][0]["valid_until"] = edge.isoformat()
    body["tests"][0]["done_on"] = edge.isoformat()
    response = await client.post("/v1/referrals", json=body, headers=auth())
    await refused(response, 422)
    nothing_written(uow)


async def test_a_body_nested_a_thousand_deep_is_400(client, auth):
    deep = '{"patient": ' + "[" * 1000 + "]" * 1000 + "}"
    response = await client.post("/v1/referrals", data=deep, headers={**JSON, **auth()})
    await refused(response, 400)


async def test_a_lone_surrogate_in_a_text_field_is_422_naming_it(client, auth, uow):
    text = json.dumps(with_patient(referral_body(), email=None)).replace(
        '"F20.0"', '"F20.0\\ud800"'
    )
    response = await client.post("/v1/referrals", data=text, headers={**JSON, **auth()})
    await refused(response, 422, "diagnosis")
    nothing_written(uow)


async def test_a_lone_surrogate_in_a_cancel_note_is_422(client, auth):
    created = await client.post("/v1/referrals", json=referral_body(), headers=auth())
    referral_id = (await created.json())["id"]
    response = await client.post(
        f"/v1/referrals/{referral_id}/cancel",
        data='{"reason_code": "other", "note": "asked \\udc00 by phone"}',
        headers={**JSON, **auth()},
    )
    await refused(response, 422, "note")
