"""The referral service's one front door: the HTTP views and the consumer
build a command and hand it here."""

from __future__ import annotations

from typing import Any

from services.referral.domain.commands import ApplyQueueUpdate, ApplyRefusal, Command
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.handlers import COMMAND_HANDLERS, EVENT_HANDLERS


async def handle(command: Command, deps: Dependencies) -> Any:
    """Run the command's handler: a queue event's by its event type, any
    other command's by its type."""
    if isinstance(command, ApplyQueueUpdate | ApplyRefusal):
        return await EVENT_HANDLERS[command.event_type](command, deps)
    return await COMMAND_HANDLERS[type(command)](command, deps)
