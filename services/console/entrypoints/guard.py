"""Every page behind sign-in goes through ``signed_in``: a session that
ended sends the browser to sign in again with a message; an access token
expired (or about to) is first renewed by the session's refresh token; a POST needs the
session's CSRF token in its ``csrf`` field (else 403); the session's
activity time is renewed on every answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from urllib.parse import urlencode

from aiohttp import web

from services.console.apis import ApiRefused, ApiUnavailable, Caller, TokenRefused
from services.console.entrypoints.keys import PROVIDER, SESSION, SESSIONS, session_of
from services.console.pages import render, see_other
from services.console.sessions import Session, SessionEnded
from services.console.sign_in import ProviderUnavailable, SignInFailed
from services.console.words import page_language

View = Callable[[web.Request], Awaitable[web.StreamResponse]]
RENEW_BEFORE_S = 30.0
"""An access token this close to its expiry is renewed before the page."""


def signed_in(*roles: str) -> Callable[[View], View]:
    def guarded(view: View) -> View:
        async def handler(request: web.Request) -> web.StreamResponse:
            sessions = request.app[SESSIONS]
            try:
                session = await _renewed(request, sessions.read(request))
            except SessionEnded as ended:
                return _sign_in_again(request, ended.reason)
            refused = await _refusal(request, session, roles)
            if refused is not None:
                return refused
            request[SESSION] = session
            response = await _answer(view, request, session)
            kept = request.get(SESSION)
            if kept is not None:
                sessions.write(response, kept)
            return response

        return handler

    return guarded


async def _renewed(request: web.Request, session: Session) -> Session:
    """The session, with new tokens when its access token expires within
    ``RENEW_BEFORE_S`` and a refresh token can buy them; ``SessionEnded``
    when the provider refuses, or names another user, role or facility.
    While the provider does not answer, a token still valid is kept."""
    now = request.app[SESSIONS].clock().timestamp()
    if session.expires_at - now > RENEW_BEFORE_S or not session.refreshable(now):
        return session
    try:
        signed = await request.app[PROVIDER].refresh(session.refresh_token)
    except SignInFailed as refused:
        raise SessionEnded("expired") from refused
    except ProviderUnavailable as down:
        if now >= session.expires_at:
            raise SessionEnded("expired") from down
        return session
    return session.refreshed(signed)


async def _refusal(
    request: web.Request, session: Session, roles: tuple[str, ...]
) -> web.Response | None:
    """403 for a POST without the session's CSRF token, or a role that may
    not see the page."""
    if request.method == "POST":
        form = await request.post()
        if not session.csrf_matches(form.get("csrf")):
            return render(request, "refused.html", status=403)
    if roles and session.user.role not in roles:
        return render(request, "refused.html", _shown(session), status=403)
    return None


async def _answer(
    view: View, request: web.Request, session: Session
) -> web.StreamResponse:
    """The view's page; a refusal it did not answer shown as its message (a
    token the services no longer take: sign in again), a service that does
    not answer as a page saying so."""
    try:
        return await view(request)
    except TokenRefused:
        request[SESSION] = None
        return _sign_in_again(request, "expired")
    except ApiRefused as refused:
        context = {**_shown(session), "refusal": refused}
        return render(request, "refused.html", context, status=refused.status)
    except ApiUnavailable:
        return render(request, "unavailable.html", _shown(session), status=503)


def _shown(session: Session) -> dict[str, object]:
    return {"user": session.user, "csrf": session.csrf}


def _sign_in_again(request: web.Request, reason: str) -> web.Response:
    """To the welcome page, saying why; a page asked for is the one the
    browser returns to after signing in."""
    query = {"ended": reason}
    if request.method == "GET":
        query["next"] = request.path_qs
    answer = see_other(f"/?{urlencode(query)}")
    if reason != "none":
        request.app[SESSIONS].clear(answer)
    return answer


def caller(request: web.Request) -> Caller:
    return Caller(session_of(request).access_token, page_language(request))


def page_context(request: web.Request) -> dict[str, object]:
    """What every signed-in page shows: the user, the CSRF token and the
    message left for it (shown once)."""
    session = session_of(request)
    request[SESSION] = replace(session, flash=None)
    return {"user": session.user, "csrf": session.csrf, "flash": session.flash}


def flash(request: web.Request, kind: str, text: str) -> None:
    request[SESSION] = session_of(request).with_flash(kind, text)
