"""``kezek up | token | dlq ...`` — see ``kezek --help``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from shared.cli import dlq, outbox, token, up

COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "up": (
        "start the whole system in the foreground (what `make run` calls)",
        up.add_arguments,
    ),
    "token": ("print a bearer token signed with the dev key", token.add_arguments),
    "dlq": ("inspect or replay a service's dead-letter queue", dlq.add_arguments),
    "outbox": (
        "show the SMS, e-mail and webhooks the local sinks got",
        outbox.add_arguments,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kezek", description="Kezek command line")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, add_arguments) in COMMANDS.items():
        add_arguments(commands.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
