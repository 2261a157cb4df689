"""The documented codes that say why something happened, and which
pre-admission test a referral carries. Events and webhooks carry these codes,
never the words someone typed: a note in words stays in the service that
recorded it.

Each list maps a code to what it means; the APIs, the event schemas, the
OpenAPI descriptions and the README's event catalogue take them from here.
"""

from __future__ import annotations

DOCTOR_CANCEL_REASONS: dict[str, str] = {
    "patient_request": "the patient asked to withdraw the referral",
    "condition_improved": "the patient no longer needs the hospitalization",
    "condition_changed": "the patient needs other care (another profile, urgent)",
    "treated_elsewhere": "the patient is being treated elsewhere",
    "duplicate": "a duplicate of another referral",
    "entered_in_error": "registered by mistake (patient, hospital or data)",
    "other": "another reason, said in the note",
}
"""Why a doctor cancels a referral (``referral.cancelled``)."""

PATIENT_CANCEL_REASONS: dict[str, str] = {
    "no_longer_needed": "I no longer need the hospitalization",
    "treated_elsewhere": "I am being treated elsewhere",
    "moved": "I have moved or will be away",
    "other": "another reason",
}
"""Why a patient leaves the queue (``POST /v1/queue/cancel``)."""

REJECTION_REASONS: dict[str, str] = {
    "no_beds_for_profile": "no beds of this profile in the foreseeable future",
    "contraindication": "hospitalization is contraindicated",
    "incomplete_tests": "pre-admission tests are missing or lapsed",
    "patient_declined": "the patient declined the admission",
    "duplicate": "a duplicate of another referral",
    "profile_mismatch": "the bed profile does not fit the patient's condition",
    "other": "another reason, said in the note",
}
"""Why a hospital rejects a referral (``queue.entry_rejected``)."""

RESCHEDULE_REASONS: dict[str, str] = {
    "patient_request": "the patient asked for another day",
    "tests_pending": "pre-admission tests are not ready yet",
    "hospital_capacity": "the hospital cannot take the patient that day",
    "other": "another reason, said in the note",
}
"""Why a clerk moves a scheduled admission to another day."""

BED_OVERRIDE_REASONS: dict[str, str] = {
    "discharge_expected": "a bed frees that day (a discharge is expected)",
    "extra_bed": "an extra bed is set up",
    "head_of_department": "agreed with the head of department",
    "other": "another reason, said in the note",
}
"""Why a clerk books a bed beyond the free ones (``override_reason_code``)."""

SYSTEM_REASONS: dict[str, str] = {
    "admitted_elsewhere": "the patient was admitted as an emergency; the open "
    "entry is closed",
    "emergency_admission": "an emergency admission, not from the queue",
    "second_no_show": "the patient did not come a second time",
    "referral_expired": "the referral's validity passed",
}
"""Reasons the queue service records itself."""

REINSTATE_REASONS: dict[str, str] = {
    "still_needed": "the patient still needs the hospitalization",
    "missed_reminders": "the patient missed the reminders (away, ill, unreachable)",
    "cancelled_by_mistake": "the patient's cancellation was a mistake",
    "emergency_stay_ended": "after the emergency stay the planned admission is "
    "still needed",
    "other": "another reason, said in the note",
}
"""Why a doctor brings a closed entry back at its original place
(``referral.reinstatement_requested``, ``queue.entry_reinstated``)."""

RENEWAL_REASONS: dict[str, str] = {
    "still_waiting": "the patient still waits for a date and still needs it",
    "condition_reassessed": "re-examined: the hospitalization is still indicated",
    "planned_date_moved": "the planned admission moved later",
    "patient_unavailable": "the patient cannot come for a while (illness, travel)",
    "other": "another reason, said in the note",
}
"""Why a doctor extends an active referral's validity
(``referral.renewal_requested``, ``queue.entry_renewed``)."""

