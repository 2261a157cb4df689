"""Starts the development issuer for ``kezek up`` (registered in its
``SIDECARS``) on ``DEV_ISSUER_PORT`` (8090, else a free port), its key in
``<home>/dev-issuer``, and points every service at it with ``OIDC_ISSUER``.
An ``OIDC_ISSUER`` already set names a real provider: then none starts."""

from __future__ import annotations

from shared.devtools.issuer import DEV_ISSUER_PORT, ONLY_IN_DEVELOPMENT
from shared.devtools.sidecars import StackLike, sidecar_port, start_sidecar
from shared.settings import DEVELOPMENT


def start_issuer(stack: StackLike) -> None:
    if "OIDC_ISSUER" in stack.env:
        print(f"  sign-in       {stack.env['OIDC_ISSUER']} (OIDC_ISSUER)")
        return
    if stack.env.get("KEZEK_ENV") != DEVELOPMENT:
        print(f"  sign-in       none: {ONLY_IN_DEVELOPMENT}")
        return
    port = sidecar_port(stack, "DEV_ISSUER_PORT", DEV_ISSUER_PORT)
    url = f"http://127.0.0.1:{port}"
    stack.env.setdefault("DEV_ISSUER_HOME", str(stack.home / "dev-issuer"))
    stack.env["OIDC_ISSUER"] = url
    start_sidecar(
        stack,
        "dev-issuer",
        "shared.devtools.issuer",
        port,
        "--home",
        stack.env["DEV_ISSUER_HOME"],
    )
    print(f"  sign-in       {url}/ (development issuer)")
