"""The events the queue service consumes, bound to the waiting list."""

from __future__ import annotations

from collections.abc import Mapping

from services.queue.waiting_list.service_layer.dependencies import WaitingList
from services.queue.waiting_list.service_layer.handlers import EVENT_HANDLERS
from shared.contracts import Envelope
from shared.messaging import EventHandler


def consumer_handlers(waiting_list: WaitingList) -> Mapping[str, EventHandler]:
    def bind(event_type: str) -> EventHandler:
        handler = EVENT_HANDLERS[event_type]

        async def handle(envelope: Envelope) -> None:
            await handler(envelope, waiting_list)

        return handle

    return {event_type: bind(event_type) for event_type in EVENT_HANDLERS}
