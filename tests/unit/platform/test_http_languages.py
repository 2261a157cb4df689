"""Every error answer of the platform in the caller's language, translated
where the answer is made: handlers raise in English and never see the
language."""

from __future__ import annotations

import pytest

from shared.http import languages
from tests.unit.platform.http_app import error_of, unit_client, valid_referral

RU = {"Accept-Language": "ru"}
KK = {"Accept-Language": "kk-KZ, ru;q=0.5"}


@pytest.fixture
async def client(aiohttp_client):
    return await unit_client(aiohttp_client)


async def test_nested_field_messages_are_translated_under_their_names(client):
    body = valid_referral()
    body["patient"] = {"language": "de", "age": 40}
    response = await client.post("/v1/referrals", json=body, headers=RU)
    error = await error_of(response, 422)
    assert error == {
        "status": 422,
        "code": "validation_failed",
        "message": "В запросе есть неверно заполненные поля.",
        "fields": {
            "patient.iin": ["Обязательное поле не заполнено."],
            "patient.language": ["Допустимые значения: kk, ru."],
            "patient.age": ["Неизвестное поле."],
        },
    }
    assert response.headers["Content-Language"] == "ru"
    assert response.headers["Vary"] == "Accept-Language"


async def test_an_unknown_route_is_404_in_kazakh(client):
    response = await client.get("/no/such/thing", headers=KK)
    error = await error_of(response, 404)
    assert (error["code"], error["message"]) == ("not_found", "Табылмады")
    assert response.headers["Content-Language"] == "kk"


async def test_a_wrong_method_is_405_in_russian_with_allow(client):
    response = await client.delete("/v1/referrals", headers=RU)
    error = await error_of(response, 405)
    assert (error["code"], error["message"]) == (
        "method_not_allowed",
        "Метод не разрешён",
    )
    assert {"GET", "POST"} <= set(response.headers["Allow"].split(","))


async def test_a_body_too_large_and_a_body_not_json_in_russian(client):
    too_large = await client.post(
        "/v1/referrals",
        data=b'{"facility_id": "' + b"x" * 4096 + b'"}',
        headers={"Content-Type": "application/json", **RU},
    )
    error = await error_of(too_large, 413)
    assert error["message"] == "Слишком большой запрос"
    not_json = await client.post(
        "/v1/referrals", data=b"{", headers={"Content-Type": "application/json", **RU}
    )
    error = await error_of(not_json, 400)
    assert error["code"] == "malformed_json"
    assert error["message"].startswith("Тело запроса не является корректным JSON: ")


async def test_an_unexpected_failure_is_500_in_kazakh_revealing_nothing(client):
    response = await client.get("/broken", headers=KK)
    error = await error_of(response, 500)
    assert error["message"] == "Біз тарапта қате орын алды."
    assert "hunter2" not in await response.text()


async def test_a_message_without_a_translation_is_sent_in_english(client):
    response = await client.post("/conflict", headers=RU)
    error = await error_of(response, 409)
    assert error["message"] == "The patient is already admitted."
    assert error["code"] == "already_admitted"


async def test_without_the_header_errors_are_english(client):
    response = await client.get("/no/such/thing")
    assert (await error_of(response, 404))["message"] == "Not Found"
    assert response.headers["Content-Language"] == "en"


async def test_a_success_reads_no_language(client, monkeypatch):
    def unread(*args):
        raise AssertionError("a success chose a language")

    monkeypatch.setattr(languages, "choose_language", unread)
    response = await client.post("/v1/referrals", json=valid_referral(), headers=RU)
    assert response.status == 201
    assert "Content-Language" not in response.headers
    assert "Vary" not in response.headers
