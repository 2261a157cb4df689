"""Refresh tokens: opaque, random, held in this process's memory. Each is
used once: redeeming it gives the grant (the sign-in it continues) and
forgets it, so an old refresh token is refused. All of a sign-in's refresh
tokens end ``REFRESH_LIFETIME`` after the sign-in."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.clock import Clock, utc_now
from shared.devtools.issuer.codes import Grant, InvalidGrant

REFRESH_LIFETIME = timedelta(hours=8)


@dataclass(frozen=True)
class Refreshable:
    grant: Grant
    ends_at: datetime


class RefreshBook:
    def __init__(self, clock: Clock = utc_now, lifetime: timedelta = REFRESH_LIFETIME):
        self._clock, self._lifetime = clock, lifetime
        self._held: dict[str, Refreshable] = {}

    def issue(self, grant: Grant) -> tuple[str, int]:
        """A new refresh token for ``grant`` and its seconds left."""
        now = self._clock()
        self._held = {t: r for t, r in self._held.items() if r.ends_at > now}
        ends_at = grant.issued_at + self._lifetime
        token = secrets.token_urlsafe(32)
        self._held[token] = Refreshable(grant, ends_at)
        return token, max(0, int((ends_at - now).total_seconds()))

    def redeem(self, token: str, *, client_id: str) -> Grant:
        """The grant ``token`` continues, once: a second try, a late one or
        another client's raise InvalidGrant (and use the token up)."""
        held = self._held.pop(token, None)
        if held is None:
            raise InvalidGrant("the refresh token is unknown or was already used")
        if self._clock() >= held.ends_at:
            raise InvalidGrant("the refresh token has expired")
        if client_id != held.grant.request.client_id:
            raise InvalidGrant("client_id is not the one the token was issued to")
        return held.grant
