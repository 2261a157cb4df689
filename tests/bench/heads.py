"""Times taking the head of a queue through the service layer, as a pull or
an admission does, and counts what each removal writes and emits."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from pymongo import AsyncMongoClient, monitoring

from services.queue.bootstrap import waiting_list_of
from services.queue.settings import QueueSettings
from services.queue.waiting_list.adapters.mongo_queue_change import mongo_queue_change
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.dependencies import WaitingList
from services.queue.waiting_list.service_layer.writer import QueueWriter
from shared.mongo_unit_of_work import Begin, MongoChange, MongoUnitOfWork
from shared.unit_of_work import Change
from tests.bench.report import Report, timing_line
from tests.bench.seed import Seeded

CLERK = Actor("hospital", "bench-clerk")


class CountingUnitOfWork(MongoUnitOfWork[Any]):
    """Remembers how many events the last transaction emitted, also one run
    by a unit of work derived from it with another change."""

    last_events = 0
    counts_for: CountingUnitOfWork | None = None

    def with_change(self, begin: Begin[Any]) -> CountingUnitOfWork:
        derived = CountingUnitOfWork(
            self.client,
            self.db,
            begin,
            self.relay,
            self.retention,
            timeout_s=self.timeout_s,
        )
        derived.counts_for = self
        return derived

    async def run(self, work: Any, *, handled_event_id: str | None = None) -> Any:
        async def counted(change: Change) -> Any:
            result = await work(change)
            (self.counts_for or self).last_events = len(change.events)
            return result

        return await super().run(counted, handled_event_id=handled_event_id)


class EntryWrites(monitoring.CommandListener):
    """Counts documents written to the entries collection."""

    def __init__(self) -> None:
        self.count = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        command = event.command
        if command.get("update") == "queue_entries":
            self.count += len(command.get("updates", ()))
        elif command.get("insert") == "queue_entries":
            self.count += len(command.get("documents", ()))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@dataclass
class HeadTimings:
    queue_length: int
    timings_ms: list[float] = field(default_factory=list)
    messages: list[int] = field(default_factory=list)
    entries_written: list[int] = field(default_factory=list)


async def take_head(waiting_list: WaitingList, queue_id: str) -> None:
    on = waiting_list.calendar.today() + timedelta(days=1)

    async def work(writer: QueueWriter) -> None:
        [entry] = await writer.waiting_head(queue_id, 1)
        await writer.record(entry, entry.schedule(on, CLERK, writer.now))

    await waiting_list.changes.run(work)


async def time_head_removals(
    waiting_list: WaitingList,
    uow: CountingUnitOfWork,
    writes: EntryWrites,
    queue_ids: list[str],
    repeats: int,
    warmup: int = 3,
) -> list[HeadTimings]:
    """Take the heads of the queues in turn (interleaved, so a pause of the
    database weighs on every queue alike)."""
    results = []
    for queue_id in queue_ids:
        line = waiting_list.book.line(queue_id)
        assert line is not None
        results.append(HeadTimings(queue_length=len(line)))
    for _ in range(warmup):
        for queue_id in queue_ids:
            await take_head(waiting_list, queue_id)
    for _ in range(repeats):
        for queue_id, result in zip(queue_ids, results, strict=True):
            written_before = writes.count
            started = time.perf_counter()
            await take_head(waiting_list, queue_id)
            result.timings_ms.append((time.perf_counter() - started) * 1000)
            result.messages.append(uow.last_events)
            result.entries_written.append(writes.count - written_before)
    return results


@dataclass(frozen=True)
class HeadRemovalSetup:
    """What the head removals run on: the store and the rebuilt book."""

    client: AsyncMongoClient[Any]
    db: Any
    settings: QueueSettings
    book: LiveBook
    writes: EntryWrites


async def measure_head_removals(
    setup: HeadRemovalSetup, seeded: Seeded, report: Report
) -> None:
    settings = setup.settings
    uow = CountingUnitOfWork(
        setup.client,
        setup.db,
        MongoChange,
        relay=None,
        timeout_s=settings.store_timeout_s,
    )
    queue_uow = uow.with_change(mongo_queue_change)
    waiting_list = waiting_list_of(settings, queue_uow, setup.book)
    repeats = max(5, min(30, seeded.queue_sizes[seeded.small_queue] // 3))
    small, big = await time_head_removals(
        waiting_list, uow, setup.writes, [seeded.small_queue, seeded.big_queue], repeats
    )
    report.say(
        timing_line(f"head removal, {small.queue_length}-entry queue", small.timings_ms)
    )
    report.say(
        timing_line(f"head removal, {big.queue_length}-entry queue", big.timings_ms)
    )
    report.target(
        f"head removal {big.queue_length} / {small.queue_length}",
        statistics.median(big.timings_ms) / statistics.median(small.timings_ms),
        "<=",
        1.5,
    )
    for label, timed in (("small", small), ("big", big)):
        report.say(
            f"  messages per removal ({label} queue, {timed.queue_length}): "
            f"{sorted(set(timed.messages))}; entry documents written: "
            f"{sorted(set(timed.entries_written))}"
        )
    constant = set(small.messages) == set(big.messages) and max(big.messages) <= 4
    report.say(f"  constant number of messages: {'MET' if constant else 'MISSED'}")
