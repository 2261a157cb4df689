"""The identity provider's signing keys, as its discovery document and JWKS
publish them: fetched when first needed, kept for ``JWKS_CACHE_S``, fetched
again (at most every ``REFETCH_MIN_S``) when a token names a key not yet
seen, so a provider's key rotation needs no restart. When the provider
cannot be reached, keys already known keep working. The discovery document
read is kept too (``IssuerKeys.discovery``): it is read once, for both."""

from __future__ import annotations

import asyncio
import math
import time
from abc import ABC, abstractmethod
from typing import Any

import aiohttp
import jwt
import structlog

from shared.identity.principal import InvalidToken

log = structlog.get_logger()
ALGORITHM_OF_KEY: dict[tuple[Any, Any], str] = {
    ("RSA", None): "RS256",
    ("EC", "P-256"): "ES256",
}
"""The one algorithm each kind of key is accepted with."""
REFETCH_MIN_S = 10.0
RETRY_MIN_S = 1.0
"""While no key is known, how often callers may try the provider again."""
FETCH_TIMEOUT_S = 5.0


class IdentityUnavailable(Exception):
    """The provider's keys cannot be had now: not the caller's fault."""


class SigningKeys(ABC):
    """The port: the public key a token's ``kid`` names."""

    @abstractmethod
    async def key(self, kid: str) -> jwt.PyJWK: ...

    @abstractmethod
    async def close(self) -> None:
        """Let go of connections."""


def usable_keys(jwks: Any) -> dict[str, jwt.PyJWK]:
    """The signing keys of a JWKS by kid: RSA (RS256) and P-256 (ES256) keys
    with a kid, not marked for encryption; others are left out."""
    found: dict[str, jwt.PyJWK] = {}
    listed = jwks.get("keys") if isinstance(jwks, dict) else None
    for entry in listed if isinstance(listed, list) else []:
        if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
            continue
        algorithm = ALGORITHM_OF_KEY.get((entry.get("kty"), entry.get("crv")))
        kid = entry.get("kid")
        if algorithm is None or not isinstance(kid, str) or not kid:
            continue
        if entry.get("alg", algorithm) != algorithm:
            continue
        try:
            found[kid] = jwt.PyJWK(entry, algorithm)
        except jwt.PyJWTError:
            continue
    return found


class IssuerKeys(SigningKeys):
    """Keys read over HTTP from ``discovery_url``'s ``jwks_uri``; the
    document's ``issuer`` must be ``issuer``."""

    def __init__(self, discovery_url: str, issuer: str, cache_s: float = 300.0):
        self.discovery_url, self.issuer, self.cache_s = discovery_url, issuer, cache_s
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = -math.inf
        self._tried_at = -math.inf
        self._lock = asyncio.Lock()
        self._session: aiohttp.ClientSession | None = None
        self._document: dict[str, Any] = {}

    async def discovery(self) -> dict[str, Any]:
        """The discovery document the keys were read through (read now when
        it is older than ``cache_s``), for whoever needs its endpoints."""
        if not self._document or self._expired():
            async with self._lock:
                if not self._document or self._expired():
                    await self._refresh_for("")
        if not self._document:
            raise IdentityUnavailable("the discovery document cannot be read")
        return self._document

    async def key(self, kid: str) -> jwt.PyJWK:
        if kid not in self._keys or self._expired():
            async with self._lock:
                await self._refresh_for(kid)
        found = self._keys.get(kid)
        if found is None:
            raise InvalidToken("the token's key (kid) is not one the issuer publishes")
        return found

    def _expired(self) -> bool:
        return time.monotonic() - self._fetched_at > self.cache_s

    async def _refresh_for(self, kid: str) -> None:
        """Fetch unless another caller just did, or a miss was just fetched."""
        if kid in self._keys and not self._expired():
            return
        since = time.monotonic() - self._tried_at
        if self._keys and since < REFETCH_MIN_S:
            return
        if not self._keys and since < RETRY_MIN_S:
            raise IdentityUnavailable("the identity provider did not answer just now")
        self._tried_at = time.monotonic()
        try:
            self._keys = await self._fetch()
            self._fetched_at = time.monotonic()
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("identity_keys_unavailable", error=str(exc))
            if not self._keys:
                raise IdentityUnavailable(str(exc)) from exc

    async def _fetch(self) -> dict[str, jwt.PyJWK]:
        discovery = await self._json(self.discovery_url)
        if discovery.get("issuer") != self.issuer:
            raise ValueError(
                f"the discovery document names the issuer {discovery.get('issuer')!r}"
                f", not OIDC_ISSUER {self.issuer!r}"
            )
        jwks_uri = discovery.get("jwks_uri")
        if not isinstance(jwks_uri, str):
            raise ValueError("the discovery document has no jwks_uri")
        keys = usable_keys(await self._json(jwks_uri))
        if not keys:
            raise ValueError("the issuer publishes no RS256 or ES256 signing key")
        self._document = discovery
        log.info("identity_keys_fetched", keys=sorted(keys))
        return keys

    async def _json(self, url: str) -> dict[str, Any]:
        if self._session is None:
            timeout = aiohttp.ClientTimeout(total=FETCH_TIMEOUT_S)
            self._session = aiohttp.ClientSession(timeout=timeout)
        async with self._session.get(url) as response:
            response.raise_for_status()
            body = await response.json(content_type=None)
        if not isinstance(body, dict):
            raise ValueError(f"{url} did not answer a JSON object")
        return body

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
