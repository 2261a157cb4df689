"""What the hospital side answers (documented in /openapi.json)."""

from __future__ import annotations

from marshmallow import Schema, fields


class Beds(Schema):
    total = fields.Integer()
    occupied = fields.Integer(metadata={"description": "admitted, not discharged"})
    booked = fields.Integer(metadata={"description": "scheduled for the date"})
    free = fields.Integer(metadata={"description": "total - occupied - booked, >= 0"})
    booked_beyond_beds = fields.Integer()


class Readiness(Schema):
    tests_ready = fields.Boolean(
        metadata={"description": "every pre-admission test valid on the date"}
    )
    tests_valid_until = fields.Date(
        allow_none=True, metadata={"description": "when the first test lapses"}
    )


class EntrySummary(Readiness):
    entry_id = fields.String()
    hospitalization_code = fields.String()
    priority = fields.String()
    stay = fields.String()
    registered_at = fields.DateTime()


FULL_NAME = fields.String(
    allow_none=True,
    metadata={
        "description": "The patient's full name as the referring doctor (or, "
        "for an emergency, the clerk) gave it; null when none was given. Shown "
        "to this hospital's clerks only."
    },
)


class ScheduledRow(EntrySummary):
    iin = fields.String()
    full_name = FULL_NAME
    referring_facility_id = fields.String()
    scheduled_date = fields.Date()
    no_shows = fields.Integer()
    version = fields.Integer()


class WaitingRow(EntrySummary):
    position = fields.Integer(metadata={"description": "1 = next"})
    valid_until = fields.Date()


class WaitingHead(Schema):
    length = fields.Integer()
    head = fields.List(fields.Nested(WaitingRow))


class AdmissionsList(Schema):
    facility_id = fields.String()
    bed_profile = fields.String()
    queue_id = fields.String()
    date = fields.Date()
    beds = fields.Nested(Beds)
    scheduled = fields.List(fields.Nested(ScheduledRow))
    page = fields.Integer()
    page_size = fields.Integer()
    total_scheduled = fields.Integer()
    waiting = fields.Nested(WaitingHead)


class PulledEntry(EntrySummary):
    beyond_free_beds = fields.Boolean()


class SkippedEntry(Schema):
    entry_id = fields.String()
    hospitalization_code = fields.String()
    reason = fields.String(metadata={"description": "tests_lapse"})
    tests_valid_until = fields.Date(allow_none=True)


class FreeBefore(Schema):
    before = fields.Integer()
    after = fields.Integer()


class PullAnswer(Schema):
    queue_id = fields.String()
    facility_id = fields.String()
    bed_profile = fields.String()
    date = fields.Date()
    requested = fields.Integer()
    scheduled = fields.List(fields.Nested(PulledEntry))
    skipped = fields.List(fields.Nested(SkippedEntry))
    free_beds = fields.Nested(FreeBefore)
    limited_by_free_beds = fields.Boolean()
    override_reason_code = fields.String(allow_none=True)


class EntryNote(Schema):
    at = fields.DateTime()
    actor = fields.String()
    note = fields.String()


class EntryAnswer(Schema):
    entry_id = fields.String()
    hospitalization_code = fields.String()
    queue_id = fields.String()
    kind = fields.String(metadata={"description": "referral or emergency"})
    status = fields.String()
    version = fields.Integer()
    scheduled_date = fields.Date(allow_none=True)
    no_shows = fields.Integer()
    admitted_at = fields.DateTime(allow_none=True)
    discharged_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)
    position = fields.Integer(allow_none=True, metadata={"description": "if waiting"})
    notes = fields.List(
        fields.Nested(EntryNote),
        metadata={"description": "what clerks and the patient wrote, oldest first"},
    )


class EmergencyAnswer(Schema):
    admission_id = fields.String(metadata={"description": "also its entry id"})
    facility_id = fields.String()
    bed_profile = fields.String()
    queue_id = fields.String()
    status = fields.String()
    admitted_at = fields.DateTime()
    open_entries_closed = fields.Integer(
        metadata={
            "description": "how many of the patient's open entries for this bed "
            "profile were closed as admitted elsewhere, at any hospital (this one "
            "included); which ones is not said"
        }
    )
    free_beds_today = fields.Integer()


class PatientEntry(Schema):
    entry_id = fields.String()
    hospitalization_code = fields.String(
        metadata={"description": "an emergency admission's is internal (EM-...)"}
    )
    kind = fields.String(metadata={"description": "referral or emergency"})
    iin = fields.String()
    full_name = FULL_NAME
    bed_profile = fields.String()
    stay = fields.String()
    referring_facility_id = fields.String()


class InpatientRow(PatientEntry):
    entry_id = fields.String(
        metadata={"description": "discharge with POST /v1/entries/{entry_id}/discharge"}
    )
    admitted_at = fields.DateTime()
    admitted_on = fields.Date(metadata={"description": "the bureau's calendar day"})
    expected_discharge = fields.Date(
        metadata={"description": "admitted_on + the profile's typical stay"}
    )
    days_in = fields.Integer(metadata={"description": "nights since admitted_on"})
    overdue = fields.Boolean(metadata={"description": "expected_discharge passed"})
    version = fields.Integer()


class InpatientList(Schema):
    facility_id = fields.String()
    bed_profile = fields.String(allow_none=True, metadata={"description": "or all"})
    date = fields.Date()
    inpatients = fields.List(
        fields.Nested(InpatientRow),
        metadata={"description": "the earliest admitted first"},
    )
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer(metadata={"description": "beds occupied"})


class BoardDay(Schema):
    date = fields.Date()
    booked = fields.Integer(metadata={"description": "admissions scheduled"})
    free = fields.Integer(metadata={"description": "beds - occupied - booked, >= 0"})
    booked_beyond_beds = fields.Integer()


class BoardProfile(Schema):
    bed_profile = fields.String()
    queue_id = fields.String()
    beds = fields.Integer()
    occupied = fields.Integer(metadata={"description": "admitted, not discharged"})
    typical_stay_days = fields.Integer()
    waiting = fields.Integer(metadata={"description": "the queue's length"})
    days = fields.List(fields.Nested(BoardDay))


class BedBoard(Schema):
    facility_id = fields.String()
    date = fields.Date()
    days = fields.Integer()
    profiles = fields.List(fields.Nested(BoardProfile))


class FoundEntry(PatientEntry):
    queue_id = fields.String()
    status = fields.String()
    version = fields.Integer()
    priority = fields.String()
    registered_at = fields.DateTime()
    valid_until = fields.Date()
    position = fields.Integer(allow_none=True, metadata={"description": "if waiting"})
    scheduled_date = fields.Date(allow_none=True)
    no_shows = fields.Integer()
    admitted_at = fields.DateTime(allow_none=True)
    discharged_at = fields.DateTime(allow_none=True)


class SearchAnswer(Schema):
    entries = fields.List(
        fields.Nested(FoundEntry),
        metadata={"description": "empty when nothing of this hospital matches"},
    )
