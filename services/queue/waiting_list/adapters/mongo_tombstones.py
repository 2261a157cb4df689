"""Referrals cancelled before they were placed, in MongoDB: one document per
referral with the greatest cancelled version."""

from __future__ import annotations

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import TOMBSTONES
from services.queue.waiting_list.service_layer.unit_of_work import Tombstones
from shared.mongo import Document


class MongoTombstones(Tombstones):
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None):
        self._tombstones = db[TOMBSTONES]
        self._session = session

    async def version(self, referral_id: str) -> int | None:
        found = await self._tombstones.find_one(
            {"_id": referral_id}, session=self._session
        )
        return None if found is None else int(found["version"])

    async def remember(self, referral_id: str, version: int) -> None:
        await self._tombstones.update_one(
            {"_id": referral_id},
            {"$max": {"version": version}},
            upsert=True,
            session=self._session,
        )
