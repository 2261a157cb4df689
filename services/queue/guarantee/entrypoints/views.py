"""The guarantee's routes: the referring doctor's alternatives for one
referral and the places of a page of referrals, and the bureau's (admins')
list of entries at risk and in breach.
All answers hold data about patients' referrals: ``no-store``."""

from __future__ import annotations

from aiohttp import web

from services.queue.guarantee.entrypoints.keys import GUARANTEES
from services.queue.guarantee.entrypoints.schemas import BureauQuery as QuerySchema
from services.queue.guarantee.entrypoints.schemas import PositionsQuery
from services.queue.guarantee.service_layer.bureau import (
    BureauQuery,
    wait_guarantee_list,
)
from services.queue.guarantee.service_layer.doctors import (
    referral_alternatives,
    referral_positions,
)
from shared.http import ApiError, load_fields, load_query, require_principal
from shared.http.json import json_answer
from shared.http.languages import api_language, language_headers

NO_STORE = {"Cache-Control": "no-store"}
QUERY = QuerySchema()
POSITIONS = PositionsQuery()


async def alternatives_view(request: web.Request) -> web.Response:
    principal = await require_principal(request, "doctor")
    language = api_language(request)
    answer = await referral_alternatives(
        request.app[GUARANTEES],
        request.match_info["referral_id"],
        principal.facility,
        language,
    )
    if answer is None:
        raise ApiError(404, "not_found", "No such referral of yours.")
    return json_answer(answer, headers={**NO_STORE, **language_headers(language)})


async def positions_view(request: web.Request) -> web.Response:
    """Each ``referral_id`` (repeated in the query) read as a list."""
    principal = await require_principal(request, "doctor")
    asked: dict[str, object] = dict(request.query)
    asked["referral_id"] = request.query.getall("referral_id", [])
    referral_ids = load_fields(asked, POSITIONS)["referral_id"]
    answer = await referral_positions(
        request.app[GUARANTEES], referral_ids, principal.facility
    )
    return json_answer(answer, headers=NO_STORE)


async def bureau_view(request: web.Request) -> web.Response:
    await require_principal(request, "admin")
    query = BureauQuery(**load_query(request, QUERY))
    answer = await wait_guarantee_list(request.app[GUARANTEES], query)
    return json_answer(answer, headers=NO_STORE)
