"""What checking a bearer token costs now that it is signed by the identity
provider's key pair (ES256, RS256) rather than a shared secret (HS256, the
old check, measured beside it as the baseline): checks per second on one
core, keys already fetched, as every request after the first finds them."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import jwt

from shared.identity import IssuerKeys, verify_token
from tests.bench.report import Report
from tests.identity import TestIssuer

CHECKS = 3000
SECRET = "a-shared-secret-of-the-old-check-" + "k" * 32


def claims(issuer: str) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    return {
        "sub": "dr-aliya",
        "role": "doctor",
        "facility": "KZ-75-P01",
        "iss": issuer,
        "aud": "kezek",
        "iat": now,
        "exp": now + 3600,
    }


async def per_second(check: Callable[[], Awaitable[Any]]) -> float:
    await check()  # the keys fetched, as for every request but the first
    started = time.perf_counter()
    for _ in range(CHECKS):
        await check()
    return CHECKS / (time.perf_counter() - started)


async def signed_by(algorithm: str) -> float:
    issuer = TestIssuer(algorithm)
    token = issuer.mint(claims(issuer.url))
    keys = IssuerKeys(f"{issuer.url}/.well-known/openid-configuration", issuer.url)
    try:
        return await per_second(
            lambda: verify_token(token, keys, issuer=issuer.url, audience="kezek")
        )
    finally:
        await keys.close()


async def measure_token_checks(report: Report) -> None:
    token = jwt.encode(claims("kezek-dev"), SECRET, algorithm="HS256")

    async def shared_secret() -> Any:
        return jwt.decode(
            token, SECRET, algorithms=["HS256"], audience="kezek", issuer="kezek-dev"
        )

    baseline = await per_second(shared_secret)
    report.say(f"token checks, HS256 shared secret (the old check): {baseline:.0f}/s")
    for algorithm in ("ES256", "RS256"):
        rate = await signed_by(algorithm)
        report.say(
            f"token checks, {algorithm} by the issuer's JWKS: {rate:.0f}/s, "
            f"{rate / baseline:.2f} of HS256 ({1e6 / rate:.0f} µs each)"
        )
