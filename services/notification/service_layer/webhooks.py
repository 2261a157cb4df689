"""Commands on a facility's webhook registration, and the read side.

The signing secret is stored only sealed (``sealed_secret``, see
adapters/secret_box.py). A plain ``secret`` field is what versions before
this one stored: where present it is the current secret; it is sealed at
start (:func:`seal_plain_secrets`) and by any registration that keeps it.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.notification.adapters.repositories import MongoWebhooks
from services.notification.adapters.secret_box import SecretBox
from shared.mongo_unit_of_work import MongoChange, MongoUnitOfWork

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
    command: RegisterWebhook,
    uow: MongoUnitOfWork[MongoChange],
    now: datetime,
    box: SecretBox,
) -> Registration:
    """Register or replace the URL; a secret is made on first registration
    or on request and shown only then."""

    async def work(tx: MongoChange) -> Registration:
        webhooks = MongoWebhooks(tx.db, tx.session)
        existing = await webhooks.get(command.facility_id)
        secret = None
        if existing is None or command.rotate_secret:
            secret = new_secret()
        created_at = now if existing is None else existing["created_at"]
        fields: dict[str, Any] = {
            "url": command.url,
            "updated_at": now,
            "created_at": created_at,
            "sealed_secret": _sealed(command.facility_id, secret, existing, box),
        }
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


def _sealed(facility_id: str, secret: str | None, existing: Any, box: SecretBox) -> str:
    """The new secret sealed, else the current one (sealed if still plain)."""
    if secret is not None:
        return box.seal(facility_id, secret)
    if "secret" in existing:
        return box.seal(facility_id, existing["secret"])
    return str(existing["sealed_secret"])


async def remove_webhook(facility_id: str, uow: MongoUnitOfWork[MongoChange]) -> bool:
    async def work(tx: MongoChange) -> bool:
        return await MongoWebhooks(tx.db, tx.session).delete(facility_id)

    return await uow.run(work)


def registration_lookup(
    webhooks: MongoWebhooks, box: SecretBox
) -> Callable[[str], Awaitable[tuple[str, str] | None]]:
    """``(url, secret)`` of a facility, for the webhook channel; raises
    ``SecretUnreadable`` if the sealed secret does not open."""

    async def lookup(facility_id: str) -> tuple[str, str] | None:
        doc = await webhooks.get(facility_id)
        if doc is None:
            return None
        if "secret" in doc:
            return doc["url"], doc["secret"]
        return doc["url"], box.open(facility_id, doc["sealed_secret"])

    return lookup


async def seal_plain_secrets(webhooks: MongoWebhooks, box: SecretBox) -> int:
    """Seal every secret a version before this one stored in plain text;
    return how many."""
    sealed = 0
    for doc in await webhooks.with_plain_secret():
        facility_id, plain = doc["_id"], doc["secret"]
        sealed += await webhooks.seal(facility_id, plain, box.seal(facility_id, plain))
    return sealed
