"""Hospital names and addresses in the reader's language: the lookup's
hospital card by ``Accept-Language`` (else English), the facility list by
its ``lang`` parameter, then the header, then English, and the status page
in the page's own language, with JavaScript or without."""

from __future__ import annotations

import pytest

from shared.reference.registry import Facility
from tests.queue_builders import HOSPITAL
from tests.unit.queue.patients.patient_side import PatientSide, patient_side
from tests.unit.status_page.page_app import page_client, posted

LANGUAGES = ("kk", "ru", "en")


@pytest.fixture
def side() -> PatientSide:
    return patient_side()


@pytest.fixture
async def client(aiohttp_client, side):
    return await page_client(aiohttp_client, side)


def hospital(side: PatientSide) -> Facility:
    found = side.queue.patients.registry.get(HOSPITAL)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        ("kk", "kk"),
        ("ru-KZ,ru;q=0.9", "ru"),
        ("en-GB", "en"),
        ("de, ru;q=0.5", "ru"),
        (None, "en"),
        ("de", "en"),
    ],
)
async def test_the_lookup_names_the_hospital_in_the_callers_language(
    client, side, accept_language, language
):
    mine = await side.queue.place()
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = await client.post(
        "/v1/queue/lookup", json=mine.lookup_body(), headers=headers
    )
    assert response.status == 200
    assert response.headers["Content-Language"] == language
    assert response.headers["Cache-Control"] == "no-store"
    card = (await response.json())["hospital"]
    facility = hospital(side)
    assert card == {
        "name": facility.name_in(language),
        "address": facility.address_in(language),
        "phone": facility.phone,
    }


async def test_leaving_the_queue_answers_with_the_hospital_in_the_callers_language(
    client, side
):
    mine = await side.queue.place()
    body = {**mine.lookup_body(), "reason_code": "moved"}
    response = await client.post(
        "/v1/queue/cancel", json=body, headers={"Accept-Language": "kk"}
    )
    assert response.status == 200
    assert (await response.json())["hospital"]["name"] == hospital(side).name_in("kk")


@pytest.mark.parametrize(
    ("query", "accept_language", "language"),
    [
        ("&lang=kk", None, "kk"),
        ("&lang=ru", "en", "ru"),
        ("&lang=en", "kk", "en"),
        ("", "ru", "ru"),
        ("", "kk-KZ", "kk"),
        ("", None, "en"),
    ],
)
async def test_the_facility_list_is_in_lang_then_the_header_then_english(
    client, side, query, accept_language, language
):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = await client.get(
        f"/v1/facilities?bed_profile=psychiatry&region=75{query}", headers=headers
    )
    assert response.status == 200
    assert response.headers["Content-Language"] == language
    listed = {f["id"]: f for f in (await response.json())["facilities"]}
    facility = hospital(side)
    assert listed[HOSPITAL]["name"] == facility.name_in(language)
    assert listed[HOSPITAL]["address"] == facility.address_in(language)


async def test_a_language_the_list_does_not_speak_is_refused_naming_lang(client):
    response = await client.get("/v1/facilities?lang=de")
    assert response.status == 422
    assert set((await response.json())["error"]["fields"]) == {"lang"}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_page_without_javascript_names_the_hospital_in_its_language(
    client, side, language
):
    mine = await side.queue.place()
    page = await posted(client, "/", code=mine.code, iin=mine.iin, lang=language)
    facility = hospital(side)
    assert page.shown("r-hospital") == ", ".join(
        (facility.name_in(language), facility.address_in(language), facility.phone)
    )
