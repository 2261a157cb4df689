"""Run a hospital's change at most once per ``Idempotency-Key``: the answer
is stored in the change's own transaction, and a retry with the same key and
the same request gets that first answer back without a second change."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.queue.hospital.adapters import hospital_answers
from services.queue.hospital.adapters.hospital_answers import StoredAnswer
from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.waiting_list.service_layer.writer import QueueWriter

KEPT_FOR = timedelta(hours=48)


class IdempotencyKeyReused(Exception):
    def __init__(self) -> None:
        super().__init__(
            "This Idempotency-Key was already used for a different request; "
            "send a new key for a new request."
        )


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    replayed: bool = False


async def answered_once(
    hospital: Hospital,
    key_scope: str | None,
    request: Mapping[str, Any],
    status: int,
    work: Callable[[QueueWriter], Awaitable[dict[str, Any]]],
) -> Answer:
    """``work`` in one transaction; with a ``key_scope`` (facility, action
    and key), its answer is kept and replayed for the same request."""
    printed = hospital_answers.fingerprint(request)

    async def attempt(writer: QueueWriter) -> Answer:
        tx = writer.tx
        if key_scope is not None:
            stored = await hospital_answers.find(
                tx.db, key_scope, writer.now, tx.session
            )
            if stored is not None:
                if stored.fingerprint != printed:
                    raise IdempotencyKeyReused()
                return Answer(stored.status, stored.body, replayed=True)
        body = await work(writer)
        if key_scope is not None:
            answer = StoredAnswer(printed, status, body)
            await hospital_answers.store(
                tx.db, tx.session, key_scope, answer, writer.now + KEPT_FOR
            )
        return Answer(status, body)

    try:
        return await hospital.changes.run(attempt)
    except DuplicateKeyError:
        if key_scope is None:
            raise
        return await hospital.changes.run(attempt)
