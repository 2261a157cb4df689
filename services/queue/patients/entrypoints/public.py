"""Public: the facility registry with live waiting counts, free beds and
estimated waits, so a doctor and a patient can choose by wait. Names and
addresses are in the ``lang`` parameter's language, else the
``Accept-Language`` header's, else English (as the APIs' error messages)."""

from __future__ import annotations

from aiohttp import web

from services.queue.patients.entrypoints.keys import PATIENTS
from services.queue.patients.entrypoints.schemas import FacilitiesQuery
from services.queue.patients.service_layer.views import facilities
from shared.http import ApiError, load_query
from shared.http.languages import API_LANGUAGE, asked_language, language_headers

QUERY = FacilitiesQuery()


async def list_facilities(request: web.Request) -> web.Response:
    query = load_query(request, QUERY)
    patients = request.app[PATIENTS]
    registry = patients.registry
    profile, region = query["bed_profile"], query["region"]
    if profile is not None and profile not in registry.bed_profiles:
        choices = ", ".join(registry.bed_profiles)
        raise ApiError(
            422,
            "validation_failed",
            "The request has invalid fields.",
            {"bed_profile": [f"Must be one of: {choices}."]},
        )
    if region is not None and region not in registry.regions:
        raise ApiError(
            422,
            "validation_failed",
            "The request has invalid fields.",
            {"region": ["Unknown region code."]},
        )
    language = asked_language(request, query["lang"], API_LANGUAGE)
    answer = facilities(patients, profile, region, language)
    return web.json_response(answer, headers=language_headers(language))
