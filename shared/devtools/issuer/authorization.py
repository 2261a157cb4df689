"""An authorization request (``GET /authorize``'s query, carried unchanged
in the sign-in form's hidden fields) and its checks: only the code flow,
only PKCE with S256, only a redirect back to this machine."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

PARAMETERS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "scope",
)
"""The parameters the sign-in form carries from the GET to the POST."""
REQUIRED = ("response_type", "client_id", "redirect_uri", "code_challenge")
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
PKCE_TEXT = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
"""RFC 7636's code verifier (and an S256 challenge fits it too)."""
LONGEST = 512


class AuthorizationRefused(ValueError):
    """``field`` cannot be used; ``problem`` names why (a key of the page's
    texts, shown in the reader's language)."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field, self.problem = field, problem


@dataclass(frozen=True)
class AuthorizationRequest:
    client_id: str
    redirect_uri: str
    code_challenge: str
    state: str = ""
    nonce: str = ""
    scope: str = ""


def local_redirect(uri: str) -> bool:
    """An http(s) address on this machine, without credentials or fragment."""
    parts = urlsplit(uri)
    return (
        parts.scheme in ("http", "https")
        and parts.hostname in LOCAL_HOSTS
        and "@" not in parts.netloc
        and not parts.fragment
    )


def authorization_request(params: Mapping[str, str]) -> AuthorizationRequest:
    """The request ``params`` make, or AuthorizationRefused naming the
    first parameter that cannot be used."""
    for name in REQUIRED:
        if not params.get(name, "").strip():
            raise AuthorizationRefused(name, "missing")
    for name in PARAMETERS:
        if len(params.get(name, "")) > LONGEST:
            raise AuthorizationRefused(name, "too_long")
    if params["response_type"] != "code":
        raise AuthorizationRefused("response_type", "code_only")
    if params.get("code_challenge_method") != "S256":
        raise AuthorizationRefused("code_challenge_method", "s256_only")
    if not PKCE_TEXT.fullmatch(params["code_challenge"]):
        raise AuthorizationRefused("code_challenge", "challenge_form")
    if not local_redirect(params["redirect_uri"]):
        raise AuthorizationRefused("redirect_uri", "local_only")
    return AuthorizationRequest(
        client_id=params["client_id"],
        redirect_uri=params["redirect_uri"],
        code_challenge=params["code_challenge"],
        state=params.get("state", ""),
        nonce=params.get("nonce", ""),
        scope=params.get("scope", ""),
    )


class FormSeal:
    """An HMAC over the request's parameters, put in the sign-in form beside
    them: a POST whose parameters are not the ones the GET showed is refused
    (the key lives only in this process)."""

    def __init__(self, key: bytes):
        self._key = key

    def seal(self, params: Mapping[str, str]) -> str:
        carried = {name: params.get(name, "") for name in PARAMETERS}
        text = json.dumps(carried, sort_keys=True, ensure_ascii=False)
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()

    def holds(self, params: Mapping[str, str], seal: str) -> bool:
        return hmac.compare_digest(self.seal(params), seal)
