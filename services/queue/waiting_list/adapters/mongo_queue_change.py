"""The queue service's change on MongoDB: its repositories bound to the
transaction's session."""

from __future__ import annotations

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import HOSPITAL_ANSWERS
from services.queue.waiting_list.adapters.mongo_bed_ledger import MongoBedLedger
from services.queue.waiting_list.adapters.mongo_emergency_admissions import (
    MongoEmergencyAdmissions,
)
from services.queue.waiting_list.adapters.mongo_entries import MongoEntries
from services.queue.waiting_list.adapters.mongo_facility_entries import (
    MongoFacilityEntries,
)
from services.queue.waiting_list.adapters.mongo_notes import MongoNotes
from services.queue.waiting_list.adapters.mongo_patient_names import (
    MongoPatientNames,
)
from services.queue.waiting_list.adapters.mongo_queue_log import (
    MongoMilestones,
    MongoQueueLog,
)
from services.queue.waiting_list.adapters.mongo_tombstones import MongoTombstones
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.mongo import Document
from shared.mongo_idempotency import MongoAnswers


def mongo_queue_change(
    db: AsyncDatabase[Document], session: AsyncClientSession | None
) -> QueueChange:
    """Builds a transaction's change with the repositories on its session."""
    return QueueChange(
        MongoEntries(db, session),
        MongoQueueLog(db, session),
        MongoMilestones(db, session),
        MongoBedLedger(db, session),
        MongoNotes(db, session),
        MongoTombstones(db, session),
        MongoEmergencyAdmissions(db, session),
        MongoAnswers(db, session, HOSPITAL_ANSWERS),
        MongoFacilityEntries(db, session),
        MongoPatientNames(db, session),
    )
