"""The development issuer's key: one P-256 key pair on disk, private to its
owner, named by its RFC 7638 thumbprint, signing ES256."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor

import jwt
import pytest
from joserfc.jwk import ECKey

from shared.devtools.issuer.keys import KEY_FILE, DevelopmentKey, jwk_thumbprint

RFC_7638_KEY = {
    "kty": "RSA",
    "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFx"
    "uhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w"
    "6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn"
    "1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1j"
    "F44-csFCur-kEgU8awapJzKnqDKgw",
    "e": "AQAB",
    "alg": "RS256",
    "kid": "2011-04-29",
}
"""RFC 7638 section 3.1's example key; its thumbprint is given there."""


def test_the_thumbprint_of_rfc_7638s_example_is_the_one_it_gives():
    assert jwk_thumbprint(RFC_7638_KEY) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def test_the_kid_is_the_thumbprint_another_library_computes(tmp_path):
    key = DevelopmentKey.load_or_create(tmp_path)
    assert key.kid == ECKey.import_key(key.jwk()).thumbprint()


def test_the_public_jwk_says_what_it_is_for_and_holds_nothing_private(tmp_path):
    jwk = DevelopmentKey.load_or_create(tmp_path).jwk()
    assert {k: jwk[k] for k in ("kty", "crv", "alg", "use")} == {
        "kty": "EC",
        "crv": "P-256",
        "alg": "ES256",
        "use": "sig",
    }
    assert set(jwk) == {"kty", "crv", "x", "y", "kid", "alg", "use"}


def test_the_key_file_is_made_once_readable_by_its_owner_only(tmp_path):
    first = DevelopmentKey.load_or_create(tmp_path / "dev-issuer")
    again = DevelopmentKey.load_or_create(tmp_path / "dev-issuer")
    path = tmp_path / "dev-issuer" / KEY_FILE
    assert again.kid == first.kid
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [KEY_FILE]


def test_processes_starting_at_once_agree_on_one_key(tmp_path):
    with ThreadPoolExecutor(8) as pool:
        keys = list(
            pool.map(lambda _: DevelopmentKey.load_or_create(tmp_path), range(8))
        )
    assert len({key.kid for key in keys}) == 1
    assert [p.name for p in tmp_path.iterdir()] == [KEY_FILE]


def test_a_minted_token_names_the_kid_and_verifies_with_the_public_jwk(tmp_path):
    key = DevelopmentKey.load_or_create(tmp_path)
    token = key.mint({"sub": "doctor@KZ-71-P01", "aud": "kezek"})
    assert jwt.get_unverified_header(token) == {
        "alg": "ES256",
        "kid": key.kid,
        "typ": "JWT",
    }
    public = jwt.PyJWK(key.jwk()).key
    claims = jwt.decode(token, public, algorithms=["ES256"], audience="kezek")
    assert claims["sub"] == "doctor@KZ-71-P01"


def test_a_file_without_an_ec_key_is_refused(tmp_path):
    (tmp_path / KEY_FILE).write_text("not a key")
    with pytest.raises(ValueError):
        DevelopmentKey.load_or_create(tmp_path)
