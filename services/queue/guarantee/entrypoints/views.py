"""The guarantee's routes: the referring doctor's alternatives for one
referral, and the bureau's (admins') list of entries at risk and in breach.
Both answers hold data about patients' referrals: ``no-store``."""

from __future__ import annotations

from aiohttp import web

from services.queue.guarantee.entrypoints.keys import GUARANTEES
from services.queue.guarantee.entrypoints.schemas import BureauQuery as QuerySchema
from services.queue.guarantee.service_layer.bureau import (
    BureauQuery,
    wait_guarantee_list,
)
from services.queue.guarantee.service_layer.doctors import referral_alternatives
from shared.http import ApiError, load_query, require_principal
from shared.http.json import json_answer
from shared.http.languages import api_language, language_headers

NO_STORE = {"Cache-Control": "no-store"}
QUERY = QuerySchema()


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


async def bureau_view(request: web.Request) -> web.Response:
    await require_principal(request, "admin")
    query = BureauQuery(**load_query(request, QUERY))
    answer = await wait_guarantee_list(request.app[GUARANTEES], query)
    return json_answer(answer, headers=NO_STORE)
