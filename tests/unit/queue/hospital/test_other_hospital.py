"""A hospital changes only its own: another hospital's entry, in whatever
state, is not found (as an entry that does not exist), and a hospital
without the bed profile has no such queue; nothing changes."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from services.queue.hospital.domain.commands import (
    Admit,
    Discharge,
    RecordNoShow,
    Reject,
    Reschedule,
)
from services.queue.hospital.service_layer.hospital_queues import QueueNotFound
from services.queue.waiting_list.service_layer.handlers import EntryNotFound
from tests.factories import random_iin
from tests.queue_builders import ELSEWHERE, NARCOLOGY_ONLY
from tests.unit.queue.hospital.desk import line_of, positions, today


def unchanged(q):
    return copy.deepcopy(q.entries()), len(q.store.outbox)


async def test_every_entry_action_on_another_hospitals_entry_is_not_found(q, desk):
    admitted, scheduled, waiting = await line_of(q, 3)
    await desk.pull(today(q), 2)
    await desk.act(Admit, admitted.entry_id)
    actions = [
        (Admit, {}),
        (RecordNoShow, {}),
        (Reject, {"reason_code": "duplicate", "note": "seen twice"}),
        (Reschedule, {"on": today(q), "reason_code": "patient_request"}),
        (Discharge, {}),
    ]
    intruder = desk.other(ELSEWHERE)
    before = unchanged(q)

    for entry in (waiting, scheduled, admitted):
        for command, fields in actions:
            with pytest.raises(EntryNotFound):
                await intruder.act(command, entry.entry_id, **fields)
            with pytest.raises(EntryNotFound):
                await intruder.act(command, "f" * 32, **fields)

    assert unchanged(q) == before
    assert positions(q, [waiting]) == [1]


async def test_a_hospital_without_the_profile_finds_no_such_queue(q, desk):
    await q.place()
    day = today(q) + timedelta(days=1)
    narcology = desk.other(NARCOLOGY_ONLY)
    before = unchanged(q)

    for asked in (
        lambda: narcology.list(day),
        lambda: narcology.pull(day, 1),
        lambda: narcology.emergency(random_iin()),
    ):
        with pytest.raises(QueueNotFound) as missing:
            await asked()
        assert str(missing.value) == "This hospital has no psychiatry beds."

    assert unchanged(q) == before
