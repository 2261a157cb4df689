"""The queue service's one front door: every command and every consumed
event goes through ``MessageBus``, which hands it to the handler its room's
``handlers.py`` lists, with that room's dependencies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from shared.contracts import Envelope

Deps = TypeVar("Deps")
CommandHandler = Callable[[Any], Awaitable[Any]]
EventHandler = Callable[[Envelope], Awaitable[None]]


def bound(
    handlers: Mapping[Any, Callable[[Any, Deps], Awaitable[Any]]], deps: Deps
) -> dict[Any, Callable[[Any], Awaitable[Any]]]:
    """Each handler with its room's dependencies."""

    def bind(handler: Callable[[Any, Deps], Awaitable[Any]]) -> CommandHandler:
        async def handle(message: Any) -> Any:
            return await handler(message, deps)

        return handle

    return {key: bind(handler) for key, handler in handlers.items()}


class MessageBus:
    def __init__(
        self,
        commands: Mapping[type, CommandHandler],
        events: Mapping[str, EventHandler],
    ):
        self._commands = dict(commands)
        self._events = dict(events)

    async def handle(self, command: object) -> Any:
        return await self._commands[type(command)](command)

    async def handle_event(self, envelope: Envelope) -> None:
        await self._events[envelope.event_type](envelope)

    @property
    def event_types(self) -> tuple[str, ...]:
        return tuple(self._events)
