"""``kezek dlq list|replay --service NAME [--id MESSAGE_ID]``"""

from __future__ import annotations

import argparse
import asyncio

from shared.messaging.dead_letters import list_dead_letters, replay_dead_letters
from shared.messaging.topology import SUBSCRIPTIONS, Topology
from shared.settings import ServiceSettings, command_line_env


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("list", "replay"))
    parser.add_argument("--service", required=True, choices=sorted(SUBSCRIPTIONS))
    parser.add_argument("--id", default=None, help="replay only this message id")
    parser.add_argument("--limit", type=int, default=50)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = ServiceSettings.from_env(command_line_env(), service_name=args.service)
    topology = Topology(
        settings.kezek_namespace, args.service, settings.retry_delays_ms
    )
    if args.action == "list":
        letters = asyncio.run(
            list_dead_letters(settings.amqp_url, topology, args.limit)
        )
        for letter in letters:
            print(
                f"{letter.message_id}\t{letter.event_type}\t"
                f"attempts={letter.attempts}\t{letter.error}"
            )
        print(f"{len(letters)} dead letter(s) in {topology.dead_letter_queue}")
    else:
        moved = asyncio.run(replay_dead_letters(settings.amqp_url, topology, args.id))
        print(f"replayed {moved} message(s) to {topology.queue}")
    return 0
