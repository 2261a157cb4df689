"""The queue service's MongoDB collections and their indexes."""

from __future__ import annotations

from pymongo import ASCENDING, IndexModel

from shared.mongo_idempotency import ANSWER_INDEXES

ENTRIES = "queue_entries"
QUEUES = "queues"
QUEUE_LOG = "queue_log"
MILESTONES = "position_milestones"
TOMBSTONES = "cancelled_referrals"
BED_LEDGER = "bed_ledger"
EMERGENCY_ADMISSIONS = "emergency_admissions"
HOSPITAL_ANSWERS = "hospital_answers"
LOOKUP_CLIENTS = "lookup_clients"
LOOKUP_GUESSES = "lookup_guesses"
ONE_TIME_CODES = "one_time_codes"
EXPIRES = IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)
NOTES = "entry_notes"
PATIENT_NAMES = "patient_names"

INDEXES: dict[str, list[IndexModel]] = {
    ENTRIES: [
        IndexModel([("referral_id", ASCENDING)], unique=True),
        IndexModel([("hospitalization_code", ASCENDING)], unique=True),
        IndexModel([("queue_id", ASCENDING), ("seq", ASCENDING)], unique=True),
        IndexModel([("status", ASCENDING), ("valid_until", ASCENDING)]),
        IndexModel([("iin_digest", ASCENDING)]),
        IndexModel(
            [
                ("queue_id", ASCENDING),
                ("status", ASCENDING),
                ("scheduled_date", ASCENDING),
            ]
        ),
        IndexModel(
            [
                ("status", ASCENDING),
                ("queue_id", ASCENDING),
                ("admitted_at", ASCENDING),
                ("_id", ASCENDING),
            ]
        ),
        IndexModel([("iin_digest", ASCENDING), ("facility_id", ASCENDING)]),
    ],
    QUEUE_LOG: [IndexModel([("queue_id", ASCENDING), ("n", ASCENDING)], unique=True)],
    NOTES: [
        IndexModel([("queue_id", ASCENDING), ("n", ASCENDING)]),
        IndexModel([("entry_id", ASCENDING), ("n", ASCENDING)]),
    ],
    QUEUES: [],
    MILESTONES: [],
    TOMBSTONES: [],
    PATIENT_NAMES: [],
    BED_LEDGER: [],
    EMERGENCY_ADMISSIONS: [],
    HOSPITAL_ANSWERS: ANSWER_INDEXES,
    LOOKUP_CLIENTS: [EXPIRES],
    LOOKUP_GUESSES: [EXPIRES],
    ONE_TIME_CODES: [EXPIRES],
}
