"""``kezek token --role doctor --facility ID [--sub NAME]``"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from shared.auth import ROLES, issue_token
from shared.settings import ServiceSettings, command_line_env


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--facility", required=True, help="the caller's facility id")
    parser.add_argument("--sub", default=None, help="who the token is for")
    parser.add_argument("--hours", type=float, default=12.0, help="lifetime in hours")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """A token signed with ``JWT_SECRET`` (the services refuse the
    development key unless they run with ``KEZEK_ENV=development``)."""
    settings = ServiceSettings.from_env(command_line_env())
    if args.hours > settings.jwt_max_lifetime_hours:
        print(
            f"kezek token: --hours is at most {settings.jwt_max_lifetime_hours:g} "
            "(JWT_MAX_LIFETIME_HOURS)",
            file=sys.stderr,
        )
        return 2
    if settings.published_keys_in_use():
        print(
            "kezek token: signed with the development key; only services with "
            "KEZEK_ENV=development accept it",
            file=sys.stderr,
        )
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
