"""``kezek up`` (what ``make run`` calls) as a user runs it: the embedded
Mongo-wire server, the real broker, three services answering /healthz and
/readyz; Ctrl-C stops every process it started; data survives a restart."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pymongo import MongoClient

from shared.cli.up import SERVICES
from shared.embedded import free_port, port_is_open
from tests.integration.platform.helpers import delete_namespace

ROOT = Path(__file__).resolve().parents[2]
READY_WITHIN_S = 60.0


class KezekUp:
    def __init__(self, home: Path, env: dict[str, str], mongo_port: int):
        self.home, self.env, self.mongo_port = home, env, mongo_port
        self.process: subprocess.Popen[bytes] | None = None
        self.output = home.parent / "kezek-up.out"

    def start(self) -> None:
        script = Path(sys.executable).parent / "kezek"
        command = (
            [str(script)]
            if script.exists()
            else [sys.executable, "-m", "shared.cli.main"]
        )
        with self.output.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    *command,
                    "up",
                    "--home",
                    str(self.home),
                    "--mongo-port",
                    str(self.mongo_port),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, like a terminal's
            )

    def ctrl_c(self) -> int:
        """What a terminal does on Ctrl-C: SIGINT to the foreground group."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(60)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            for pid in descendants(self.process.pid):
                _signal(pid, signal.SIGKILL)
            _signal(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def log(self) -> str:
        return self.output.read_text(errors="replace")[-4000:]


@pytest.fixture
def kezek_up(tmp_path: Path, namespace: str, amqp_url: str) -> Iterator[KezekUp]:
    env = {k: v for k, v in os.environ.items() if k != "MONGO_URL"}
    env.update(
        {f"{name.upper()}_PORT": str(free_port()) for name in SERVICES},
        AMQP_URL=amqp_url,
        KEZEK_NAMESPACE=namespace,
        PYTHONUNBUFFERED="1",
    )
    runner = KezekUp(tmp_path / "home", env, free_port())
    yield runner
    runner.kill()
    asyncio.run(delete_namespace(amqp_url, namespace))


def test_kezek_up_serves_stops_cleanly_and_keeps_data(kezek_up: KezekUp):
    ports = {name: int(kezek_up.env[f"{name.upper()}_PORT"]) for name in SERVICES}
    marker = uuid.uuid4().hex

    kezek_up.start()
    wait_all_ready(kezek_up, ports)
    started = descendants(kezek_up.process.pid)  # type: ignore[union-attr]
    commands = {pid: _cmdline(pid) for pid in started}
    for name in SERVICES:
        assert any(f"services.{name}" in c for c in commands.values()), commands
    store = [c for c in commands.values() if "secantusd" in c]
    assert store and all("--sync-on-commit" in c for c in store), commands
    with _mongo(kezek_up.mongo_port) as client:
        client.kezek_e2e.survivors.insert_one({"_id": marker})

    assert kezek_up.ctrl_c() == 0, kezek_up.log()
    still_running = [pid for pid in started if _alive(pid)]
    assert still_running == [], {pid: commands[pid] for pid in still_running}
    for port in [*ports.values(), kezek_up.mongo_port]:
        assert not port_is_open("127.0.0.1", port), f"port {port} still open"
    assert "stopped." in kezek_up.log()
    assert "did not stop in time" not in kezek_up.log(), kezek_up.log()

    kezek_up.start()
    wait_all_ready(kezek_up, ports)
    with _mongo(kezek_up.mongo_port) as client:
        assert client.kezek_e2e.survivors.find_one({"_id": marker}) is not None
    assert kezek_up.ctrl_c() == 0, kezek_up.log()


def wait_all_ready(runner: KezekUp, ports: dict[str, int]) -> None:
    deadline = time.monotonic() + READY_WITHIN_S
    waiting = {(name, path) for name in ports for path in ("/healthz", "/readyz")}
    while waiting:
        assert runner.process is not None
        if runner.process.poll() is not None:
            pytest.fail(f"kezek up exited {runner.process.returncode}:\n{runner.log()}")
        if time.monotonic() > deadline:
            pytest.fail(
                f"not ready in {READY_WITHIN_S:.0f} s: {waiting}\n{runner.log()}"
            )
        for name, path in list(waiting):
            body = _get_json(f"http://127.0.0.1:{ports[name]}{path}")
            if body is not None and body.get("status") in ("alive", "ready"):
                waiting.discard((name, path))
        time.sleep(0.3)


def _get_json(url: str) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return dict(json.loads(response.read()))
    except (OSError, ValueError):
        return None


def _mongo(port: int) -> MongoClient:  # type: ignore[type-arg]
    return MongoClient(
        f"mongodb://127.0.0.1:{port}/?directConnection=true",
        serverSelectionTimeoutMS=10000,
    )


def descendants(root: int) -> list[int]:
    """Every live process below ``root`` (children, grandchildren ...)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
