"""The patient's full name: optional, checked, shown to the referring
facility, and sent to the queue alone in its own event."""

from __future__ import annotations

import json

import pytest

from tests.unit.referral.factories import referral_body, with_patient

NAME = "Айгүл Серікқызы Әлиева-O'Neil"


async def register(client, auth, **patient):
    body = with_patient(referral_body(), **patient)
    return await client.post("/v1/referrals", json=body, headers=auth())


async def test_the_name_is_kept_trimmed_and_shown_to_the_referring_facility(
    client, auth
):
    response = await register(client, auth, full_name=f"  {NAME}  ")
    assert response.status == 201, await response.text()
    created = await response.json()
    assert NAME not in json.dumps(created)
    shown = await client.get(f"/v1/referrals/{created['id']}", headers=auth())
    assert (await shown.json())["patient"]["full_name"] == NAME
    assert shown.headers["Cache-Control"] == "no-store"
    elsewhere = await client.get(
        f"/v1/referrals/{created['id']}", headers=auth(facility="KZ-71-P01")
    )
    assert elsewhere.status == 404
    assert NAME not in await elsewhere.text()


async def test_the_name_travels_alone_in_its_own_event_in_the_same_commit(
    client, auth, uow
):
    created = await (await register(client, auth, full_name=NAME)).json()
    registered, named = uow.store.outbox
    assert registered.event_type == "referral.registered"
    assert NAME not in json.dumps(registered.data, default=str)
    assert named.event_type == "referral.patient_named"
    assert named.data == {"referral_id": created["id"], "version": 1, "full_name": NAME}
    assert uow.commits == 1


async def test_a_referral_without_a_name_registers_as_before(client, auth, uow):
    response = await register(client, auth)
    assert response.status == 201
    created = await response.json()
    [event] = uow.store.outbox
    assert event.event_type == "referral.registered"
    shown = await client.get(f"/v1/referrals/{created['id']}", headers=auth())
    assert (await shown.json())["patient"]["full_name"] is None


async def test_a_decomposed_letter_is_kept_composed(client, auth):
    created = await (await register(client, auth, full_name="A\u0308sem")).json()
    shown = await client.get(f"/v1/referrals/{created['id']}", headers=auth())
    assert (await shown.json())["patient"]["full_name"] == "\u00c4sem"


BAD_NAMES = {
    "empty": "",
    "blank": "   ",
    "too long": "А" * 201,
    "digits": "Айгүл 2",
    "a control character": "Айгүл\u0007Әлиева",
    "a line break inside": "Айгүл\nӘлиева",
    "a lone surrogate": "Айгүл\ud800",
    "another script": "李小龍",
    "markup": "<b>Айгүл</b>",
    "a formula": "=HYPERLINK(1)",
    "not a string": 42,
}


@pytest.mark.parametrize("bad", BAD_NAMES.values(), ids=BAD_NAMES.keys())
async def test_a_name_that_is_not_letters_is_422_naming_the_field(
    client, auth, uow, bad
):
    response = await register(client, auth, full_name=bad)
    assert response.status == 422
    error = (await response.json())["error"]
    assert "patient.full_name" in error["fields"], error
    assert uow.store.outbox == [] and uow.store.collection("referrals") == {}


async def test_two_hundred_letters_are_a_name(client, auth):
    response = await register(client, auth, full_name="А" * 200)
    assert response.status == 201
