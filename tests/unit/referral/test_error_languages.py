"""The referral service's errors in the caller's language: the same status,
code, field names and extras, the messages translated."""

from __future__ import annotations

from tests.unit.referral.factories import referral_body, with_patient

RUSSIAN = {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}
KAZAKH = {"Accept-Language": "kk"}


def invalid_referral() -> dict:
    body = with_patient(referral_body(), iin="791028302729", language="fr")
    del body["stay"]
    body["colour"] = "blue"
    return body


async def answer(response, status: int) -> dict:
    assert response.status == status, await response.text()
    return (await response.json())["error"]


async def test_a_422_in_russian_names_the_same_fields_with_russian_words(client, auth):
    body = invalid_referral()
    english = await answer(
        await client.post("/v1/referrals", json=body, headers=auth()), 422
    )
    response = await client.post(
        "/v1/referrals", json=body, headers={**auth(), **RUSSIAN}
    )
    russian = await answer(response, 422)
    assert response.headers["Content-Language"] == "ru"
    assert "Accept-Language" in response.headers.getall("Vary")
    assert russian["code"] == english["code"] == "validation_failed"
    assert (
        set(russian["fields"])
        == set(english["fields"])
        == {
            "patient.iin",
            "patient.language",
            "stay",
            "colour",
        }
    )
    assert russian["message"] == "В запросе есть неверно заполненные поля."
    assert russian["fields"]["stay"] == ["Обязательное поле не заполнено."]
    assert russian["fields"]["colour"] == ["Неизвестное поле."]
    assert russian["fields"]["patient.iin"] == ["Контрольная цифра не совпадает."]
    assert russian["fields"]["patient.language"] == ["Допустимые значения: kk, ru, en."]


async def test_a_rule_refusal_in_kazakh_keeps_the_values_it_names(client, auth):
    body = referral_body(bed_profile="astrology")
    response = await client.post(
        "/v1/referrals", json=body, headers={**auth(), **KAZAKH}
    )
    error = await answer(response, 422)
    assert error["message"] == "Жолдаманың кейбір өрістері қате толтырылған."
    (words,) = error["fields"]["bed_profile"]
    assert words.startswith("Төсек-орын бейіні белгісіз; мыналардың бірі болуы керек: ")
    assert "psychiatry" in words


async def test_the_401_without_a_token_is_in_russian(client):
    response = await client.get("/v1/referrals", headers=RUSSIAN)
    error = await answer(response, 401)
    assert error["code"] == "unauthorized"
    assert error["message"] == "Требуется токен доступа (Bearer)."
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="kezek"'


async def test_a_404_in_kazakh_and_without_the_header_in_english(client, auth):
    path = "/v1/referrals/" + "0" * 32
    kazakh = await answer(await client.get(path, headers={**auth(), **KAZAKH}), 404)
    english = await answer(await client.get(path, headers=auth()), 404)
    assert kazakh == {**english, "message": "Мұндай жолдама табылмады."}
    assert english["message"] == "No such referral."


async def test_a_language_nobody_speaks_here_gets_english(client, auth):
    response = await client.get(
        "/v1/referrals/" + "0" * 32, headers={**auth(), "Accept-Language": "de"}
    )
    assert (await answer(response, 404))["message"] == "No such referral."
    assert response.headers["Content-Language"] == "en"


async def test_a_success_is_not_touched_by_the_language(client, auth):
    body = referral_body()
    response = await client.post(
        "/v1/referrals", json=body, headers={**auth(), **RUSSIAN}
    )
    assert response.status == 201, await response.text()
    assert "Content-Language" not in response.headers
    assert "Accept-Language" not in response.headers.getall("Vary", [])
