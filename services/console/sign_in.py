"""Sign-in by OpenID Connect: the authorization code flow with PKCE (S256)
through Authlib, the ``id_token`` checked (signature, ``iss``, ``aud`` = the
console's client id, ``nonce``), the user read from the access token; and
the refresh token grant, its access token checked the same way."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Container
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
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
    refresh_token: str = ""
    refresh_expires_at: datetime | None = None
    """When the refresh token ends, if the provider says."""


class IdentityProvider(ABC):
    @abstractmethod
    async def begin(self, language: str) -> tuple[str, SignInFlow]:
        """The authorization URL to send the browser to, and the flow."""

    @abstractmethod
    async def finish(self, flow: SignInFlow, code: str) -> SignedIn: ...

    @abstractmethod
    async def refresh(self, refresh_token: str) -> SignedIn:
        """New tokens for the same user: ``SignInFailed`` when refused,
        ``ProviderUnavailable`` when the provider does not answer."""

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
        discovery: Callable[[], Awaitable[dict[str, Any]]],
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
        self._read_discovery = discovery
        """The discovery document the keys were read through (one reading)."""

    async def discovery(self) -> dict[str, Any]:
        try:
            return await self._read_discovery()
        except IdentityUnavailable as exc:
            raise ProviderUnavailable(str(exc)) from exc

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

    async def refresh(self, refresh_token: str) -> SignedIn:
        document = await self.discovery()
        try:
            answer = await self.client.fetch_token(
                document["token_endpoint"],
                grant_type="refresh_token",
                refresh_token=refresh_token,
            )
        except OAuthError as exc:
            raise SignInFailed(f"refresh refused: {exc.error}") from exc
        except Exception as exc:  # noqa: BLE001 - no answer, or not one
            raise ProviderUnavailable(type(exc).__name__) from exc
        try:
            access = await self._claims(
                dict(answer), "access_token", self.settings.oidc_audience
            )
            user = principal_of(access, self.claims, self.facilities)
        except InvalidToken as exc:
            raise SignInFailed(str(exc)) from exc
        except IdentityUnavailable as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return self._signed(dict(answer), access, user)

    def _signed(
        self, answer: dict[str, Any], access: dict[str, Any], user: Principal
    ) -> SignedIn:
        return SignedIn(
            str(answer["access_token"]),
            _expiry(access, answer),
            user,
            str(answer.get("refresh_token") or ""),
            _seconds_on(answer.get("refresh_expires_in")),
        )

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
        return self._signed(answer, access, user)

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


def _seconds_on(lifetime: object) -> datetime | None:
    """The moment ``lifetime`` seconds from now, if it is a positive number
    (Keycloak's ``refresh_expires_in`` is 0 for offline tokens: no bound)."""
    if isinstance(lifetime, int | float) and lifetime > 0:
        return utc_now() + timedelta(seconds=float(lifetime))
    return None


def _expiry(access: dict[str, Any], answer: dict[str, Any]) -> datetime:
    expires = datetime.fromtimestamp(float(access["exp"]), UTC)
    from_answer = _seconds_on(answer.get("expires_in"))
    return min(expires, from_answer) if from_answer else expires
