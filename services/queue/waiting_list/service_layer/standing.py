"""Where an entry stands, as a placement's or a reorder's event tells it:
its position, the queue's length and the estimated admission band."""

from __future__ import annotations

from typing import Any, Protocol

from services.queue.waiting_list.domain.estimate import band
from services.queue.waiting_list.domain.pace import Pace
from services.queue.waiting_list.service_layer.book import LiveBook


class Placing(Protocol):
    """The writer's parts the standing needs."""

    book: LiveBook
    pace: Pace

    def today(self) -> Any: ...


def standing(
    writer: Placing, queue_id: str, position: int | None, length: int
) -> dict[str, Any]:
    """No band for an entry not waiting (``position`` None)."""
    window = (
        writer.pace.window(writer.book, queue_id, position, writer.today())
        if position is not None
        else None
    )
    return {
        "position": position,
        "queue_length": length,
        "estimated_admission": (
            band(window.earliest, window.latest, window.horizon) if window else None
        ),
    }
