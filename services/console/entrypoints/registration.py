"""The doctor registers a referral: a form of what the referral service
takes (the patient, the hospital and bed profile, the diagnosis, the
pre-admission tests); each field the API refuses is shown beside it with
the API's message, in the doctor's language; warnings (a test that lapses
first) come with the new referral's page."""

from __future__ import annotations

import secrets
from typing import Any

from aiohttp import web

from services.console.apis import ApiRefused, Json
from services.console.entrypoints.guard import caller, flash, page_context, signed_in
from services.console.entrypoints.keys import APIS
from services.console.labels import DONE
from services.console.pages import render, see_other
from services.console.words import page_language, words
from shared.contracts.reasons import PRE_ADMISSION_TESTS
from shared.http.app import REGISTRY

TEST_ROWS = 3
PATIENT_FIELDS = ("iin", "full_name", "phone", "email", "language")
REFERRAL_FIELDS = (
    "facility_id",
    "bed_profile",
    "stay",
    "diagnosis",
    "finance_source",
    "priority",
    "priority_reason",
    "purpose",
    "planned_date",
)


@signed_in("doctor")
async def new_referral(request: web.Request) -> web.StreamResponse:
    return _form(request, {}, None)


@signed_in("doctor")
async def register(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    typed = {name: str(value).strip() for name, value in form.items()}
    key = typed.get("request_key") or secrets.token_urlsafe(16)
    try:
        made = await request.app[APIS].register(
            caller(request), referral_of(typed), key
        )
    except ApiRefused as refused:
        return _form(request, typed, refused)
    say = words(page_language(request))
    told = [say(DONE["register"], code=made["hospitalization_code"])]
    told += [str(w.get("message", "")) for w in made.get("warnings", [])]
    flash(request, "done", " ".join(told))
    return see_other(f"/referrals/{made['id']}")


def referral_of(typed: dict[str, str]) -> Json:
    """The API's body from the form: what was left empty is left out."""
    patient: dict[str, Any] = {
        name: typed[f"patient.{name}"]
        for name in PATIENT_FIELDS
        if typed.get(f"patient.{name}")
    }
    patient["consent"] = typed.get("patient.consent") == "yes"
    body: dict[str, Any] = {
        name: typed[name] for name in REFERRAL_FIELDS if typed.get(name)
    }
    tests = [
        {
            part: typed[f"tests.{row}.{part}"]
            for part in ("code", "done_on", "valid_until")
            if typed.get(f"tests.{row}.{part}")
        }
        for row in range(TEST_ROWS)
        if typed.get(f"tests.{row}.code")
    ]
    return {**body, "patient": patient, "tests": tests}


def _form_names() -> set[str]:
    rows = {
        f"tests.{row}.{part}"
        for row in range(TEST_ROWS)
        for part in ("code", "done_on", "valid_until")
    }
    patient = {f"patient.{name}" for name in (*PATIENT_FIELDS, "consent")}
    return rows | patient | set(REFERRAL_FIELDS)


def _form(
    request: web.Request, typed: dict[str, str], refused: ApiRefused | None
) -> web.Response:
    language = page_language(request)
    hospitals = sorted(
        (f.id, f.name_in(language)) for f in request.app[REGISTRY].hospitals()
    )
    problems = refused.fields if refused else {}
    placed = _form_names()
    context = {
        **page_context(request),
        "typed": typed,
        "refusal": refused,
        "problems": problems,
        "unplaced": refused.unplaced(placed) if refused else [],
        "request_key": typed.get("request_key") or secrets.token_urlsafe(16),
        "hospitals": hospitals,
        "bed_profiles": request.app[REGISTRY].bed_profiles,
        "tests": PRE_ADMISSION_TESTS,
        "rows": range(TEST_ROWS),
    }
    status = refused.status if refused else 200
    return render(request, "new_referral.html", context, status=status)
