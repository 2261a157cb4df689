"""``kezek token --role doctor --facility ID [--sub NAME]``"""

from __future__ import annotations

import argparse
from datetime import timedelta

from shared.auth import ROLES, issue_token
from shared.settings import ServiceSettings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--facility", required=True, help="the caller's facility id")
    parser.add_argument("--sub", default=None, help="who the token is for")
    parser.add_argument("--hours", type=float, default=12.0, help="lifetime in hours")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = ServiceSettings.from_env()
    print(
        issue_token(
            settings.jwt_secret,
            role=args.role,
            facility=args.facility,
            subject=args.sub or f"{args.role}@{args.facility}",
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            ttl=timedelta(hours=args.hours),
        )
    )
    return 0
