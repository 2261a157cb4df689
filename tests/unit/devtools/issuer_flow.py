"""The development issuer served on a real port of 127.0.0.1, and a browser's
part of the code flow: read the sign-in page's form, post it back."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from aiohttp.test_utils import TestClient, TestServer

from shared.clock import Clock, utc_now
from shared.devtools.issuer.app import make_app
from shared.devtools.issuer.issuing import DevelopmentIssuer
from shared.devtools.issuer.keys import DevelopmentKey
from shared.embedded import free_port

CLIENT_ID = "kezek-console"
CALLBACK = "http://127.0.0.1:8084/auth/callback"
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def asked(**changed: str) -> dict[str, str]:
    """The console's authorization request."""
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CALLBACK,
        "state": "state-1",
        "nonce": "nonce-1",
        "code_challenge": CHALLENGE,
        "code_challenge_method": "S256",
        "scope": "openid profile",
    }
    return {**params, **changed}


async def served_issuer(
    aiohttp_server, home: Path, clock: Clock = utc_now
) -> tuple[TestServer, DevelopmentIssuer]:
    port = free_port()
    issuer = DevelopmentIssuer(
        key=DevelopmentKey.load_or_create(home),
        url=f"http://127.0.0.1:{port}",
        audience="kezek",
        clock=clock,
    )
    return await aiohttp_server(make_app(issuer), port=port), issuer


class FormFields(HTMLParser):
    """What a browser would post: inputs, the checked radio, each select's
    selected (else first) option."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {name: value or "" for name, value in attrs}
        if tag == "input" and (given.get("type") != "radio" or "checked" in given):
            self.fields[given["name"]] = given.get("value", "")
        elif tag == "select":
            self._select = given["name"]
        elif tag == "option" and self._select and self._first_or_selected(given):
            self.fields[self._select] = given["value"]

    def _first_or_selected(self, option: dict[str, str]) -> bool:
        return self._select not in self.fields or "selected" in option


def form_fields(page: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(page)
    return parser.fields


async def signed_in(client: TestClient, params: dict[str, str], **chosen: str) -> str:
    """The redirect after signing in with ``chosen`` (role, facility, name)."""
    page = await client.get("/authorize", params=params)
    assert page.status == 200, await page.text()
    answer = await client.post(
        "/authorize",
        data={**form_fields(await page.text()), **chosen},
        allow_redirects=False,
    )
    assert answer.status == 302, await answer.text()
    return answer.headers["Location"]


def code_in(location: str) -> str:
    return parse_qs(urlsplit(location).query)["code"][0]


def redemption(code: str, **changed: str) -> dict[str, str]:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        "client_id": CLIENT_ID,
        "code_verifier": VERIFIER,
    }
    return {**form, **changed}
