"""The welcome page, sign-in by the identity provider and sign-out."""

from __future__ import annotations

import hmac

from aiohttp import web

from services.console.entrypoints.guard import signed_in
from services.console.entrypoints.keys import PROVIDER, SESSION, SESSIONS
from services.console.pages import render, see_other
from services.console.sealed import Unsealable
from services.console.sessions import SessionEnded, new_session
from services.console.sign_in import (
    ProviderUnavailable,
    SignInFailed,
    SignInFlow,
)
from services.console.words import LANGUAGE_NAMES, page_language
from shared.clock import utc_now

FLOW_PURPOSE = "sign-in"
FLOW_MAX_AGE_S = 600
HOMES = {"doctor": "/referrals", "hospital": "/admissions", "admin": "/bureau"}
ENDINGS = ("expired", "idle", "signed_out")


def flow_cookie_name(secure: bool) -> str:
    return "__Host-kezek-sign-in" if secure else "kezek-sign-in"


def safe_next(path: str | None) -> str:
    """A path on this console only (never another site's address)."""
    if path and path.startswith("/") and not path.startswith(("//", "/\\")):
        return path
    return ""


async def welcome(request: web.Request) -> web.StreamResponse:
    try:
        session = request.app[SESSIONS].read(request)
    except SessionEnded:
        ended = request.query.get("ended")
        return render(
            request,
            "welcome.html",
            {
                "ended": ended if ended in ENDINGS else "",
                "next": safe_next(request.query.get("next")),
            },
        )
    language = request.query.get("lang")
    kept = f"?lang={language}" if language in LANGUAGE_NAMES else ""
    return see_other(HOMES[session.user.role] + kept)


async def start_sign_in(request: web.Request) -> web.StreamResponse:
    sessions = request.app[SESSIONS]
    try:
        url, flow = await request.app[PROVIDER].begin(page_language(request))
    except ProviderUnavailable:
        return render(request, "unavailable.html", status=503)
    content = {**flow.__dict__, "next": safe_next(request.query.get("next"))}
    answer = web.Response(status=302, headers={"Location": url})
    answer.set_cookie(
        flow_cookie_name(sessions.secure),
        sessions.sealer.seal(FLOW_PURPOSE, content),
        max_age=FLOW_MAX_AGE_S,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=sessions.secure,
    )
    return answer


async def callback(request: web.Request) -> web.StreamResponse:
    sessions = request.app[SESSIONS]
    name = flow_cookie_name(sessions.secure)
    try:
        content = sessions.sealer.open(FLOW_PURPOSE, request.cookies.get(name, ""))
        flow = SignInFlow(content["state"], content["nonce"], content["code_verifier"])
    except (Unsealable, KeyError, TypeError):
        return _failed(request)
    state, code = request.query.get("state", ""), request.query.get("code", "")
    if not code or not hmac.compare_digest(state.encode(), flow.state.encode()):
        return _failed(request)
    try:
        signed = await request.app[PROVIDER].finish(flow, code)
    except SignInFailed:
        return _failed(request)
    except ProviderUnavailable:
        return render(request, "unavailable.html", status=503)
    session = new_session(signed, utc_now())
    answer = see_other(safe_next(content.get("next")) or HOMES[signed.user.role])
    sessions.write(answer, session)
    answer.del_cookie(name, path="/", secure=sessions.secure, httponly=True)
    return answer


def _failed(request: web.Request) -> web.Response:
    return render(request, "sign_in_failed.html", status=400)


@signed_in()
async def sign_out(request: web.Request) -> web.StreamResponse:
    """The console's session ends here, and the provider's too when it
    offers an end-session endpoint (which comes back to the welcome page)."""
    provider_url = await request.app[PROVIDER].sign_out_url(page_language(request))
    answer = see_other(provider_url or "/?ended=signed_out")
    request[SESSION] = None
    request.app[SESSIONS].clear(answer)
    return answer
