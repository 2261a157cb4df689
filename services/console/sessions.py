"""The signed-in user's session, kept in one sealed cookie (``sealed.py``):
the access token and its expiry, the refresh token (if the provider gave
one) and its expiry, the principal, the CSRF token, the last activity and a
message for the next page. It ends after ``CONSOLE_SESSION_IDLE_MIN``
without a request, and at the access token's expiry unless a refresh token
(not yet expired) can buy a new one (the guard asks for it)."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from aiohttp import web

from services.console.sealed import Sealer, Unsealable
from services.console.sign_in import SignedIn
from shared.clock import Clock, utc_now
from shared.identity import Principal

SESSION_PURPOSE = "session"
SECURE_NAME = "__Host-kezek"
PLAIN_NAME = "kezek"


@dataclass(frozen=True)
class Session:
    access_token: str
    expires_at: float
    user: Principal
    csrf: str
    last_seen: float
    flash: tuple[str, str] | None = None
    """(kind, text) shown once: kind is ``done`` or ``refused``."""
    refresh_token: str = ""
    refresh_expires_at: float | None = None

    def refreshable(self, now: float) -> bool:
        return bool(self.refresh_token) and (
            self.refresh_expires_at is None or now < self.refresh_expires_at
        )

    def refreshed(self, signed: SignedIn) -> Session:
        """The session with the new tokens; ``SessionEnded`` when they are
        another user's, or the user's role or facility changed."""
        same = ("role", "facility", "subject")
        if any(getattr(signed.user, k) != getattr(self.user, k) for k in same):
            raise SessionEnded("expired")
        ends = signed.refresh_expires_at
        return replace(
            self,
            access_token=signed.access_token,
            expires_at=signed.expires_at.timestamp(),
            refresh_token=signed.refresh_token or self.refresh_token,
            refresh_expires_at=ends.timestamp() if ends else self.refresh_expires_at,
        )

    def with_flash(self, kind: str, text: str) -> Session:
        return replace(self, flash=(kind, text))

    def csrf_matches(self, offered: object) -> bool:
        return isinstance(offered, str) and hmac.compare_digest(
            offered.encode(), self.csrf.encode()
        )


class SessionEnded(Exception):
    """No usable session: ``reason`` is ``none``, ``expired`` or ``idle``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def new_session(signed: SignedIn, now: datetime) -> Session:
    ends = signed.refresh_expires_at
    return Session(
        access_token=signed.access_token,
        expires_at=signed.expires_at.timestamp(),
        user=signed.user,
        csrf=secrets.token_urlsafe(32),
        last_seen=now.timestamp(),
        refresh_token=signed.refresh_token,
        refresh_expires_at=ends.timestamp() if ends else None,
    )


class SessionCookie:
    """Reads and writes the session cookie: ``__Host-kezek`` when secure."""

    def __init__(
        self, secret: str, idle: timedelta, *, secure: bool, clock: Clock = utc_now
    ):
        self.sealer = Sealer(secret)
        self.idle = idle
        self.secure = secure
        self.clock = clock
        self.name = SECURE_NAME if secure else PLAIN_NAME

    def read(self, request: web.Request) -> Session:
        """The request's session, its activity now; ``SessionEnded`` when
        there is none, it was tampered with, or it ended."""
        value = request.cookies.get(self.name)
        if not value:
            raise SessionEnded("none")
        try:
            session = _session_from(self.sealer.open(SESSION_PURPOSE, value))
        except (Unsealable, KeyError, TypeError, ValueError) as exc:
            raise SessionEnded("none") from exc
        now = self.clock().timestamp()
        if now >= session.expires_at and not session.refreshable(now):
            raise SessionEnded("expired")
        if now - session.last_seen > self.idle.total_seconds():
            raise SessionEnded("idle")
        return replace(session, last_seen=now)

    def write(self, response: web.StreamResponse, session: Session) -> None:
        response.set_cookie(
            self.name,
            self.sealer.seal(SESSION_PURPOSE, asdict(session)),
            path="/",
            httponly=True,
            samesite="Lax",
            secure=self.secure,
        )

    def clear(self, response: web.StreamResponse) -> None:
        response.del_cookie(
            self.name, path="/", secure=self.secure, httponly=True, samesite="Lax"
        )


def _session_from(content: dict[str, object]) -> Session:
    user = content["user"]
    flash = content.get("flash")
    if not isinstance(user, dict):
        raise TypeError("user")
    return Session(
        access_token=str(content["access_token"]),
        expires_at=float(content["expires_at"]),  # type: ignore[arg-type]
        user=Principal(**{k: str(v) for k, v in user.items()}),
        csrf=str(content["csrf"]),
        last_seen=float(content["last_seen"]),  # type: ignore[arg-type]
        flash=(str(flash[0]), str(flash[1])) if isinstance(flash, list) else None,
        refresh_token=str(content.get("refresh_token") or ""),
        refresh_expires_at=_number(content.get("refresh_expires_at")),
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
