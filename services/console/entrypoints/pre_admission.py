"""The doctor replaces a referral's pre-admission tests (the whole list, as
the API takes it): the current ones filled in, a row more for a new one;
a lapsed or wrong test is refused beside its field."""

from __future__ import annotations

from aiohttp import web

from services.console.apis import ApiRefused
from services.console.entrypoints.form_rows import tests_of
from services.console.entrypoints.guard import caller, flash, signed_in
from services.console.entrypoints.keys import APIS
from services.console.entrypoints.referral_page import shown_with
from services.console.labels import DONE
from services.console.pages import see_other
from services.console.words import page_language, words


@signed_in("doctor")
async def change_tests(request: web.Request) -> web.StreamResponse:
    referral_id = request.match_info["referral_id"]
    form = await request.post()
    typed = {name: str(value).strip() for name, value in form.items()}
    body = {"tests": tests_of(typed)}
    try:
        await request.app[APIS].edit(
            caller(request), referral_id, body, typed.get("version", "")
        )
    except ApiRefused as refused:
        failed = {"action": "tests", "refusal": refused, "typed": typed}
        return await shown_with(request, referral_id, failed, refused.status)
    flash(request, "done", words(page_language(request))(DONE["tests"]))
    return see_other(f"/referrals/{referral_id}")
