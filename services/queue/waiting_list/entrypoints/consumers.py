"""The events the queue service consumes, bound to its bureau."""

from __future__ import annotations

from collections.abc import Mapping

from services.queue.waiting_list.service_layer.bureau import Bureau
from services.queue.waiting_list.service_layer.handlers import EVENT_HANDLERS
from shared.contracts import Envelope
from shared.messaging import EventHandler


def consumer_handlers(bureau: Bureau) -> Mapping[str, EventHandler]:
    def bind(event_type: str) -> EventHandler:
        handler = EVENT_HANDLERS[event_type]

        async def handle(envelope: Envelope) -> None:
            await handler(envelope, bureau)

        return handle

    return {event_type: bind(event_type) for event_type in EVENT_HANDLERS}
