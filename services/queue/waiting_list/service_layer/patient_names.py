"""Keeping the patient's name the doctor gave (``referral.patient_named``):
once per event (its id is recorded with the name), whether the referral is
placed yet or not, the latest referral version's. The name is kept apart
from the entry, so nothing built from the entry (an event, a queue log
record, the patient's page) can carry it; only the clerks' lists of the
receiving hospital read it (``hospital/service_layer``)."""

from __future__ import annotations

from services.queue.waiting_list.service_layer.dependencies import WaitingList
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.contracts import Envelope


async def keep_patient_name(envelope: Envelope, waiting_list: WaitingList) -> None:
    data = envelope.data

    async def work(change: QueueChange) -> None:
        await change.patient_names.keep(
            data["referral_id"], data["version"], data["full_name"]
        )

    await waiting_list.uow.run(work, handled_event_id=envelope.event_id)
