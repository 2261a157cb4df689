"""The notification service's errors in the caller's language: the same
status, code and field names, the messages translated (the refused webhook
address among them)."""

from __future__ import annotations

from services.notification.bootstrap import init_app
from services.notification.domain.webhook_address import HTTPS_ONLY
from tests.fake_hosts import FixedResolver
from tests.integration.notification.conftest import CLINIC, token

PATH = f"/v1/facilities/{CLINIC}/webhook"


async def test_the_401_a_404_and_a_refused_address_in_russian_and_kazakh(
    aiohttp_client, notification_settings
):
    settings = notification_settings()
    client = await aiohttp_client(init_app(settings, resolver=FixedResolver({})))
    admin = token(settings, "admin", "KZ-00-ADMIN")

    unsigned = await client.get(PATH, headers={"Accept-Language": "ru"})
    error = (await unsigned.json())["error"]
    assert (unsigned.status, error["code"]) == (401, "unauthorized")
    assert error["message"] == "Требуется токен доступа (Bearer)."
    assert unsigned.headers["Content-Language"] == "ru"

    missing = await client.get(PATH, headers={**admin, "Accept-Language": "kk"})
    error = (await missing.json())["error"]
    assert (missing.status, error["code"]) == (404, "webhook_not_found")
    assert error["message"] == "Бұл ұйымда вебхук тіркелмеген."

    refused = await client.put(
        PATH,
        json={"url": "http://his.example.kz/hook"},
        headers={**admin, "Accept-Language": "ru"},
    )
    error = (await refused.json())["error"]
    assert (refused.status, error["code"]) == (422, "validation_failed")
    assert error["fields"] == {"url": ["Адрес должен начинаться с https://."]}

    english = await client.put(
        PATH, json={"url": "http://his.example.kz/hook"}, headers=admin
    )
    assert (await english.json())["error"]["fields"] == {"url": [HTTPS_ONLY]}
