"""The queue service's errors in the caller's language: the patient's
lookup that matches nothing is the same 404 in every language, its message
translated; a mistyped code names the same field."""

from __future__ import annotations

from tests.integration.queue.support import place
from tests.queue_builders import new_code


async def lookup(client, body, language):
    response = await client.post(
        "/v1/queue/lookup", json=body, headers={"Accept-Language": language}
    )
    return response, (await response.json())["error"]


async def test_a_lookup_matching_nothing_is_the_same_404_in_kazakh(client, bureau):
    mine = await place(bureau)
    body = {"code": new_code(), "iin": mine.iin}
    kazakh_response, kazakh = await lookup(client, body, "kk")
    _, english = await lookup(client, body, "en")
    assert kazakh_response.status == 404
    assert kazakh == {
        **english,
        "message": "Осы код пен ЖСН-ге сәйкес жолдама табылмады.",
    }
    assert kazakh_response.headers["Content-Language"] == "kk"
    assert kazakh_response.headers["Cache-Control"] == "no-store"


async def test_a_mistyped_code_names_the_code_in_russian(client, bureau):
    mine = await place(bureau)
    response, error = await lookup(client, {"code": "75-!", "iin": mine.iin}, "ru")
    assert (response.status, error["code"]) == (422, "validation_failed")
    assert error["fields"] == {
        "code": [
            "Это не код госпитализации (вида 75-XXXX-XXXX-X): символ пропущен "
            "или введён с ошибкой."
        ]
    }
