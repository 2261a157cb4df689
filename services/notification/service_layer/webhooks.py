"""Commands on a facility's webhook registration, and the read side."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.notification.adapters.repositories import MongoWebhooks
from shared.unit_of_work import Transaction, UnitOfWork

SECRET_PREFIX = "whsec_"


@dataclass(frozen=True)
class RegisterWebhook:
    facility_id: str
    url: str
    rotate_secret: bool = False


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


async def register_webhook(
    command: RegisterWebhook, uow: UnitOfWork, now: datetime
) -> Registration:
    """Register or replace the URL; a secret is made on first registration
    or on request and shown only then."""

    async def work(tx: Transaction) -> Registration:
        webhooks = MongoWebhooks(tx.db, tx.session)
        existing = await webhooks.get(command.facility_id)
        secret = None
        if existing is None or command.rotate_secret:
            secret = new_secret()
        fields: dict[str, Any] = {"url": command.url, "updated_at": now}
        if secret is not None:
            fields["secret"] = secret
        created_at = now if existing is None else existing["created_at"]
        fields["created_at"] = created_at
        await webhooks.put(command.facility_id, fields)
        return Registration(
            facility_id=command.facility_id,
            url=command.url,
            created_at=created_at,
            updated_at=now,
            created=existing is None,
            new_secret=secret,
        )

    return await uow.run(work)


async def remove_webhook(facility_id: str, uow: UnitOfWork) -> bool:
    async def work(tx: Transaction) -> bool:
        return await MongoWebhooks(tx.db, tx.session).delete(facility_id)

    return await uow.run(work)


def registration_lookup(
    webhooks: MongoWebhooks,
) -> Callable[[str], Awaitable[tuple[str, str] | None]]:
    """``(url, secret)`` of a facility, for the webhook channel."""

    async def lookup(facility_id: str) -> tuple[str, str] | None:
        doc = await webhooks.get(facility_id)
        return None if doc is None else (doc["url"], doc["secret"])

    return lookup
