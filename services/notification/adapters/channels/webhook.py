"""Webhooks to the referring facility's system: a signed JSON POST (see
WEBHOOKS.md). The URL and secret are read when sending, so a replaced URL
takes effect for deliveries still pending. The URL is checked against the
address policy again, and the session must connect through
``webhook_connector`` (adapters/webhook_hosts.py), which resolves and checks
the host's addresses once more: an address the policy refuses is a permanent
failure, recorded as ``unreachable`` like any other failure to connect."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable

import aiohttp

from services.notification.adapters.channels import check_http_status
from services.notification.adapters.secret_box import SecretUnreadable
from services.notification.adapters.webhook_hosts import UnsafeAddress
from services.notification.domain.channels import (
    TIMEOUT,
    UNREACHABLE,
    PermanentFailure,
    TransientFailure,
)
from services.notification.domain.model import WEBHOOK, Delivery
from services.notification.domain.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature_header,
)
from services.notification.domain.webhook_address import AddressPolicy, RefusedAddress

Registration = tuple[str, str]
LookupRegistration = Callable[[str], Awaitable[Registration | None]]


class WebhookSender:
    name = WEBHOOK

    def __init__(
        self,
        session: aiohttp.ClientSession,
        registration_of: LookupRegistration,
        policy: AddressPolicy,
        *,
        timeout_s: float = 10.0,
        unix_time: Callable[[], float] = time.time,
    ):
        self._session = session
        self._registration_of = registration_of
        self._policy = policy
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._unix_time = unix_time

    async def send(self, delivery: Delivery) -> None:
        try:
            registration = await self._registration_of(delivery.recipient)
        except SecretUnreadable as exc:
            raise PermanentFailure("webhook_secret_unreadable") from exc
        if registration is None:
            raise PermanentFailure("webhook_not_registered")
        url, secret = registration
        try:
            self._policy.target(url)
        except RefusedAddress as exc:
            raise PermanentFailure(UNREACHABLE, "refused_address") from exc
        body, headers = self._signed(delivery, secret)
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
            raise TransientFailure(TIMEOUT, type(exc).__name__) from exc
        except aiohttp.ClientConnectorError as exc:
            if isinstance(exc.os_error, UnsafeAddress):
                raise PermanentFailure(UNREACHABLE, "refused_address") from exc
            raise TransientFailure(UNREACHABLE, type(exc).__name__) from exc
        except aiohttp.ClientError as exc:
            raise TransientFailure(UNREACHABLE, type(exc).__name__) from exc
        check_http_status(status)

    def _signed(self, delivery: Delivery, secret: str) -> tuple[bytes, dict[str, str]]:
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
        return body, headers
