"""What the console's views find on the app."""

from __future__ import annotations

from aiohttp import web

from services.console.apis import ServiceApis
from services.console.bureau_apis import BureauApis
from services.console.sessions import Session, SessionCookie
from services.console.sign_in import IdentityProvider

APIS = web.AppKey("apis", ServiceApis)
BUREAU_APIS = web.AppKey("bureau_apis", BureauApis)
PROVIDER = web.AppKey("identity_provider", IdentityProvider)
SESSIONS = web.AppKey("sessions", SessionCookie)
SESSION: web.RequestKey[Session | None] = web.RequestKey("console_session")
"""The request's session, set by ``signed_in`` (None once signed out)."""


def session_of(request: web.Request) -> Session:
    session = request[SESSION]
    assert session is not None
    return session
