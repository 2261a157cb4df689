"""The records of emergency admissions in MongoDB (the only place a
diagnosis is kept), one document per admission."""

from __future__ import annotations

from dataclasses import asdict

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import EMERGENCY_ADMISSIONS
from services.queue.waiting_list.service_layer.ports import (
    EmergencyAdmission,
    EmergencyAdmissions,
)
from shared.mongo import Document


class MongoEmergencyAdmissions(EmergencyAdmissions):
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None):
        self._admissions = db[EMERGENCY_ADMISSIONS]
        self._session = session

    async def add(self, admission: EmergencyAdmission) -> None:
        record = asdict(admission)
        document = {"_id": record.pop("admission_id"), **record}
        await self._admissions.insert_one(document, session=self._session)

    async def get(self, admission_id: str) -> EmergencyAdmission | None:
        found = await self._admissions.find_one(
            {"_id": admission_id}, session=self._session
        )
        if found is None:
            return None
        return EmergencyAdmission(admission_id=found.pop("_id"), **found)
