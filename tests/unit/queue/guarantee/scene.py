"""A memory queue with a maximum wait for psychiatry (30 days), and a scene
on it: its own queue (KZ-75-M01) with six waiting, an empty one of the same
profile and region (KZ-75-R01), an empty one in another region (KZ-71-M01),
and six patients registered today at the slow one. Each queue admitted ten
patients yesterday: for the sixth in line the estimate's latest day is 34
days away (the first five's are within 30); first in an empty line, 6."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from services.queue.guarantee.service_layer.dependencies import Guarantees
from tests.queue_builders import Clock, Placed, admitted_earlier
from tests.unit.queue.memory_queue import SETTINGS, MemoryQueue, memory_queue

MAX_DAYS = 30
FASTER_NEARBY = ("KZ-75-R01", "psychiatry")
FASTER_FAR = ("KZ-71-M01", "psychiatry")
REFERRER = "KZ-75-P01"


@dataclass
class Scene:
    queue: MemoryQueue
    waiting: list[Placed]

    @property
    def guarantees(self) -> Guarantees:
        return self.queue.guarantees

    @property
    def late(self) -> Placed:
        """The sixth: its estimate's latest day passes the deadline."""
        return self.waiting[-1]


def guaranteed_queue(clock: Clock) -> MemoryQueue:
    settings = replace(SETTINGS, max_wait_days=f"psychiatry={MAX_DAYS}")
    return memory_queue(clock=clock, settings=settings)


async def scene(queue: MemoryQueue, count: int = 6) -> Scene:
    await admitted_earlier(queue.place, queue.handle, queue.clock, 10)
    for other in (FASTER_NEARBY, FASTER_FAR):
        place = partial(queue.place, queue=other)
        await admitted_earlier(place, queue.handle, queue.clock, 10)
    waiting = [await queue.place() for _ in range(count)]
    return Scene(queue, waiting)
