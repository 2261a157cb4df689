"""Reads for the doctor's screens, straight from the referrals collection and
always within the caller's facility."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pymongo import DESCENDING

from services.referral.adapters.documents import from_document
from services.referral.adapters.repository import REFERRALS
from services.referral.domain.model import Referral
from services.referral.service_layer.dependencies import Dependencies

SUMMARY_FIELDS = (
    "hospitalization_code",
    "status",
    "facility_id",
    "bed_profile",
    "stay",
    "priority",
    "registered_at",
    "valid_until",
    "updated_at",
    "patient.iin",
)


@dataclass(frozen=True)
class ReferralFilter:
    facility_id: str
    status: str | None = None
    hospitalization_code: str | None = None
    iin: str | None = None


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    page: int
    page_size: int
    has_more: bool


async def referral_of_facility(
    deps: Dependencies, referral_id: str, facility_id: str
) -> Referral | None:
    document = await deps.uow.db[REFERRALS].find_one(
        {"_id": referral_id, "referring_facility_id": facility_id}
    )
    return from_document(document) if document else None


async def referrals_page(
    deps: Dependencies, where: ReferralFilter, page: int, page_size: int
) -> Page:
    """Newest first; one extra document tells whether another page follows
    (no counting: it is linear on the embedded database)."""
    query: dict[str, Any] = {"referring_facility_id": where.facility_id}
    if where.status:
        query["status"] = where.status
    if where.hospitalization_code:
        query["hospitalization_code"] = where.hospitalization_code
    if where.iin:
        query["iin_digest"] = deps.repository(None).digest(where.iin)
    cursor = (
        deps.uow.db[REFERRALS]
        .find(query, {name: 1 for name in SUMMARY_FIELDS})
        .sort([("registered_at", DESCENDING), ("_id", DESCENDING)])
        .skip((page - 1) * page_size)
        .limit(page_size + 1)
    )
    documents = await cursor.to_list(None)
    return Page(
        items=[_summary(d) for d in documents[:page_size]],
        page=page,
        page_size=page_size,
        has_more=len(documents) > page_size,
    )


def _summary(document: dict[str, Any]) -> dict[str, Any]:
    iin = document["patient"]["iin"]
    summary = {name: document.get(name) for name in SUMMARY_FIELDS[:-1]}
    return {"id": document["_id"], **summary, "patient_iin": "*" * 8 + iin[-4:]}
