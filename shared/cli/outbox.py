"""``kezek outbox [--channel sms|email|webhook] [--limit N] [--json]``

What the local sinks that ``kezek up`` starts have received: SMS, e-mail and
webhooks, newest last (files under ``<home>/outbox/``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from shared.devtools.sinks import (
    MAIL_FILE,
    SMS_FILE,
    WEBHOOK_FILE,
    read_records,
)

FILES = {"sms": SMS_FILE, "email": MAIL_FILE, "webhook": WEBHOOK_FILE}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", default=".kezek", help="where kezek up keeps data")
    parser.add_argument("--channel", choices=sorted(FILES), default=None)
    parser.add_argument("--limit", type=int, default=20, help="the last N messages")
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    parser.set_defaults(run=run)


def collect(home: Path, channel: str | None = None) -> list[dict[str, Any]]:
    names = [channel] if channel else list(FILES)
    records = [r for n in names for r in read_records(home / "outbox" / FILES[n])]
    return sorted(records, key=lambda r: str(r.get("received_at", "")))


def describe(record: dict[str, Any]) -> str:
    when = str(record.get("received_at", ""))[:19].replace("T", " ")
    channel = record.get("channel", "?")
    if channel == "sms":
        payload = record.get("payload", {})
        to, text = payload.get("to", "?"), payload.get("text", json.dumps(payload))
        return f"{when}  sms      {to:<16} {text}"
    if channel == "email":
        to = ", ".join(record.get("to", []))
        body = " ".join(str(record.get("text", "")).split())
        return f"{when}  email    {to:<16} {record.get('subject', '')} | {body}"
    payload = record.get("payload", {})
    summary = json.dumps(payload, ensure_ascii=False)
    return f"{when}  webhook  {record.get('name', '?'):<16} {summary}"


def run(args: argparse.Namespace) -> int:
    home = Path(args.home)
    records = collect(home, args.channel)[-args.limit :] if args.limit > 0 else []
    for record in records:
        print(json.dumps(record, ensure_ascii=False) if args.json else describe(record))
    if not args.json:
        print(f"{len(records)} message(s) shown from {home / 'outbox'}")
    return 0
