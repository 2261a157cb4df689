"""``kezek token --role doctor --facility ID [--sub NAME] [--hours H]``"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from shared.clock import utc_now
from shared.devtools.issuer import ONLY_IN_DEVELOPMENT
from shared.devtools.issuer.keys import DevelopmentKey
from shared.identity import ROLES
from shared.settings import ServiceSettings, command_line_env


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--facility", required=True, help="the caller's facility id")
    parser.add_argument("--sub", default=None, help="who the token is for")
    parser.add_argument("--hours", type=float, default=12.0, help="lifetime in hours")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """A token signed with the development issuer's key (``DEV_ISSUER_HOME``,
    made there if missing), for ``OIDC_ISSUER`` and ``OIDC_AUDIENCE``: the
    services verify it by the JWKS the development issuer serves."""
    settings = ServiceSettings.from_env(command_line_env())
    if not settings.in_development:
        print(f"kezek token: {ONLY_IN_DEVELOPMENT}", file=sys.stderr)
        return 2
    if not 0 < args.hours <= settings.jwt_max_lifetime_hours:
        print(
            "kezek token: --hours is above 0 and at most "
            f"{settings.jwt_max_lifetime_hours:g} (JWT_MAX_LIFETIME_HOURS)",
            file=sys.stderr,
        )
        return 2
    key = DevelopmentKey.load_or_create(Path(settings.dev_issuer_home))
    print(key.mint(token_claims(args, settings)))
    return 0


def token_claims(args: argparse.Namespace, settings: ServiceSettings) -> dict:
    now = utc_now()
    return {
        "iss": settings.oidc_issuer,
        "aud": settings.oidc_audience,
        "sub": args.sub or f"{args.role}@{args.facility}",
        "role": args.role,
        "facility": args.facility,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=args.hours)).timestamp()),
    }
