"""Sign-in by OpenID Connect: the authorization code flow with PKCE (S256)
through Authlib, the ``id_token`` checked (signature, ``iss``, ``aud`` = the
console's client id, ``nonce``), the user read from the access token."""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import AsyncOAuth2Client

from services.console.settings import ConsoleSettings
from shared.clock import utc_now
from shared.identity import (
    ClaimNames,
    IdentityUnavailable,
    InvalidToken,
    Principal,
    SigningKeys,
    verified_claims,
)
from shared.identity.principal import principal_of


class SignInFailed(Exception):
    """The provider refused or its answer did not hold up."""


class ProviderUnavailable(Exception):
    """The identity provider did not answer."""


@dataclass(frozen=True)
class SignInFlow:
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class SignedIn:
    access_token: str
    expires_at: datetime
    user: Principal


class IdentityProvider(ABC):
    @abstractmethod
    async def begin(self, language: str) -> tuple[str, SignInFlow]:
        """The authorization URL to send the browser to, and the flow."""

    @abstractmethod
    async def finish(self, flow: SignInFlow, code: str) -> SignedIn: ...

    @abstractmethod
    async def sign_out_url(self, language: str) -> str | None:
        """Where the browser ends its session at the provider too (so the
        next person at a shared computer is asked to sign in), or None."""


class OidcProvider(IdentityProvider):
    def __init__(
        self,
        settings: ConsoleSettings,
        facilities: Container[str],
        keys: SigningKeys,
    ):
        self.settings = settings
        self.facilities = facilities
        self.client = AsyncOAuth2Client(
            client_id=settings.oidc_client_id,
            redirect_uri=settings.callback_url,
            scope="openid profile",
            code_challenge_method="S256",
            token_endpoint_auth_method="none",
            timeout=settings.api_timeout_s,
        )
        self.jwks = keys
        """The provider's keys, the ones the app checks every token by."""
        self.claims = ClaimNames(settings.oidc_role_claim, settings.oidc_facility_claim)
        self._discovery: tuple[float, dict[str, Any]] | None = None
        self._lock = asyncio.Lock()

    async def json(self, url: str) -> dict[str, Any]:
        try:
            answer = await self.client.request("GET", url, withhold_token=True)
            answer.raise_for_status()
            content = answer.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderUnavailable(type(exc).__name__) from exc
        if not isinstance(content, dict):
            raise ProviderUnavailable("not a JSON object")
        return content

    async def discovery(self) -> dict[str, Any]:
        async with self._lock:
            if self._discovery and time.monotonic() < self._discovery[0]:
                return self._discovery[1]
            document = await self.json(self.settings.discovery_url)
            expires = time.monotonic() + self.settings.jwks_cache_s
            self._discovery = (expires, document)
            return document

    async def begin(self, language: str) -> tuple[str, SignInFlow]:
        document = await self.discovery()
        flow = SignInFlow(generate_token(32), generate_token(32), generate_token(64))
        url, _ = self.client.create_authorization_url(
            document["authorization_endpoint"],
            state=flow.state,
            nonce=flow.nonce,
            code_verifier=flow.code_verifier,
            ui_locales=language,
        )
        return url, flow

    async def sign_out_url(self, language: str) -> str | None:
        try:
            ending = (await self.discovery()).get("end_session_endpoint")
        except ProviderUnavailable:
            return None
        if not isinstance(ending, str) or not ending.startswith("http"):
            return None
        back = self.settings.console_public_url.rstrip("/") + "/?ended=signed_out"
        query = {
            "client_id": self.settings.oidc_client_id,
            "post_logout_redirect_uri": back,
            "ui_locales": language,
        }
        return f"{ending}{'&' if '?' in ending else '?'}{urlencode(query)}"

    async def finish(self, flow: SignInFlow, code: str) -> SignedIn:
        document = await self.discovery()
        try:
            answer = await self.client.fetch_token(
                document["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=flow.code_verifier,
            )
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(type(exc).__name__) from exc
        except Exception as exc:  # noqa: BLE001 - Authlib's OAuth errors
            raise SignInFailed(f"token endpoint: {type(exc).__name__}") from exc
        return await self.signed_in(dict(answer), flow)

    async def signed_in(self, answer: dict[str, Any], flow: SignInFlow) -> SignedIn:
        """The user of the access token, once the ID token proves this
        sign-in (the console's audience, this flow's nonce)."""
        try:
            identity = await self._claims(
                answer, "id_token", self.settings.oidc_client_id
            )
            if identity.get("nonce") != flow.nonce:
                raise SignInFailed("the id_token's nonce is not this sign-in's")
            access = await self._claims(
                answer, "access_token", self.settings.oidc_audience
            )
            named = {**access, "name": _name(access, identity)}
            user = principal_of(named, self.claims, self.facilities)
        except InvalidToken as exc:
            raise SignInFailed(str(exc)) from exc
        except IdentityUnavailable as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return SignedIn(str(answer["access_token"]), _expiry(access, answer), user)

    async def _claims(
        self, answer: dict[str, Any], token: str, audience: str
    ) -> dict[str, Any]:
        return await verified_claims(
            str(answer.get(token, "")),
            self.jwks,
            issuer=self.settings.oidc_issuer,
            audience=audience,
            max_lifetime=timedelta(hours=self.settings.jwt_max_lifetime_hours),
        )

    async def close(self) -> None:
        await self.client.aclose()


def _name(access: dict[str, Any], identity: dict[str, Any]) -> str:
    for claims in (access, identity):
        name = claims.get("name") or claims.get("preferred_username")
        if isinstance(name, str) and name:
            return name
    return ""


def _expiry(access: dict[str, Any], answer: dict[str, Any]) -> datetime:
    expires = datetime.fromtimestamp(float(access["exp"]), UTC)
    lifetime = answer.get("expires_in")
    if isinstance(lifetime, int | float) and lifetime > 0:
        from_answer = utc_now() + timedelta(seconds=float(lifetime))
        expires = min(expires, from_answer)
    return expires
