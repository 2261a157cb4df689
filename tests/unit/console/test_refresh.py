"""An access token about to expire is renewed by the session's refresh
token before the page: the new token is the one the services are called
with; a refusal, or tokens of another role or facility, end the session;
a provider that does not answer keeps a token still valid, and ends the
session of an expired one, as without refresh."""

from __future__ import annotations

import re
from datetime import timedelta

from services.console.sign_in import ProviderUnavailable, SignedIn, SignInFailed
from shared.clock import utc_now
from shared.identity import Principal
from tests.unit.console.fakes import CLERK, DOCTOR


async def signed_in_for(console, provider, seconds: float) -> None:
    """Signed in (without a page yet) with a token valid ``seconds``."""
    provider.lifetime = timedelta(seconds=seconds)
    started = await console.get("/sign-in", allow_redirects=False)
    state = re.search(r"state=([^&]+)", started.headers["Location"])[1]
    back = await console.get(
        f"/auth/callback?code=c&state={state}", allow_redirects=False
    )
    assert back.status == 303


def renewed(user: Principal = DOCTOR, token: str = "token-2") -> SignedIn:
    return SignedIn(token, utc_now() + timedelta(hours=1), user, "refresh-1")


async def test_a_token_about_to_expire_is_renewed_and_the_page_answers(
    console, provider, apis
):
    provider.refreshes = [renewed()]
    await signed_in_for(console, provider, 10)
    assert (await console.get("/referrals")).status == 200
    assert (await console.get("/referrals")).status == 200
    assert provider.refreshed == ["refresh-0"]
    tokens = [caller.token for name, caller, _ in apis.calls if name == "referrals"]
    assert tokens == ["token-2", "token-2"]


async def test_an_expired_token_is_renewed_too(console, provider, apis):
    provider.refreshes = [renewed()]
    await signed_in_for(console, provider, -1)
    assert (await console.get("/referrals")).status == 200
    assert provider.refreshed == ["refresh-0"]


async def test_a_refused_refresh_ends_the_session(console, provider):
    provider.refreshes = [SignInFailed("invalid_grant")]
    await signed_in_for(console, provider, -1)
    page = await console.get("/referrals", allow_redirects=False)
    assert page.headers["Location"].startswith("/?ended=expired")
    again = await console.get("/referrals", allow_redirects=False)
    assert again.headers["Location"].startswith("/?ended=none")


async def test_tokens_of_another_role_or_facility_end_the_session(console, provider):
    moved = Principal("doctor", "KZ-75-P02", DOCTOR.subject, DOCTOR.name)
    for user in (CLERK, moved):
        provider.refreshes = [renewed(user)]
        await signed_in_for(console, provider, 10)
        page = await console.get("/referrals", allow_redirects=False)
        assert page.headers["Location"].startswith("/?ended=expired")


async def test_a_provider_down_keeps_a_valid_token_and_ends_an_expired_one(
    console, provider, apis
):
    provider.refreshes = [ProviderUnavailable("down"), ProviderUnavailable("down")]
    await signed_in_for(console, provider, 10)
    assert (await console.get("/referrals")).status == 200
    assert apis.calls[-1][1].token == f"token-of-{DOCTOR.subject}"
    await signed_in_for(console, provider, -1)
    page = await console.get("/referrals", allow_redirects=False)
    assert page.headers["Location"].startswith("/?ended=expired")


async def test_without_a_refresh_token_nothing_is_asked(console, provider):
    await signed_in_for(console, provider, 10)
    assert (await console.get("/referrals")).status == 200
    assert provider.refreshed == []
