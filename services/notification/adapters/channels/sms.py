"""SMS through an HTTP gateway. The payload's shape comes from settings: a
JSON template whose string values may hold ``{to}``, ``{text}``,
``{sender}``, ``{key}``, ``{encoding}`` or ``{segments}``."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import phonenumbers

from services.notification.adapters.channels import check_http_status
from services.notification.domain.channels import (
    TIMEOUT,
    UNREACHABLE,
    PermanentFailure,
    TransientFailure,
)
from services.notification.domain.model import SMS, Delivery

IDEMPOTENCY_HEADER = "Idempotency-Key"


def e164(raw: str, region: str = "KZ") -> str | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def fill(template: Any, values: dict[str, Any]) -> Any:
    """``template`` with each placeholder replaced; a string that is exactly
    one placeholder takes the value's own type."""
    if isinstance(template, dict):
        return {k: fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [fill(v, values) for v in template]
    if isinstance(template, str):
        for name, value in values.items():
            if template == f"{{{name}}}":
                return value
        for name, value in values.items():
            template = template.replace(f"{{{name}}}", str(value))
    return template


class HttpSmsGateway:
    name = SMS

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        *,
        payload_template: str,
        sender: str,
        username: str = "",
        password: str = "",
        token: str = "",
        timeout_s: float = 10.0,
    ):
        self._session = session
        self._url = url
        self._template = json.loads(payload_template)
        self._sender = sender
        self._auth = aiohttp.BasicAuth(username, password) if username else None
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def send(self, delivery: Delivery) -> None:
        number = e164(delivery.recipient)
        if number is None:
            raise PermanentFailure("invalid_number")
        content = delivery.content
        payload = fill(
            self._template,
            {
                "to": number,
                "text": content["text"],
                "sender": self._sender,
                "key": delivery.key,
                "encoding": content["encoding"],
                "segments": content["segments"],
            },
        )
        headers = {IDEMPOTENCY_HEADER: delivery.key}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        try:
            async with self._session.post(
                self._url,
                json=payload,
                headers=headers,
                auth=self._auth,
                timeout=self._timeout,
                allow_redirects=False,
            ) as response:
                await response.read()
                status = response.status
        except TimeoutError as exc:
            raise TransientFailure(TIMEOUT) from exc
        except aiohttp.ClientError as exc:
            raise TransientFailure(UNREACHABLE, type(exc).__name__) from exc
        check_http_status(status)
