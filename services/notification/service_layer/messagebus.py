"""The notification service's one front door: HTTP views and consumers hand
it a command or an event; the maps in handlers.py say who handles it."""

from __future__ import annotations

from typing import Any

from services.notification.service_layer.dependencies import Dependencies
from services.notification.service_layer.handlers import (
    COMMAND_HANDLERS,
    EVENT_HANDLERS,
)
from shared.contracts import Envelope


class MessageBus:
    def __init__(self, deps: Dependencies):
        self.deps = deps

    async def handle(self, command: Any) -> Any:
        return await COMMAND_HANDLERS[type(command)](command, self.deps)

    async def handle_event(self, envelope: Envelope) -> None:
        await EVENT_HANDLERS[envelope.event_type](envelope, self.deps)
