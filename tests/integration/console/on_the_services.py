"""The console on the three real services: its settings pointing at them,
and the one fake, an identity provider that signs a user in with a token the
services verify (the tests' issuer's)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from services.console.settings import ConsoleSettings
from services.console.sign_in import (
    IdentityProvider,
    SignedIn,
    SignInFailed,
    SignInFlow,
)
from shared.clock import utc_now
from shared.identity import Principal
from tests.integration.three_services import Kezek


class ServicesTokenProvider(IdentityProvider):
    """Signs ``user`` in with ``token``, without a provider's pages."""

    def __init__(self, token: str, user: Principal):
        self.token, self.user = token, user

    async def begin(self, language: str) -> tuple[str, SignInFlow]:
        flow = SignInFlow("state-1", "nonce", "verifier")
        return "http://issuer.test/authorize?state=state-1", flow

    async def finish(self, flow: SignInFlow, code: str) -> SignedIn:
        return SignedIn(self.token, utc_now() + timedelta(hours=1), self.user)

    async def sign_out_url(self, language: str) -> str | None:
        return None

    async def refresh(self, refresh_token: str) -> SignedIn:
        """Never asked: its sign-ins carry no refresh token."""
        raise SignInFailed("this provider gives no refresh tokens")


def console_settings(kezek: Kezek) -> ConsoleSettings:
    def base(client: Any) -> str:
        return str(client.make_url("")).rstrip("/")

    return ConsoleSettings(
        kezek_env="development",
        cookie_secure=False,
        referral_url=base(kezek.referral),
        queue_url=base(kezek.queue),
        notification_url=base(kezek.notification),
    )


def token_of(kezek: Kezek, user: Principal) -> str:
    """A bearer token the services take, for ``user``'s role and facility."""
    return kezek.token(user.role, user.facility)["Authorization"].split(" ", 1)[1]
