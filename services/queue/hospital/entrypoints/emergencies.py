"""Admissions clerks register an emergency admission at their hospital."""

from __future__ import annotations

from aiohttp import web

from services.queue.hospital.domain.commands import RegisterEmergency
from services.queue.hospital.entrypoints.clerks import (
    answer,
    clerk,
    idempotency_key,
    known_profile,
)
from services.queue.hospital.entrypoints.keys import HOSPITAL
from services.queue.hospital.entrypoints.schemas import EmergencyRequest
from services.queue.refusals import carried_out
from services.queue.waiting_list.entrypoints.keys import BUS
from shared.http import load_body

BODY = EmergencyRequest()


async def admit_emergency(request: web.Request) -> web.Response:
    principal, actor = await clerk(request)
    key = idempotency_key(request)
    body = await load_body(request, BODY)
    hospital = request.app[HOSPITAL]
    command = RegisterEmergency(
        facility_id=principal.facility,
        bed_profile=known_profile(hospital, body["bed_profile"]),
        iin=body["iin"],
        diagnosis=body["diagnosis"],
        actor=actor,
        idempotency_key=key,
        full_name=body["full_name"],
    )
    return answer(await carried_out(request.app[BUS], command))
