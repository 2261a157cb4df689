"""The waiting-time guarantee's routes (MAX_WAIT_DAYS): a new room beside
the patients' and the hospital's, since its callers are the referring
doctor and the bureau, neither of which those rooms serve."""

from __future__ import annotations

from aiohttp import web

from services.queue.guarantee.entrypoints import views
from services.queue.guarantee.entrypoints.schemas import (
    BureauAnswer,
    BureauQuery,
    PositionsQuery,
    ReferralAlternatives,
    ReferralPositions,
)
from shared.http import OpenApi


def setup_guarantee_routes(app: web.Application, api: OpenApi) -> None:
    api.route(
        app,
        "GET",
        "/v1/referrals/{referral_id}/alternatives",
        views.alternatives_view,
        summary="A referral's deadline under its bed profile's maximum wait, its "
        "flag, its estimate, and the hospitals of the same profile and region "
        "where its estimated wait is shorter (the patient's place there keeps "
        "the original registration time)",
        description="Only the referring facility's doctors; another facility's "
        "referral answers 404 like a missing one. Names in Accept-Language.",
        responses={200: ReferralAlternatives},
        errors=(404,),
        roles=("doctor",),
    )
    api.route(
        app,
        "GET",
        "/v1/referrals/positions",
        views.positions_view,
        summary="Where each of a page of referrals stands in its queue: status, "
        "and for a waiting one its place and the queue's length (one read)",
        description="Only the referring facility's doctors: another facility's "
        "referrals, and referrals not in the queue, are left out alike. At most "
        "50 referral_id (422 naming referral_id otherwise).",
        query=PositionsQuery,
        responses={200: ReferralPositions},
        roles=("doctor",),
    )
    api.route(
        app,
        "GET",
        "/v1/wait-guarantee",
        views.bureau_view,
        summary="The waiting entries at risk of passing, or past, their bed "
        "profile's maximum wait, with per-queue counts (from the in-memory "
        "book; no IIN, no name)",
        description="Filter by region, bed_profile, facility_id and flag; rows "
        "queue by queue, each in queue order, a page of limit after offset.",
        query=BureauQuery,
        responses={200: BureauAnswer},
        roles=("admin",),
    )
