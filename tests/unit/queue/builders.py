from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.pre_admission import PreAdmissionTest

T0 = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
_ids = itertools.count(1)


def entry(
    *,
    priority: str = "planned",
    registered_at: datetime = T0,
    valid_until: date = date(2027, 1, 31),
    tests: tuple[PreAdmissionTest, ...] = (),
    placed_seq: int | None = None,
) -> QueueEntry:
    number = next(_ids)
    made = QueueEntry(
        entry_id=f"e{number}",
        referral_id=f"r{number}",
        referral_version=1,
        hospitalization_code=f"KZ-75-{number:06d}",
        iin="791028302728",
        iin_digest="00" * 32,
        facility_id="KZ-75-M01",
        bed_profile="psychiatry",
        referring_facility_id="KZ-75-P01",
        priority=priority,
        stay="round_the_clock",
        registered_at=registered_at,
        valid_until=valid_until,
        tests=tests,
    )
    if placed_seq is not None:
        made.place(placed_seq, registered_at + timedelta(seconds=1))
    return made
