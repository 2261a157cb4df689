"""Local stand-ins for the providers, for ``make run``: an SMTP catcher and an
HTTP SMS gateway (which also takes webhooks). Each stores what it receives as
JSON lines under ``<home>/outbox/`` (``mail.jsonl``, ``sms.jsonl``,
``webhooks.jsonl``); ``kezek outbox`` prints them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shared.clock import utc_now

MAIL_FILE, SMS_FILE, WEBHOOK_FILE = "mail.jsonl", "sms.jsonl", "webhooks.jsonl"


def append_record(path: Path, record: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"received_at": utc_now().isoformat(), **record}, ensure_ascii=False
    )
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def read_records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as source:
        return [json.loads(line) for line in source if line.strip()]
