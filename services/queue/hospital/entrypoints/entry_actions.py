"""Admissions clerks act on one entry of their own hospital: admit, no-show,
reject, reschedule, discharge. Another hospital's entry is not found (404);
an impossible transition is 409 with the entry's current status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web
from marshmallow import Schema

from services.queue.hospital.domain import commands
from services.queue.hospital.entrypoints.clerks import clerk, optional_body
from services.queue.hospital.entrypoints.keys import HOSPITAL
from services.queue.hospital.entrypoints.schemas import (
    NoteRequest,
    RejectRequest,
    RescheduleRequest,
)
from services.queue.hospital.service_layer.views import entry_answer
from services.queue.refusals import carried_out
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.commands import EntryCommand
from services.queue.waiting_list.entrypoints.keys import BUS
from shared.http import load_body

Handler = Callable[[web.Request], Any]
CommandFrom = Callable[[str, str, Actor, dict[str, Any]], EntryCommand]


def entry_action(
    schema: Schema, make: CommandFrom, *, body_required: bool = False
) -> Handler:
    """A view that turns the body into ``make``'s command for the clerk's
    own entry, carries it out and answers the entry's new state."""

    async def view(request: web.Request) -> web.Response:
        principal, actor = await clerk(request)
        if body_required:
            body = await load_body(request, schema)
        else:
            body = await optional_body(request, schema)
        entry_id = request.match_info["entry_id"]
        command = make(entry_id, principal.facility, actor, body)
        hospital = request.app[HOSPITAL]
        entry = await carried_out(request.app[BUS], command)
        return web.json_response(
            await entry_answer(hospital, entry), headers={"Cache-Control": "no-store"}
        )

    return view


admit = entry_action(
    NoteRequest(),
    lambda entry_id, facility, actor, body: commands.Admit(
        entry_id=entry_id, facility_id=facility, actor=actor, note=body["note"]
    ),
)
no_show = entry_action(
    NoteRequest(),
    lambda entry_id, facility, actor, body: commands.RecordNoShow(
        entry_id=entry_id, facility_id=facility, actor=actor, note=body["note"]
    ),
)
discharge = entry_action(
    NoteRequest(),
    lambda entry_id, facility, actor, body: commands.Discharge(
        entry_id=entry_id, facility_id=facility, actor=actor, note=body["note"]
    ),
)
reject = entry_action(
    RejectRequest(),
    lambda entry_id, facility, actor, body: commands.Reject(
        entry_id=entry_id,
        facility_id=facility,
        actor=actor,
        reason_code=body["reason_code"],
        note=body["note"],
    ),
    body_required=True,
)
reschedule = entry_action(
    RescheduleRequest(),
    lambda entry_id, facility, actor, body: commands.Reschedule(
        entry_id=entry_id,
        facility_id=facility,
        actor=actor,
        on=body["date"],
        reason_code=body["reason_code"],
        note=body["note"],
        override_reason_code=body["override_reason_code"],
    ),
    body_required=True,
)
