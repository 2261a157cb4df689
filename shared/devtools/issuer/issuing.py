"""What the development issuer holds while it runs (its key, its address,
the codes and refresh tokens issued) and what it answers with: its discovery
document and the tokens a redeemed code or refresh token buys."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiohttp import web

from shared.clock import Clock, utc_now
from shared.devtools.issuer.authorization import FormSeal
from shared.devtools.issuer.codes import CodeBook, Grant
from shared.devtools.issuer.keys import ALGORITHM, DevelopmentKey
from shared.devtools.issuer.refreshing import RefreshBook
from shared.reference.registry import Registry, default_registry

TOKEN_LIFETIME = timedelta(hours=8)
"""A working day; never more than ``JWT_MAX_LIFETIME_HOURS``."""


@dataclass
class DevelopmentIssuer:
    key: DevelopmentKey
    url: str
    """``OIDC_ISSUER``: the ``iss`` of every token, exactly as given."""
    audience: str
    lifetime: timedelta = TOKEN_LIFETIME
    registry: Registry = field(default_factory=default_registry)
    clock: Clock = utc_now
    codes: CodeBook = field(init=False)
    refreshes: RefreshBook = field(init=False)
    seal: FormSeal = field(init=False)

    def __post_init__(self) -> None:
        self.codes = CodeBook(self.clock)
        self.refreshes = RefreshBook(self.clock)
        self.seal = FormSeal(secrets.token_bytes(32))

    def endpoint(self, path: str) -> str:
        return self.url.rstrip("/") + path

    def discovery(self) -> dict[str, Any]:
        """OpenID Connect Discovery 1.0's document, for the code flow only."""
        return {
            "issuer": self.url,
            "authorization_endpoint": self.endpoint("/authorize"),
            "token_endpoint": self.endpoint("/token"),
            "jwks_uri": self.endpoint("/jwks"),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "id_token_signing_alg_values_supported": [ALGORITHM],
            "token_endpoint_auth_methods_supported": ["none"],
            "subject_types_supported": ["public"],
            "scopes_supported": ["openid", "profile"],
            "claims_supported": ["sub", "name", "role", "facility", "nonce"],
            "ui_locales_supported": ["kk", "ru", "en"],
        }

    def tokens_for(self, grant: Grant) -> dict[str, Any]:
        """RFC 6749's token answer: an access token for the services
        (``aud`` OIDC_AUDIENCE), an ID token for the client and a new
        refresh token."""
        issued = int(self.clock().timestamp())
        seconds = int(self.lifetime.total_seconds())
        request, person = grant.request, grant.sign_in
        common = {
            "iss": self.url,
            "sub": person.subject,
            "iat": issued,
            "exp": issued + seconds,
            "azp": request.client_id,
            "name": person.name,
            "role": person.role,
            "facility": person.facility,
        }
        identity = {
            **common,
            "aud": request.client_id,
            "auth_time": int(grant.issued_at.timestamp()),
            **({"nonce": request.nonce} if request.nonce else {}),
        }
        refresh_token, refresh_seconds = self.refreshes.issue(grant)
        return {
            "access_token": self.key.mint({**common, "aud": self.audience}),
            "id_token": self.key.mint(identity),
            "token_type": "Bearer",
            "expires_in": seconds,
            "refresh_token": refresh_token,
            "refresh_expires_in": refresh_seconds,
            **({"scope": request.scope} if request.scope else {}),
        }


ISSUER = web.AppKey("issuer", DevelopmentIssuer)
