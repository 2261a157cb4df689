"""Run a hospital's change at most once per ``Idempotency-Key``, through the
one shared mechanism (:mod:`shared.idempotency`): the answer is kept in the
change's own transaction, and a retry with the same key and the same request
gets that first answer back without a second change."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.waiting_list.service_layer.writer import QueueWriter
from shared import idempotency
from shared.idempotency import (
    Answer,
    AnsweredConcurrently,
    KeyedRequest,
    fingerprint,
)

KEPT_FOR = timedelta(hours=48)


async def answered_once(
    hospital: Hospital,
    key_scope: str | None,
    request: Mapping[str, Any],
    status: int,
    work: Callable[[QueueWriter], Awaitable[dict[str, Any]]],
) -> Answer:
    """``work`` in one transaction; with a ``key_scope`` (facility, action
    and key), its answer is kept and replayed for the same request."""
    keyed = KeyedRequest(key_scope, fingerprint(request)) if key_scope else None

    async def attempt(writer: QueueWriter) -> Answer:
        async def change() -> Answer:
            return Answer(status, await work(writer))

        return await idempotency.answered_once(
            writer.change.answers, keyed, writer.now, KEPT_FOR, change
        )

    try:
        return await hospital.changes.run(attempt)
    except AnsweredConcurrently:
        if keyed is None:
            raise
        return await hospital.changes.run(attempt)
