"""Authorization codes: each names one sign-in, is redeemed once, within
``CODE_LIFETIME``, by the client it was issued to, with the same
``redirect_uri`` and the PKCE verifier of the request's challenge."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.clock import Clock, utc_now
from shared.devtools.issuer.authorization import PKCE_TEXT, AuthorizationRequest

CODE_LIFETIME = timedelta(seconds=60)


class InvalidGrant(ValueError):
    """RFC 6749's ``invalid_grant``: the message is its description."""


@dataclass(frozen=True)
class SignIn:
    """Whom the development sign-in page was told the user is."""

    role: str
    facility: str
    name: str

    @property
    def subject(self) -> str:
        """The same for each sign-in with the same role, facility and name."""
        return f"{self.role}@{self.facility}:{'-'.join(self.name.lower().split())}"


@dataclass(frozen=True)
class Grant:
    request: AuthorizationRequest
    sign_in: SignIn
    issued_at: datetime


def s256_challenge(verifier: str) -> str:
    """RFC 7636's S256: base64url(SHA-256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verifier_matches(verifier: str, challenge: str) -> bool:
    if not PKCE_TEXT.fullmatch(verifier):
        return False
    return hmac.compare_digest(s256_challenge(verifier), challenge)


class CodeBook:
    """The codes issued and not yet redeemed, in this process's memory."""

    def __init__(self, clock: Clock = utc_now, lifetime: timedelta = CODE_LIFETIME):
        self._clock, self._lifetime = clock, lifetime
        self._grants: dict[str, Grant] = {}

    def issue(self, request: AuthorizationRequest, sign_in: SignIn) -> str:
        now = self._clock()
        self._grants = {
            code: grant
            for code, grant in self._grants.items()
            if now - grant.issued_at <= self._lifetime
        }
        code = secrets.token_urlsafe(32)
        self._grants[code] = Grant(request, sign_in, now)
        return code

    def redeem(
        self, code: str, *, client_id: str, redirect_uri: str, code_verifier: str
    ) -> Grant:
        """The code's grant, once: a second try, a late one or one that does
        not match the request each raise InvalidGrant (and use the code up)."""
        grant = self._grants.pop(code, None)
        if grant is None:
            raise InvalidGrant("the code is unknown or was already used")
        if self._clock() - grant.issued_at > self._lifetime:
            raise InvalidGrant("the code has expired")
        if client_id != grant.request.client_id:
            raise InvalidGrant("client_id is not the one the code was issued to")
        if redirect_uri != grant.request.redirect_uri:
            raise InvalidGrant("redirect_uri is not the authorization request's")
        if not verifier_matches(code_verifier, grant.request.code_challenge):
            raise InvalidGrant("code_verifier does not match the code_challenge")
        return grant
