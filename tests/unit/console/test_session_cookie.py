"""The session cookie: sealed (a changed byte is refused), ended at the
token's expiry and after the idle minutes, named ``__Host-`` when secure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from services.console.sealed import Sealer, Unsealable
from services.console.sessions import SessionCookie, SessionEnded, new_session
from services.console.sign_in import SignedIn
from shared.identity import Principal
from tests.unit.console.fakes import DOCTOR

KEY = "a-session-key-of-at-least-thirty-two-characters"
SIGNED_IN_AT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def cookie_jar(minutes_later: float = 0, *, idle_min: int = 30, secure: bool = False):
    now = SIGNED_IN_AT + timedelta(minutes=minutes_later)
    return SessionCookie(
        KEY, timedelta(minutes=idle_min), secure=secure, clock=lambda: now
    )


def written(sessions: SessionCookie, token_hours: float = 8) -> str:
    until = SIGNED_IN_AT + timedelta(hours=token_hours)
    session = new_session(SignedIn("the-token", until, DOCTOR), SIGNED_IN_AT)
    response = web.Response()
    sessions.write(response, session)
    return response.cookies[sessions.name].value


def request_with(name: str, value: str) -> web.Request:
    return make_mocked_request("GET", "/", headers={"Cookie": f"{name}={value}"})


def test_a_session_written_reads_back_with_its_user_and_token():
    sessions = cookie_jar()
    session = sessions.read(request_with(sessions.name, written(sessions)))
    assert (session.user, session.access_token) == (DOCTOR, "the-token")
    assert len(session.csrf) >= 32


def test_the_cookie_is_http_only_same_site_lax_and_secure_with_the_host_prefix():
    sessions = cookie_jar(secure=True)
    response = web.Response()
    sessions.write(
        response, new_session(SignedIn("t", SIGNED_IN_AT, DOCTOR), SIGNED_IN_AT)
    )
    morsel = response.cookies["__Host-kezek"]
    assert morsel["httponly"] and morsel["secure"] and morsel["path"] == "/"
    assert morsel["samesite"] == "Lax" and not morsel["domain"]


def test_a_tampered_cookie_is_refused():
    sessions = cookie_jar()
    value = written(sessions)
    flipped = value[:20] + ("A" if value[20] != "A" else "B") + value[21:]
    with pytest.raises(SessionEnded) as ended:
        sessions.read(request_with(sessions.name, flipped))
    assert ended.value.reason == "none"


def test_a_cookie_sealed_under_another_key_is_refused():
    other = SessionCookie(
        "another-key-" + "x" * 30, timedelta(minutes=30), secure=False
    )
    with pytest.raises(SessionEnded):
        cookie_jar().read(request_with("kezek", written(other)))


def test_a_value_sealed_for_another_purpose_does_not_open_as_a_session():
    sealer = Sealer(KEY)
    with pytest.raises(Unsealable):
        sealer.open("session", sealer.seal("sign-in", {"state": "s"}))


def test_the_session_ends_when_the_token_expires():
    value = written(cookie_jar(), token_hours=1)
    with pytest.raises(SessionEnded) as ended:
        cookie_jar(minutes_later=60).read(request_with("kezek", value))
    assert ended.value.reason == "expired"


def test_the_session_ends_after_the_idle_minutes_without_a_request():
    value = written(cookie_jar())
    assert cookie_jar(minutes_later=29).read(request_with("kezek", value))
    with pytest.raises(SessionEnded) as ended:
        cookie_jar(minutes_later=31).read(request_with("kezek", value))
    assert ended.value.reason == "idle"


def test_reading_renews_the_last_activity():
    session = cookie_jar(minutes_later=20).read(
        request_with("kezek", written(cookie_jar()))
    )
    assert session.last_seen == (SIGNED_IN_AT + timedelta(minutes=20)).timestamp()


def test_a_session_with_keycloak_sized_tokens_fits_in_one_cookie():
    sessions = cookie_jar(secure=True)
    user = Principal("hospital", "KZ-75-M01", "f" * 36, "Айгерим Серикқызы " * 3)
    signed = SignedIn(
        "a" * 1400,
        SIGNED_IN_AT + timedelta(minutes=5),
        user,
        "r" * 900,
        SIGNED_IN_AT + timedelta(hours=8),
    )
    response = web.Response()
    session = new_session(signed, SIGNED_IN_AT).with_flash("done", "Ж" * 100)
    sessions.write(response, session)
    assert len(response.cookies["__Host-kezek"].value) < 4096


def test_an_expired_token_with_a_refresh_token_keeps_the_session_to_be_refreshed():
    until = SIGNED_IN_AT + timedelta(hours=1)
    ends = SIGNED_IN_AT + timedelta(hours=2)
    session = new_session(SignedIn("t", until, DOCTOR, "r-1", ends), SIGNED_IN_AT)
    response = web.Response()
    cookie_jar().write(response, session)
    value = response.cookies["kezek"].value
    kept = cookie_jar(minutes_later=61, idle_min=200).read(request_with("kezek", value))
    assert (kept.refresh_token, kept.refresh_expires_at) == ("r-1", ends.timestamp())
    with pytest.raises(SessionEnded) as ended:
        cookie_jar(121, idle_min=200).read(request_with("kezek", value))
    assert ended.value.reason == "expired"
