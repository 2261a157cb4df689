"""The patients' full names in MongoDB: one document per referral (its id is
the referral's), with the version that gave the name. Read for a page of a
clerk's list by the ids on it, one query."""

from __future__ import annotations

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import PATIENT_NAMES
from services.queue.waiting_list.service_layer.ports import PatientNames
from shared.mongo import Document


class MongoPatientNames(PatientNames):
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None):
        self._names = db[PATIENT_NAMES]
        self._session = session

    async def keep(self, referral_id: str, version: int, full_name: str) -> bool:
        kept = await self._names.find_one(
            {"_id": referral_id}, {"version": 1}, session=self._session
        )
        if kept is not None and kept["version"] >= version:
            return False
        await self._names.replace_one(
            {"_id": referral_id},
            {"version": version, "full_name": full_name},
            upsert=True,
            session=self._session,
        )
        return True

    async def of_referrals(self, referral_ids: list[str]) -> dict[str, str]:
        if not referral_ids:
            return {}
        cursor = self._names.find(
            {"_id": {"$in": referral_ids}}, {"full_name": 1}, session=self._session
        )
        return {doc["_id"]: doc["full_name"] async for doc in cursor}
