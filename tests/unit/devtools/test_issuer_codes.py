"""The development issuer's pure parts: which authorization requests it
takes, PKCE S256, and codes that are used once, soon, by their own client."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.devtools.issuer.authorization import (
    AuthorizationRefused,
    FormSeal,
    authorization_request,
)
from shared.devtools.issuer.codes import (
    CodeBook,
    InvalidGrant,
    SignIn,
    s256_challenge,
    verifier_matches,
)
from shared.devtools.issuer.sign_in import BUREAU, SignInRefused, sign_in_from_form
from shared.reference.registry import default_registry
from tests.queue_builders import Clock

RFC_7636_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
RFC_7636_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
"""RFC 7636 appendix B's example."""
CALLBACK = "http://127.0.0.1:8084/auth/callback"


def asked(**changed: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": "kezek-console",
        "redirect_uri": CALLBACK,
        "state": "s-1",
        "nonce": "n-1",
        "code_challenge": RFC_7636_CHALLENGE,
        "code_challenge_method": "S256",
    }
    return {**params, **changed}


def test_s256_of_rfc_7636s_verifier_is_its_challenge():
    assert s256_challenge(RFC_7636_VERIFIER) == RFC_7636_CHALLENGE
    assert verifier_matches(RFC_7636_VERIFIER, RFC_7636_CHALLENGE)
    assert not verifier_matches(RFC_7636_VERIFIER[:-1] + "Y", RFC_7636_CHALLENGE)


def test_a_verifier_outside_rfc_7636s_form_never_matches():
    short = "abc"
    assert not verifier_matches(short, s256_challenge(short))


def test_a_code_flow_request_with_s256_back_to_this_machine_is_taken():
    request = authorization_request(asked(scope="openid profile"))
    assert (request.client_id, request.redirect_uri) == ("kezek-console", CALLBACK)
    assert (request.state, request.nonce, request.scope) == (
        "s-1",
        "n-1",
        "openid profile",
    )


@pytest.mark.parametrize(
    ("changed", "field", "problem"),
    [
        ({"response_type": "token"}, "response_type", "code_only"),
        ({"code_challenge_method": "plain"}, "code_challenge_method", "s256_only"),
        ({"code_challenge_method": ""}, "code_challenge_method", "s256_only"),
        ({"code_challenge": ""}, "code_challenge", "missing"),
        ({"code_challenge": "short"}, "code_challenge", "challenge_form"),
        ({"client_id": ""}, "client_id", "missing"),
        ({"redirect_uri": "https://evil.example/cb"}, "redirect_uri", "local_only"),
        (
            {"redirect_uri": "http://127.0.0.1.evil.example/"},
            "redirect_uri",
            "local_only",
        ),
        ({"redirect_uri": "http://me@127.0.0.1/cb"}, "redirect_uri", "local_only"),
        ({"redirect_uri": "javascript://localhost/"}, "redirect_uri", "local_only"),
        ({"redirect_uri": "http://localhost/cb#x"}, "redirect_uri", "local_only"),
        ({"state": "s" * 513}, "state", "too_long"),
    ],
)
def test_a_request_the_issuer_cannot_serve_is_refused_naming_the_field(
    changed, field, problem
):
    with pytest.raises(AuthorizationRefused) as refused:
        authorization_request(asked(**changed))
    assert (refused.value.field, refused.value.problem) == (field, problem)


def test_the_seal_holds_only_for_the_parameters_it_was_made_for():
    seal = FormSeal(b"k" * 32)
    made = seal.seal(asked())
    assert seal.holds(asked(), made)
    assert not seal.holds(asked(redirect_uri="http://localhost:9/steal"), made)
    assert not FormSeal(b"o" * 32).holds(asked(), made)


def book_with_code(clock: Clock) -> tuple[CodeBook, str]:
    book = CodeBook(clock)
    person = SignIn(role="doctor", facility="KZ-71-P01", name="Aigerim Sadykova")
    return book, book.issue(authorization_request(asked()), person)


def redeem(book: CodeBook, code: str, **changed: str):
    given = {
        "client_id": "kezek-console",
        "redirect_uri": CALLBACK,
        "code_verifier": RFC_7636_VERIFIER,
    }
    return book.redeem(code, **{**given, **changed})


def test_a_code_buys_its_sign_in_once():
    book, code = book_with_code(Clock())
    assert redeem(book, code).sign_in.facility == "KZ-71-P01"
    with pytest.raises(InvalidGrant, match="already used"):
        redeem(book, code)


def test_a_code_expires_after_sixty_seconds():
    clock = Clock(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    book, code = book_with_code(clock)
    clock.advance(seconds=60)
    assert redeem(book, code).sign_in.role == "doctor"
    book, code = book_with_code(clock)
    clock.advance(seconds=61)
    with pytest.raises(InvalidGrant, match="expired"):
        redeem(book, code)


@pytest.mark.parametrize(
    "changed",
    [
        {"code_verifier": "x" * 43},
        {"client_id": "another-client"},
        {"redirect_uri": "http://127.0.0.1:8084/elsewhere"},
    ],
)
def test_a_code_presented_with_other_parameters_is_refused_and_used_up(changed):
    book, code = book_with_code(Clock())
    with pytest.raises(InvalidGrant):
        redeem(book, code, **changed)
    with pytest.raises(InvalidGrant, match="already used"):
        redeem(book, code)


def test_the_same_person_signing_in_again_is_the_same_subject():
    first = SignIn("doctor", "KZ-71-P01", "Aigerim  Sadykova")
    assert first.subject == SignIn("doctor", "KZ-71-P01", "aigerim sadykova").subject
    assert first.subject != SignIn("doctor", "KZ-71-P02", "Aigerim Sadykova").subject


def test_the_form_names_a_registry_facility_and_an_admin_the_bureau():
    registry = default_registry()
    doctor = sign_in_from_form(
        {"role": "doctor", "facility": "KZ-71-P01", "name": " Aigerim "}, registry
    )
    admin = sign_in_from_form(
        {"role": "admin", "facility": "KZ-71-P01", "name": "Bureau"}, registry
    )
    assert (doctor.facility, doctor.name) == ("KZ-71-P01", "Aigerim")
    assert admin.facility == BUREAU


def test_a_form_without_a_role_facility_or_name_says_which_fields():
    with pytest.raises(SignInRefused) as refused:
        sign_in_from_form(
            {"role": "nurse", "facility": "KZ-99-X99", "name": "  "}, default_registry()
        )
    assert refused.value.problems == {
        "role": "role_unknown",
        "name": "name_missing",
        "facility": "facility_unknown",
    }
