"""The development issuer's refresh token grant: each refresh token is used
once (the answer carries the next one, the old one is refused), for the
client it was issued to, within the sign-in's refresh lifetime."""

from __future__ import annotations

import jwt
import pytest

from shared.clock import utc_now
from tests.queue_builders import Clock
from tests.unit.devtools.issuer_flow import (
    CLIENT_ID,
    asked,
    code_in,
    redemption,
    served_issuer,
    signed_in,
)


@pytest.fixture
def clock() -> Clock:
    return Clock(utc_now())


@pytest.fixture
async def client(aiohttp_server, aiohttp_client, tmp_path, clock):
    server, _ = await served_issuer(aiohttp_server, tmp_path, clock)
    return await aiohttp_client(server)


async def first_tokens(client) -> dict:
    location = await signed_in(
        client, asked(), role="hospital", facility="KZ-71-H01", name="Dana"
    )
    answer = await client.post("/token", data=redemption(code_in(location)))
    return await answer.json()


def refreshing(token: str, client_id: str = CLIENT_ID) -> dict[str, str]:
    return {
        "grant_type": "refresh_token",
        "refresh_token": token,
        "client_id": client_id,
    }


async def refused(client, form: dict[str, str]) -> str:
    answer = await client.post("/token", data=form)
    assert (answer.status, answer.headers["Cache-Control"]) == (400, "no-store")
    return (await answer.json())["error"]


async def test_a_refresh_token_gives_new_tokens_for_the_same_person(client, clock):
    first = await first_tokens(client)
    assert first["refresh_token"] and first["refresh_expires_in"] == 8 * 3600
    clock.advance(minutes=5)
    answer = await client.post("/token", data=refreshing(first["refresh_token"]))
    assert (answer.status, answer.headers["Cache-Control"]) == (200, "no-store")
    again = await answer.json()
    assert again["refresh_token"] != first["refresh_token"]
    assert again["refresh_expires_in"] == 8 * 3600 - 300
    claims = [
        jwt.decode(t["access_token"], options={"verify_signature": False})
        for t in (first, again)
    ]
    assert claims[1]["iat"] == claims[0]["iat"] + 300
    same = ("sub", "role", "facility", "name", "aud")
    assert [claims[1][k] for k in same] == [claims[0][k] for k in same]


async def test_a_refresh_token_used_once_is_refused_the_second_time(client):
    first = await first_tokens(client)
    used = refreshing(first["refresh_token"])
    rotated = await (await client.post("/token", data=used)).json()
    assert await refused(client, used) == "invalid_grant"
    newer = await client.post("/token", data=refreshing(rotated["refresh_token"]))
    assert newer.status == 200


async def test_a_refresh_token_is_refused_after_its_lifetime(client, clock):
    first = await first_tokens(client)
    clock.advance(hours=8)
    assert await refused(client, refreshing(first["refresh_token"])) == "invalid_grant"


async def test_another_clients_or_an_unknown_refresh_token_is_refused(client):
    first = await first_tokens(client)
    other = refreshing(first["refresh_token"], client_id="other")
    assert await refused(client, other) == "invalid_grant"
    assert await refused(client, refreshing("made-up")) == "invalid_grant"
    missing = {"grant_type": "refresh_token", "client_id": CLIENT_ID}
    assert await refused(client, missing) == "invalid_request"


async def test_discovery_names_the_refresh_token_grant(client):
    document = await (await client.get("/.well-known/openid-configuration")).json()
    assert "refresh_token" in document["grant_types_supported"]
