"""What the book keeps of an entry the writer just changed (the book feed
makes the same from a stored record: ``adapters/entries.py``)."""

from __future__ import annotations

import sys
from zoneinfo import ZoneInfo

from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.queue_line import EntryState

DIGEST_BYTES = 16


def short_digest(hex_digest: str) -> bytes:
    """The part of a stored IIN digest the book keeps in memory."""
    return bytes.fromhex(hex_digest)[:DIGEST_BYTES]


def entry_state(entry: QueueEntry, tz: ZoneInfo) -> EntryState:
    """Emergency admissions occupy a bed but are no admission from the
    queue, so they do not count in its pace."""
    admitted_at = None if entry.kind == "emergency" else entry.admitted_at
    updated_at = entry.updated_at
    return EntryState(
        code=entry.hospitalization_code,
        queue_id=entry.queue_id,
        facility_id=entry.facility_id,
        bed_profile=entry.bed_profile,
        key=entry.order_key,
        status=sys.intern(entry.status.value),
        version=entry.version,
        digest=short_digest(entry.iin_digest),
        updated_s=int(updated_at.timestamp()) if updated_at else 0,
        scheduled_date=entry.scheduled_date,
        admitted_day=admitted_at.astimezone(tz).date() if admitted_at else None,
        admitting_facility_id=entry.admitting_facility_id,
    )
