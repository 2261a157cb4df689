"""``python -m shared.devtools.issuer --port 8090 --home .kezek/dev-issuer``

Serves the development issuer (``app.py``) at ``OIDC_ISSUER``; refuses to
start unless ``KEZEK_ENV=development``."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

from aiohttp import web

from shared.devtools.issuer import DEV_ISSUER_PORT, ONLY_IN_DEVELOPMENT
from shared.devtools.issuer.app import make_app
from shared.devtools.issuer.issuing import TOKEN_LIFETIME, DevelopmentIssuer
from shared.devtools.issuer.keys import DevelopmentKey
from shared.reference.registry import registry_for
from shared.settings import DEVELOPMENT, ServiceSettings


def development_issuer(settings: ServiceSettings, home: Path) -> DevelopmentIssuer:
    longest = timedelta(hours=settings.jwt_max_lifetime_hours)
    return DevelopmentIssuer(
        key=DevelopmentKey.load_or_create(home),
        url=settings.oidc_issuer,
        audience=settings.oidc_audience,
        lifetime=min(TOKEN_LIFETIME, longest),
        registry=registry_for(settings.registry_file),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEV_ISSUER_PORT)
    parser.add_argument("--home", type=Path, default=None, help="DEV_ISSUER_HOME")
    args = parser.parse_args(argv)
    if os.environ.get("KEZEK_ENV") != DEVELOPMENT:
        print(f"dev issuer: {ONLY_IN_DEVELOPMENT}.", file=sys.stderr)
        return 2
    settings = ServiceSettings.from_env(service_name="dev-issuer")
    home = args.home or Path(settings.dev_issuer_home)
    issuer = development_issuer(settings, home)
    web.run_app(make_app(issuer), host=args.host, port=args.port, print=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
