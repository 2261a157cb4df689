"""A note's stored record and how a clerk's answer shows it, one shape for
the Mongo and the memory store (keyed like the log record it explains,
``<queue_id>#<n>``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.queue.waiting_list.domain.events import EntryChanged


def note_document(
    queue_id: str, n: int, entry_id: str, change: EntryChanged
) -> dict[str, Any]:
    return {
        "_id": f"{queue_id}#{n}",
        "queue_id": queue_id,
        "n": n,
        "entry_id": entry_id,
        "actor": str(change.actor),
        "at": change.at,
        "note": change.note,
    }


def shown(note: Mapping[str, Any]) -> dict[str, Any]:
    """The note as the clerk's answer shows it."""
    return {"at": note["at"].isoformat(), "actor": note["actor"], "note": note["note"]}
