"""The events the queue service consumes: each goes to the message bus."""

from __future__ import annotations

from collections.abc import Mapping

from services.queue.messagebus import MessageBus
from shared.messaging import EventHandler


def consumer_handlers(bus: MessageBus) -> Mapping[str, EventHandler]:
    return {event_type: bus.handle_event for event_type in bus.event_types}
