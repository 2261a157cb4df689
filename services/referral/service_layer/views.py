"""Reads for the doctor's screens, through the referrals repository outside
any transaction, and always within the caller's facility."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.referral.domain.model import Referral
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.unit_of_work import (
    ReferralFilter,
    ReferralSummary,
)


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    page: int
    page_size: int
    has_more: bool


async def referral_of_facility(
    deps: Dependencies, referral_id: str, facility_id: str
) -> Referral | None:
    return await deps.uow.reader().referrals.of_facility(referral_id, facility_id)


async def referrals_page(
    deps: Dependencies, where: ReferralFilter, page: int, page_size: int
) -> Page:
    """Newest first; one extra referral tells whether another page follows."""
    found = await deps.uow.reader().referrals.summaries(
        where, offset=(page - 1) * page_size, limit=page_size + 1
    )
    return Page(
        items=[_line(summary) for summary in found[:page_size]],
        page=page,
        page_size=page_size,
        has_more=len(found) > page_size,
    )


def _line(summary: ReferralSummary) -> dict[str, Any]:
    """The summary with the IIN masked to its last four digits."""
    line = {name: value for name, value in vars(summary).items() if name != "iin"}
    return {**line, "patient_iin": "*" * 8 + summary.iin[-4:]}
