"""Queue identity and the order of entries in a queue.

An entry's place is one Python int, so a queue of a million entries is a
sorted list of ints: priority class first (urgent before planned), then the
moment the referral was registered (milliseconds), then the queue's own
sequence number, which breaks ties in placement order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PRIORITY_RANK = {"urgent": 0, "planned": 1}
PRIORITY_OF_RANK = {rank: name for name, rank in PRIORITY_RANK.items()}
SEQ_BITS = 30
MS_BITS = 43
MAX_SEQ = (1 << SEQ_BITS) - 1
MAX_MS = (1 << MS_BITS) - 1


def queue_id(facility_id: str, bed_profile: str) -> str:
    """One queue per hospital and bed profile, e.g. ``KZ-75-M01:psychiatry``."""
    return f"{facility_id}:{bed_profile}"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MILLISECOND = timedelta(milliseconds=1)


def epoch_ms(moment: datetime) -> int:
    """Whole milliseconds since the epoch (exact: no float rounding)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // MILLISECOND


def order_key(priority: str, registered_ms: int, seq: int) -> int:
    """The packed sort key; smaller keys are nearer the head."""
    if not 0 <= registered_ms <= MAX_MS:
        raise ValueError("registration time out of range")
    if not 0 <= seq <= MAX_SEQ:
        raise ValueError("sequence number out of range")
    rank = PRIORITY_RANK[priority]
    return (rank << (MS_BITS + SEQ_BITS)) | (registered_ms << SEQ_BITS) | seq


@dataclass(frozen=True)
class OrderKey:
    priority: str
    registered_ms: int
    seq: int


def unpack(key: int) -> OrderKey:
    return OrderKey(
        priority=PRIORITY_OF_RANK[key >> (MS_BITS + SEQ_BITS)],
        registered_ms=(key >> SEQ_BITS) & MAX_MS,
        seq=key & MAX_SEQ,
    )


def seq_of(key: int) -> int:
    return key & MAX_SEQ