MOVE_REASONS: dict[str, str] = {
    "shorter_wait": "another hospital of the profile has a shorter expected wait",
    "patient_choice": "the patient chose another hospital",
    "closer_to_home": "the other hospital is closer to the patient's home",
    "other": "another reason, said in the note",
}
"""Why a doctor moves a waiting referral to another hospital of its bed
profile, keeping its registration time (``referral.move_requested``,
``queue.entry_moved``)."""

REQUEST_REFUSALS: dict[str, str] = {
    "not_in_queue": "the queue has no entry for this referral",
    "not_reinstatable": "the entry is not expired, or was closed in a way that "
    "cannot be undone (a rejection, an admission, a doctor's cancellation, a "
    "second no-show)",
    "reinstatement_window_passed": "the days in which it could be reinstated "
    "have passed",
    "validity_in_past": "the new validity is not after today",
    "not_active": "the entry is no longer waiting or scheduled",
    "validity_not_later": "the new validity is not later than the current one",
    "not_waiting": "the entry is not waiting (a move needs a waiting entry: not "
    "one with a booked admission, not a closed one)",
    "same_facility": "the entry is already in that hospital's queue",
}
"""Why the queue did not carry out a doctor's request (``queue.request_refused``)."""

PRIORITY_CHANGE_REASONS: dict[str, str] = {
    "condition_worsened": "the patient's condition worsened: admission is more "
    "pressing",
    "condition_improved": "the patient's condition improved: admission can wait",
    "new_findings": "new examination or test findings",
    "registered_in_error": "the priority was chosen by mistake at registration",
    "other": "another reason, said in the note",
}
"""Why a doctor changes a referral's priority (``referral.updated``,
``queue.entry_reordered``)."""

QUEUE_REASON_CODES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *DOCTOR_CANCEL_REASONS,
            *PATIENT_CANCEL_REASONS,
            *REJECTION_REASONS,
            *RESCHEDULE_REASONS,
            *SYSTEM_REASONS,
            *REINSTATE_REASONS,
            *RENEWAL_REASONS,
            *PRIORITY_CHANGE_REASONS,
            *MOVE_REASONS,
        ]
    )
)
"""Every code a queue event's ``reason_code`` may carry."""

PRE_ADMISSION_TESTS: dict[str, str] = {
    "complete_blood_count": "complete blood count",
    "urinalysis": "urinalysis",
    "blood_biochemistry": "blood biochemistry",
    "blood_glucose": "blood glucose",
    "coagulation": "coagulation panel",
    "blood_group_rh": "blood group and Rh factor",
    "ecg": "electrocardiogram",
    "fluorography": "chest fluorography or X-ray",
    "hiv": "HIV test",
    "hepatitis_b": "hepatitis B (HBsAg)",
    "hepatitis_c": "hepatitis C (anti-HCV)",
    "syphilis": "syphilis (microreaction)",
    "stool_parasites": "stool test for helminth eggs",
    "other": "another test, named in the note",
}
"""The pre-admission tests a referral can carry (``referral.registered``)."""

REASON_LISTS: dict[str, dict[str, str]] = {
    "doctor cancels a referral": DOCTOR_CANCEL_REASONS,
    "patient leaves the queue": PATIENT_CANCEL_REASONS,
    "hospital rejects": REJECTION_REASONS,
    "clerk reschedules": RESCHEDULE_REASONS,
    "clerk books beyond the free beds": BED_OVERRIDE_REASONS,
    "the queue service itself": SYSTEM_REASONS,
    "doctor reinstates": REINSTATE_REASONS,
    "doctor renews": RENEWAL_REASONS,
    "doctor changes the priority": PRIORITY_CHANGE_REASONS,
    "doctor moves to another hospital": MOVE_REASONS,
    "queue refuses a doctor's request": REQUEST_REFUSALS,
    "pre-admission tests": PRE_ADMISSION_TESTS,
}
"""Every documented list, by who uses it (the README lists each)."""
