"""Starts the local sinks for ``kezek up`` (registered in its ``SIDECARS``)
and points the notification service at them, unless ``SMTP_HOST`` or
``SMS_GATEWAY_URL`` already name real providers. It also turns on
``WEBHOOK_ALLOW_LOCAL`` (unless set), so a facility's webhook can be the
sink's ``http://127.0.0.1:<port>/webhooks/NAME``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Protocol

from shared.embedded import free_port, port_is_open, wait_for_port

SMTP_SINK_PORT, HTTP_SINK_PORT = 8025, 8026


class StackLike(Protocol):
    home: Path
    env: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]]


def _port(stack: StackLike, name: str, default: int) -> int:
    """``MAIL_SINK_PORT`` / ``SMS_SINK_PORT`` if set, else the default if
    free, else any free port."""
    if stack.env.get(name, "").isdigit():
        return int(stack.env[name])
    return free_port() if port_is_open("127.0.0.1", default) else default


def _start(stack: StackLike, name: str, module: str, port: int) -> None:
    log = (stack.home / f"{name}.log").open("ab")
    stack.processes[name] = subprocess.Popen(
        [
            sys.executable,
            "-m",
            module,
            "--port",
            str(port),
            "--out",
            str(stack.home / "outbox"),
        ],
        env=stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for_port("127.0.0.1", port, timeout=30)


def start_sinks(stack: StackLike) -> None:
    stack.env.setdefault("WEBHOOK_ALLOW_LOCAL", "true")
    if "SMTP_HOST" not in stack.env:
        port = _port(stack, "MAIL_SINK_PORT", SMTP_SINK_PORT)
        _start(stack, "mail-sink", "shared.devtools.sinks.smtp", port)
        stack.env.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port))
        print(f"  mail sink     smtp://127.0.0.1:{port}  (kezek outbox)")
    if "SMS_GATEWAY_URL" not in stack.env:
        port = _port(stack, "SMS_SINK_PORT", HTTP_SINK_PORT)
        _start(stack, "sms-sink", "shared.devtools.sinks.gateway", port)
        stack.env["SMS_GATEWAY_URL"] = f"http://127.0.0.1:{port}/sms"
        print(
            f"  sms sink      http://127.0.0.1:{port}/sms  (webhooks: /webhooks/NAME)"
        )
