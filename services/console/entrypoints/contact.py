"""The doctor changes the patient's contact on an active referral: phone,
e-mail, language of the messages, consent. Only what changed is sent, with
the version the doctor saw (a referral that moved on meanwhile is refused
and shown again as it is now)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.console.apis import ApiRefused
from services.console.entrypoints.guard import caller, flash, signed_in
from services.console.entrypoints.keys import APIS
from services.console.entrypoints.referral_page import shown_with
from services.console.labels import DONE
from services.console.pages import see_other
from services.console.words import page_language, words

CONTACT = ("phone", "email", "language")


def changed_contact(typed: dict[str, str], patient: dict[str, Any]) -> dict[str, Any]:
    """The contact fields that differ from the referral's (empty removes a
    phone or an e-mail)."""
    changed: dict[str, Any] = {}
    for name in CONTACT:
        value = typed.get(name, "") or None
        if value != (patient.get(name) or None) and not (
            name == "language" and not value
        ):
            changed[name] = value
    consent = typed.get("consent") == "yes"
    if consent != bool(patient.get("consent")):
        changed["consent"] = consent
    return changed


@signed_in("doctor")
async def change_contact(request: web.Request) -> web.StreamResponse:
    referral_id = request.match_info["referral_id"]
    form = await request.post()
    typed = {name: str(form.get(name, "")).strip() for name in (*CONTACT, "consent")}
    apis, who = request.app[APIS], caller(request)
    current = await apis.referral(who, referral_id)
    changed = changed_contact(typed, current.get("patient", {}))
    say = words(page_language(request))
    if not changed:
        flash(request, "done", say(DONE["unchanged"]))
        return see_other(f"/referrals/{referral_id}")
    version = str(form.get("version", ""))
    try:
        await apis.edit(who, referral_id, {"patient": changed}, version)
    except ApiRefused as refused:
        failed = {"action": "contact", "refusal": refused, "typed": typed}
        return await shown_with(request, referral_id, failed, refused.status)
    flash(request, "done", say(DONE["contact"]))
    return see_other(f"/referrals/{referral_id}")
