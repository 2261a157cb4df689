"""What a sidecar of ``kezek up`` (a process started before the services,
registered in its ``SIDECARS``) needs: the stack's home, environment and
processes, a port, and a way to start itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Protocol

from shared.embedded import free_port, port_is_open, wait_for_port


class StackLike(Protocol):
    home: Path
    env: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]]


def sidecar_port(stack: StackLike, name: str, default: int) -> int:
    """The port setting ``name`` (``MAIL_SINK_PORT``, ``SMS_SINK_PORT``,
    ...) if set, else the default if free, else any free port."""
    if stack.env.get(name, "").isdigit():
        return int(stack.env[name])
    return free_port() if port_is_open("127.0.0.1", default) else default


def start_sidecar(
    stack: StackLike, name: str, module: str, port: int, *arguments: str
) -> None:
    """``python -m module --port PORT *arguments``, logging to
    ``<home>/<name>.log``; returns once the port answers."""
    log = (stack.home / f"{name}.log").open("ab")
    stack.processes[name] = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(port), *arguments],
        env=stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for_port("127.0.0.1", port, timeout=30)
