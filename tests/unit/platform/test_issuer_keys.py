"""The issuer's keys: read through its discovery document, kept, read again
when a token names a key not yet seen (rotation), and kept working while
the issuer cannot be reached."""

from __future__ import annotations

import pytest

from shared.embedded import free_port
from shared.identity import IdentityUnavailable, InvalidToken, IssuerKeys
from shared.identity import keys as keys_module
from shared.identity.keys import usable_keys
from tests.identity import TestIssuer


@pytest.fixture
async def issuer():
    return TestIssuer()


@pytest.fixture
async def keys(issuer):
    found = IssuerKeys(f"{issuer.url}/.well-known/openid-configuration", issuer.url)
    yield found
    await found.close()


async def test_keys_are_fetched_once_and_kept(issuer, keys):
    assert (await keys.key(issuer.kid)).algorithm_name == "ES256"
    served = issuer.served
    await keys.key(issuer.kid)
    assert issuer.served == served == 2  # the discovery document and the JWKS


async def test_a_rotated_key_is_fetched_when_a_token_first_names_it(issuer, keys):
    await keys.key(issuer.kid)
    keys._tried_at -= keys_module.REFETCH_MIN_S  # the last fetch was long ago
    issuer.rotate()
    assert (await keys.key(issuer.kid)).algorithm_name == "ES256"


async def test_unknown_keys_do_not_make_every_request_fetch(issuer, keys):
    await keys.key(issuer.kid)
    served = issuer.served
    for _ in range(3):
        with pytest.raises(InvalidToken, match="not one the issuer publishes"):
            await keys.key("made-up")
    assert issuer.served == served


async def test_keys_past_their_cache_time_are_fetched_again(issuer, keys):
    await keys.key(issuer.kid)
    served = issuer.served
    keys._fetched_at -= keys.cache_s + 1
    keys._tried_at -= keys_module.REFETCH_MIN_S
    await keys.key(issuer.kid)
    assert issuer.served == served + 2


async def test_known_keys_keep_working_while_the_issuer_is_down(issuer):
    keys = IssuerKeys(f"{issuer.url}/.well-known/openid-configuration", issuer.url)
    try:
        await keys.key(issuer.kid)
        keys.discovery_url = f"http://127.0.0.1:{free_port()}/down"
        keys._fetched_at -= keys.cache_s + 1
        keys._tried_at -= keys_module.REFETCH_MIN_S
        assert (await keys.key(issuer.kid)).algorithm_name == "ES256"
    finally:
        await keys.close()


async def test_an_issuer_never_reached_is_unavailable_not_invalid():
    url = f"http://127.0.0.1:{free_port()}"
    keys = IssuerKeys(f"{url}/.well-known/openid-configuration", url)
    try:
        with pytest.raises(IdentityUnavailable):
            await keys.key("any")
        with pytest.raises(IdentityUnavailable, match="just now"):
            await keys.key("any")
    finally:
        await keys.close()


async def test_a_discovery_document_of_another_issuer_is_not_trusted(issuer):
    keys = IssuerKeys(
        f"{issuer.url}/.well-known/openid-configuration", "https://kezek.example"
    )
    try:
        with pytest.raises(IdentityUnavailable, match="names the issuer"):
            await keys.key(issuer.kid)
    finally:
        await keys.close()


def test_only_signing_keys_of_the_two_algorithms_are_used():
    rsa, ec = TestIssuer("RS256"), TestIssuer()
    [rsa_key], [ec_key] = rsa.jwks["keys"], ec.jwks["keys"]
    jwks = {
        "keys": [
            rsa_key,
            ec_key,
            {**ec_key, "kid": "for-encryption", "use": "enc"},
            {**ec_key, "kid": "said-to-be-hs256", "alg": "HS256"},
            {"kty": "oct", "k": "c2VjcmV0", "kid": "shared-secret"},
            {**ec_key, "kid": ""},
            {**ec_key, "kid": "broken", "x": "not-a-point"},
            "not-a-key",
        ]
    }
    found = usable_keys(jwks)
    assert {kid: key.algorithm_name for kid, key in found.items()} == {
        rsa.kid: "RS256",
        ec.kid: "ES256",
    }
    assert usable_keys({"keys": "none"}) == usable_keys([]) == {}


async def test_the_discovery_document_is_read_once_for_the_keys_and_sign_in(
    issuer, keys
):
    document = await keys.discovery()
    assert document["issuer"] == issuer.url
    await keys.key(issuer.kid)
    assert await keys.discovery() == document
    assert issuer.served == 2  # the discovery document and the JWKS, once each


async def test_no_discovery_document_is_unavailable():
    url = f"http://127.0.0.1:{free_port()}"
    keys = IssuerKeys(f"{url}/.well-known/openid-configuration", url)
    try:
        with pytest.raises(IdentityUnavailable):
            await keys.discovery()
    finally:
        await keys.close()
