"""The notification service's change on MongoDB: its repositories bound to
the unit of work's session (none for a reader)."""

from __future__ import annotations

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.notification.adapters.mongo_deliveries import MongoDeliveries
from services.notification.adapters.mongo_repositories import (
    MongoContacts,
    MongoWebhooks,
)
from services.notification.service_layer.unit_of_work import NotificationChange
from shared.mongo import Document


def mongo_change(
    db: AsyncDatabase[Document], session: AsyncClientSession | None
) -> NotificationChange:
    return NotificationChange(
        MongoContacts(db, session),
        MongoWebhooks(db, session),
        MongoDeliveries(db, session),
    )
