"""Seeds the benchmark's queues straight into MongoDB, as documents the queue
service itself writes (built with its own domain and adapters), plus a
registry file naming the benchmark's hospitals."""

from __future__ import annotations

import itertools
import json
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import ENTRIES, QUEUES
from services.queue.waiting_list.adapters.entries import to_document
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.log_chain import GENESIS
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.movement import Movement, movement_kind
from services.queue.waiting_list.domain.ordering import epoch_ms
from shared.clock import to_ms_precision
from shared.hospitalization_code import RANDOM_BITS, new_code
from shared.iin import check_digit, iin_digest
from shared.reference.registry import DATA_FILE

PROFILES = ("psychiatry", "narcology")
BATCH = 10_000
SAMPLE = 5_000
HISTORY = 14
"""Patients each queue admitted (and discharged) in the last weeks, before
its waiting entries (which keep the planned sizes): more than
ESTIMATE_MIN_ADMISSIONS (10) in its window (28 days), so every lookup works
out an estimate as in a queue in service."""
CLERK = Actor("hospital", "bench-clerk")


@dataclass
class Seeded:
    queue_sizes: dict[str, int]
    big_queue: str
    small_queue: str
    sample: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def plan(entries: int, queues: int) -> tuple[list[str], list[int]]:
    """Queue ids and sizes: one queue with a tenth of the entries, one with a
    thousandth, the rest spread evenly."""
    ids = [f"KZ-75-B{i // 2:04d}:{PROFILES[i % 2]}" for i in range(queues)]
    big = max(100, entries // 10)
    small = max(20, entries // 1000)
    rest = entries - big - small
    others = queues - 2
    sizes = [big, small] + [
        rest // others + (1 if i < rest % others else 0) for i in range(others)
    ]
    return ids, sizes


def write_registry(path: Path, queue_ids: list[str]) -> None:
    shipped = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    facilities: dict[str, dict[str, Any]] = {}
    for queue_id in queue_ids:
        facility_id, _, profile = queue_id.partition(":")
        number = int(facility_id[-4:])
        facility = facilities.setdefault(
            facility_id,
            {
                "id": facility_id,
                "name": {
                    "kk": f"№ {number} бенчмарк ауруханасы, Алматы",
                    "ru": f"Бенчмарк-больница № {number}, Алматы",
                    "en": f"Benchmark Hospital No. {number}, Almaty",
                },
                "region": "75",
                "kind": "mental_health",
                "address": {
                    "kk": f"Абай даңғылы, {number + 1}, Алматы",
                    "ru": f"проспект Абая, {number + 1}, Алматы",
                    "en": f"Abai avenue {number + 1}, Almaty",
                },
                "phone": f"+7 727 300 {number % 100:02d} {number // 100:02d}",
                "osms_contracted": True,
                "bed_profiles": {},
            },
        )
        facility["bed_profiles"][profile] = {
            "beds": 60 + number % 200,
            "typical_stay_days": 24 if profile == "psychiatry" else 21,
            "stays": ["round_the_clock", "day"],
        }
    registry = {**shipped, "version": "bench", "facilities": list(facilities.values())}
    path.write_text(json.dumps(registry), encoding="utf-8")


def _iin(rng: random.Random) -> str:
    while True:
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
        first = (
            f"{born:%y%m%d}{'3' if born.year < 2000 else '5'}{rng.randrange(10000):04d}"
        )
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"


_SERIAL = itertools.count(1)


def _distinct_bits(bits: int) -> int:
    """Distinct codes for every seeded entry: an odd multiplier permutes the
    numbers below 2**bits (random bits would collide at a million)."""
    assert bits == RANDOM_BITS
    return (next(_SERIAL) * 0x9E3779B97F) % (1 << bits)


def _documents(
    queue_id: str, size: int, now: datetime, key: bytes, rng: random.Random
) -> Iterator[tuple[dict[str, Any], str]]:
    facility_id, _, profile = queue_id.partition(":")
    for seq in range(1, HISTORY + size + 1):
        registered = to_ms_precision(now - timedelta(seconds=rng.randrange(60 * 86400)))
        priority = "urgent" if rng.random() < 0.1 else "planned"
        iin = _iin(rng)
        entry = QueueEntry(
            entry_id=uuid.uuid4().hex,
            referral_id=uuid.uuid4().hex,
            referral_version=1,
            hospitalization_code=new_code("75", random_bits=_distinct_bits),
            iin=iin,
            iin_digest=iin_digest(iin, key),
            facility_id=facility_id,
            bed_profile=profile,
            referring_facility_id="KZ-75-P01",
            priority=priority,
            stay="round_the_clock",
            registered_at=registered,
            valid_until=(now + timedelta(days=rng.randrange(30, 365))).date(),
        )
        entry.place(seq, registered + timedelta(seconds=1))
        if seq <= HISTORY:
            yield _admitted_earlier(entry, seq, now), iin
            continue
        doc = to_document(entry)
        kind = movement_kind(None, "waiting", priority)
        assert kind is not None
        move = Movement(seq, epoch_ms(registered), kind, entry.order_key).encode()
        doc.update(log_n=seq, last_move=move, moves=[move])
        yield doc, iin


def _admitted_earlier(entry: QueueEntry, seq: int, now: datetime) -> dict[str, Any]:
    """The entry admitted ``seq`` days ago and discharged an hour later (its
    movements are older than any lookup's recent ones)."""
    admitted = max(entry.registered_at, now - timedelta(days=seq)) + timedelta(hours=1)
    admitted = min(admitted, now - timedelta(hours=2))
    entry.schedule(admitted.date(), CLERK, admitted - timedelta(minutes=30))
    entry.admit(CLERK, admitted)
    entry.discharge(CLERK, admitted + timedelta(hours=1))
    doc = to_document(entry)
    doc.update(log_n=seq, last_move=None, moves=[])
    return doc


async def seed(
    db: AsyncDatabase[Any], entries: int, queues: int, digest_key: bytes, seed: int = 7
) -> Seeded:
    rng = random.Random(seed)
    ids, sizes = plan(entries, queues)
    now = datetime.now(UTC)
    keep = min(1.0, SAMPLE / entries)
    seeded = Seeded(dict(zip(ids, sizes, strict=True)), ids[0], ids[1])
    started = time.perf_counter()
    batch: list[dict[str, Any]] = []
    for queue_id, size in zip(ids, sizes, strict=True):
        for doc, iin in _documents(queue_id, size, now, digest_key, rng):
            batch.append(doc)
            if doc["status"] == "waiting" and rng.random() < keep:
                seeded.sample.append((doc["hospitalization_code"], iin))
            if len(batch) == BATCH:
                await db[ENTRIES].insert_many(batch, ordered=False)
                batch = []
    if batch:
        await db[ENTRIES].insert_many(batch, ordered=False)
    await db[QUEUES].insert_many(
        [
            {
                "_id": queue_id,
                "facility_id": queue_id.partition(":")[0],
                "bed_profile": queue_id.partition(":")[2],
                "n": HISTORY + size,
                "seq": HISTORY + size,
                "head_hash": GENESIS,
                "created_at": now,
            }
            for queue_id, size in zip(ids, sizes, strict=True)
        ]
    )
    seeded.seconds = time.perf_counter() - started
    return seeded
