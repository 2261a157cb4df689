"""The referral slip the doctor prints for the patient: the hospitalization
code (its last symbol the check character), the validity, the status page's
address and a QR code to it, in the patient's language. Never the IIN, the
name, the diagnosis or the hospital (a slip can be lost)."""

from __future__ import annotations

import segno
from aiohttp import web

from services.console.apis import ApiRefused
from services.console.entrypoints.guard import caller, page_context, signed_in
from services.console.entrypoints.keys import APIS
from services.console.pages import render
from shared.contracts.parts import LANGUAGES
from shared.http.app import SETTINGS


def qr_image(address: str) -> str:
    """The address as a QR code, an SVG ``data:`` URI (the CSP allows it)."""
    return str(segno.make(address, error="m").svg_data_uri(scale=5, border=2))


@signed_in("doctor")
async def slip(request: web.Request) -> web.StreamResponse:
    referral_id = request.match_info["referral_id"]
    try:
        referral = await request.app[APIS].referral(caller(request), referral_id)
    except ApiRefused as refused:
        if refused.status in (403, 404):
            return render(request, "not_found.html", page_context(request), status=404)
        raise
    address = request.app[SETTINGS].status_page_url
    code = str(referral.get("hospitalization_code", ""))
    context = {
        **page_context(request),
        "code": code,
        "body": code[:-1],
        "check": code[-1:],
        "valid_until": referral.get("valid_until", ""),
        "referral_id": referral_id,
        "address": address,
        "qr": qr_image(address),
    }
    return render(
        request, "slip.html", context, language=slip_language(request, referral)
    )


def slip_language(request: web.Request, referral: dict[str, object]) -> str:
    """The language asked for (``?lang=``), else the patient's own."""
    asked = request.query.get("lang", "")
    patient = referral.get("patient")
    own = patient.get("language", "") if isinstance(patient, dict) else ""
    return asked if asked in LANGUAGES else own if own in LANGUAGES else ""
