"""Local stand-ins started as processes: SecantusDB (a Mongo-wire server) and
helpers to find free ports and wait for them. Used by ``kezek up`` and the
tests; production points ``MONGO_URL`` at a real MongoDB instead."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_open(host: str, port: int, timeout: float = 0.5) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout):
        return True
    return False


def wait_for_port(host: str, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_is_open(host, port):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing answered on {host}:{port} within {timeout:.0f} s")


def _secantus_command() -> str:
    beside_python = Path(sys.executable).parent / "secantusd-py"
    found = (
        str(beside_python) if beside_python.exists() else shutil.which("secantusd-py")
    )
    if not found:
        raise FileNotFoundError(
            "secantusd-py not found: install the project (make run)"
        )
    return found


class SecantusServer:
    """A SecantusDB process on ``port`` with its data under ``data_dir``.

    Always with ``--sync-on-commit``: without it SecantusDB acknowledges a
    commit before it is on disk, and a SIGKILL loses the newest acknowledged
    transactions (``tests/integration/platform/test_store_crash.py``)."""

    def __init__(self, data_dir: Path, port: int = 0, log_file: Path | None = None):
        self.data_dir = data_dir
        self.port = port or free_port()
        self.log_file = log_file or data_dir.parent / "secantus.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    def start(self, timeout: float = 60.0) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_file.open("ab")
        self.process = subprocess.Popen(
            [
                _secantus_command(),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--storage-path",
                str(self.data_dir),
                "--log-level",
                "WARNING",
                "--sync-on-commit",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for_port("127.0.0.1", self.port, timeout)
        except TimeoutError:
            self.stop()
            raise
        return self.url

    def stop(self, timeout: float = 15.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
