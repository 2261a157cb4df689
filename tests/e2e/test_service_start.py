"""``python -m services.referral`` as an operator starts it. Started while
MongoDB or RabbitMQ is down, it waits for it, saying so in a JSON line per
try, and starts once it answers. Whatever else stops it at start (a setting
that cannot be used, a registry whose rules admit nobody, a port in use) is
one JSON line on stdout and exit status 1, never a traceback on stderr."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest

from shared.embedded import SecantusServer, free_port
from shared.reference.registry import DATA_FILE
from tests.integration.helpers import crash
from tests.integration.platform.helpers import TcpProxy

ROOT = Path(__file__).resolve().parents[2]


class Service:
    """The referral service as a process; every line it writes to stdout
    must be JSON."""

    def __init__(self, **env: str):
        self.port = free_port()
        self.env = {
            **os.environ,
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(self.port),
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.lines: list[dict[str, Any]] = []
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "services.referral",
            cwd=ROOT,
            env=self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )

    async def line_with(self, event: str, timeout: float = 30) -> dict[str, Any]:
        """The next line logging ``event``."""
        async with asyncio.timeout(timeout):
            while True:
                line = await self._next_line()
                assert line is not None, f"exited before {event}: {self.lines}"
                if line.get("event") == event:
                    return line

    async def _next_line(self) -> dict[str, Any] | None:
        assert self.process is not None and self.process.stdout is not None
        raw = await self.process.stdout.readline()
        if not raw:
            return None
        line = json.loads(raw)  # not JSON: fails here
        self.lines.append(line)
        return dict(line)

    async def exit_status_and_stderr(self, timeout: float = 30) -> tuple[int, str]:
        """Read stdout to its end, then wait for the exit."""
        assert self.process is not None and self.process.stderr is not None
        async with asyncio.timeout(timeout):
            while await self._next_line() is not None:
                pass
            stderr = (await self.process.stderr.read()).decode()
            return await self.process.wait(), stderr

    async def stop(self) -> tuple[int, str]:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return await self.exit_status_and_stderr()

    def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()

    async def ready(self, timeout: float = 30) -> bool:
        """Whether ``/readyz`` answers 200 within ``timeout`` (the platform
        logs ``service_started`` just before the HTTP server listens)."""
        url = f"http://127.0.0.1:{self.port}/readyz"
        async with aiohttp.ClientSession() as session:
            deadline = asyncio.get_running_loop().time() + timeout
            while asyncio.get_running_loop().time() < deadline:
                try:
                    async with session.get(url) as answer:
                        if answer.status == 200:
                            return True
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.1)
        return False


@pytest.fixture
async def services() -> AsyncIterator[list[Service]]:
    started: list[Service] = []
    yield started
    for service in started:
        service.kill()
        if service.process is not None:
            await service.process.wait()


def referral_env(mongo_url: str, amqp_url: str, namespace: str) -> dict[str, str]:
    return {
        "MONGO_URL": mongo_url,
        "MONGO_DB": f"t_start_{uuid.uuid4().hex[:10]}",
        "AMQP_URL": amqp_url,
        "KEZEK_NAMESPACE": namespace,
    }


async def test_started_before_its_store_it_waits_and_starts_when_the_store_is_up(
    services, tmp_path, amqp_url, namespace
):
    store = SecantusServer(tmp_path / "store", free_port(), tmp_path / "store.log")
    service = Service(**referral_env(store.url, amqp_url, namespace))
    services.append(service)
    await service.start()
    try:
        waiting = await service.line_with("store_unavailable")
        assert waiting["level"] == "warning" and waiting["service"] == "referral"
        assert waiting["retry_in_s"] > 0
        assert "ServerSelectionTimeoutError" in waiting["error"]
        store.start()
        await service.line_with("service_started")
        assert await service.ready()
        assert await service.stop() == (0, "")
    finally:
        if store.process is not None:
            crash(store)


async def test_started_before_its_broker_it_waits_and_starts_when_the_broker_is_up(
    services, mongo_url, amqp_url, namespace
):
    broker = urlsplit(amqp_url)
    proxy = TcpProxy(broker.hostname or "127.0.0.1", broker.port or 5672)
    proxy.port = free_port()  # nothing listens there until the proxy starts
    service = Service(**referral_env(mongo_url, proxy.url_for(amqp_url), namespace))
    services.append(service)
    await service.start()
    try:
        waiting = await service.line_with("broker_unavailable")
        assert waiting["retry_in_s"] > 0 and "Connect call failed" in waiting["error"]
        await proxy.start()
        await service.line_with("service_started")
        assert await service.ready()
        assert await service.stop() == (0, "")
    finally:
        await proxy.close()


async def test_a_bad_setting_is_one_json_line_naming_it_and_exit_status_1(services):
    service = Service(HTTP_PORT="870512300123x")  # an IIN-like value: redacted
    services.append(service)
    await service.start()
    status, stderr = await service.exit_status_and_stderr()
    assert (status, stderr) == (1, "")
    (line,) = service.lines
    assert line["event"] == "service_crashed" and line["level"] == "error"
    assert (
        line["error"]
        == "SettingsError: HTTP_PORT must be a whole number, got '[redacted]x'"
    )


async def test_a_registry_rule_admitting_nobody_is_one_json_line_naming_it(
    services, tmp_path
):
    registry = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    registry["bed_profiles"]["pediatrics"] = {"min_age": 18, "max_age": 18}
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(registry), encoding="utf-8")
    service = Service(REGISTRY_FILE=str(path))
    services.append(service)
    await service.start()
    status, stderr = await service.exit_status_and_stderr()
    assert (status, stderr) == (1, "")
    line = service.lines[-1]
    assert [n for n in service.lines if n["event"] == "service_crashed"] == [line]
    assert "exception" not in line
    assert line["error"].startswith(f"RegistryError: The facility registry {path}: ")
    assert "bed_profiles.pediatrics admits nobody" in line["error"]


async def test_a_port_in_use_is_one_json_line_and_exit_status_1(
    services, mongo_url, amqp_url, namespace
):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        in_use = str(taken.getsockname()[1])
        service = Service(
            **referral_env(mongo_url, amqp_url, namespace), HTTP_PORT=in_use
        )
        services.append(service)
        await service.start()
        status, stderr = await service.exit_status_and_stderr()
    assert (status, stderr) == (1, "")
    crashed = [line for line in service.lines if line["event"] == "service_crashed"]
    assert len(crashed) == 1 and crashed == service.lines[-1:]
    assert "address already in use" in crashed[0]["error"]
    assert "Traceback" in crashed[0]["exception"]
