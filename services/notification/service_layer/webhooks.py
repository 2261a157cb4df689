"""Commands on a facility's webhook registration, and what sending reads.

The signing secret is stored only sealed (see adapters/secret_box.py). A
plain secret (``Webhook.plain_secret``) is what versions before this one
stored: where present it is the current secret; it is sealed at start
(:func:`seal_plain_secrets`) and by any registration that keeps it.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from services.notification.domain.commands import RegisterWebhook, RemoveWebhook
from services.notification.domain.model import Webhook
from services.notification.service_layer.dependencies import (
    Dependencies,
    SecretSealer,
)
from services.notification.service_layer.errors import WebhookNotFound
from services.notification.service_layer.unit_of_work import (
    NotificationChange,
    NotificationUnitOfWork,
)

SECRET_PREFIX = "whsec_"


@dataclass(frozen=True)
class Registration:
    facility_id: str
    url: str
    created_at: datetime
    updated_at: datetime
    created: bool
    new_secret: str | None


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


async def register_webhook(cmd: RegisterWebhook, deps: Dependencies) -> Registration:
    """Register or replace the URL once its host checks out (else
    ``RefusedAddress``); a secret is made on first registration or on
    request and shown only then."""
    await deps.webhook_addresses.check(cmd.url)
    now = deps.clock()

    async def work(tx: NotificationChange) -> Registration:
        existing = await tx.webhooks.get(cmd.facility_id)
        secret = None
        if existing is None or cmd.rotate_secret:
            secret = new_secret()
        created_at = now if existing is None else existing.created_at
        sealed = _sealed(cmd.facility_id, secret, existing, deps.secret_box)
        await tx.webhooks.put(
            Webhook(cmd.facility_id, cmd.url, created_at, now, sealed_secret=sealed)
        )
        return Registration(
            facility_id=cmd.facility_id,
            url=cmd.url,
            created_at=created_at,
            updated_at=now,
            created=existing is None,
            new_secret=secret,
        )

    return await deps.uow.run(work)


def _sealed(
    facility_id: str, secret: str | None, existing: Webhook | None, box: SecretSealer
) -> str | None:
    """The new secret sealed, else the current one (sealed if still plain)."""
    if secret is not None:
        return box.seal(facility_id, secret)
    assert existing is not None  # without one a secret was made
    if existing.plain_secret is not None:
        return box.seal(facility_id, existing.plain_secret)
    return existing.sealed_secret


async def remove_webhook(cmd: RemoveWebhook, deps: Dependencies) -> None:
    async def work(tx: NotificationChange) -> None:
        if not await tx.webhooks.delete(cmd.facility_id):
            raise WebhookNotFound()

    await deps.uow.run(work)


def registration_lookup(
    uow: NotificationUnitOfWork, box: SecretSealer
) -> Callable[[str], Awaitable[tuple[str, str] | None]]:
    """``(url, secret)`` of a facility, for the webhook channel; raises
    ``SecretUnreadable`` if the sealed secret does not open."""

    async def lookup(facility_id: str) -> tuple[str, str] | None:
        webhook = await uow.reader().webhooks.get(facility_id)
        if webhook is None:
            return None
        if webhook.plain_secret is not None:
            return webhook.url, webhook.plain_secret
        return webhook.url, box.open(facility_id, webhook.sealed_secret or "")

    return lookup


async def seal_plain_secrets(uow: NotificationUnitOfWork, box: SecretSealer) -> int:
    """Seal every secret a version before this one stored in plain text;
    return how many."""
    webhooks = uow.reader().webhooks
    sealed = 0
    for webhook in await webhooks.with_plain_secret():
        facility_id, plain = webhook.facility_id, webhook.plain_secret or ""
        sealed += await webhooks.seal(facility_id, plain, box.seal(facility_id, plain))
    return sealed
