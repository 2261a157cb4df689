"""Event contracts: one envelope, one marshmallow schema per event type."""

from shared.contracts.envelope import (
    Envelope,
    MalformedEvent,
    decode,
    encode,
    new_event,
)
from shared.contracts.events import EVENT_SCHEMAS

__all__ = [
    "EVENT_SCHEMAS",
    "Envelope",
    "MalformedEvent",
    "decode",
    "encode",
    "new_event",
]
