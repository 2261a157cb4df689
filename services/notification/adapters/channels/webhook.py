"""Webhooks to the referring facility's system: a signed JSON POST (see
WEBHOOKS.md). The URL and secret are read when sending, so a replaced URL
takes effect for deliveries still pending."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable

import aiohttp

from services.notification.adapters.channels import check_http_status
from services.notification.domain.channels import PermanentFailure, TransientFailure
from services.notification.domain.model import WEBHOOK, Delivery
from services.notification.domain.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature_header,
)

Registration = tuple[str, str]
LookupRegistration = Callable[[str], Awaitable[Registration | None]]


class WebhookSender:
    name = WEBHOOK

    def __init__(
        self,
        session: aiohttp.ClientSession,
        registration_of: LookupRegistration,
        *,
        timeout_s: float = 10.0,
        unix_time: Callable[[], float] = time.time,
    ):
        self._session = session
        self._registration_of = registration_of
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._unix_time = unix_time

    async def send(self, delivery: Delivery) -> None:
        registration = await self._registration_of(delivery.recipient)
        if registration is None:
            raise PermanentFailure("webhook_not_registered")
        url, secret = registration
        payload = delivery.content["payload"]
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        timestamp = str(int(self._unix_time()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Kezek-Webhooks/1",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature_header(secret, timestamp, body),
            DELIVERY_HEADER: delivery.key,
            "Idempotency-Key": delivery.key,
            EVENT_HEADER: payload["type"],
        }
        try:
            async with self._session.post(
                url,
                data=body,
                headers=headers,
                timeout=self._timeout,
                allow_redirects=False,
            ) as response:
                await response.read()
                status = response.status
        except TimeoutError as exc:
            raise TransientFailure("webhook_timeout") from exc
        except aiohttp.ClientError as exc:
            raise TransientFailure(f"webhook_unreachable_{type(exc).__name__}") from exc
        check_http_status(status, "webhook")
