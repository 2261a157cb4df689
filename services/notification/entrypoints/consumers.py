"""What the notification service's queue consumer calls: every event type it
handles, straight to the bus."""

from __future__ import annotations

from services.notification.service_layer.handlers import EVENT_HANDLERS
from services.notification.service_layer.messagebus import MessageBus
from shared.messaging import EventHandler


def event_handlers(bus: MessageBus) -> dict[str, EventHandler]:
    return {event_type: bus.handle_event for event_type in EVENT_HANDLERS}
