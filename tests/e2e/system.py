"""The whole system as processes, started the way ``kezek up`` starts it,
for the journeys: its own SecantusDB and broker namespace, free ports, and an
SMTP server and SMS gateway that the test runs and reads."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.embedded import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("referral", "queue", "notification", "console")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class System:
    home: Path
    env: dict[str, str]
    ports: dict[str, int]
    sink_port: int
    issuer_port: int
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def url(self, service: str, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.ports[service]}{path}"

    def kezek(self, *args: str, **env: str) -> str:
        """Run the ``kezek`` command as a user types it (``env`` exported)."""
        return subprocess.run(
            [str(Path(sys.executable).parent / "kezek"), *args],
            env={**self.env, **env},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    @property
    def issuer(self) -> str:
        """The development issuer ``kezek up`` started."""
        return f"http://127.0.0.1:{self.issuer_port}"

    def token(self, role: str, facility: str, sub: str | None = None) -> str:
        """``kezek token``, run where ``kezek up`` keeps the issuer's key."""
        extra = ["--sub", sub] if sub else []
        command = ("token", "--role", role, "--facility", facility, *extra)
        return self.kezek(*command, OIDC_ISSUER=self.issuer)

    def call(
        self,
        method: str,
        service: str,
        path: str,
        body: Any = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        request = urllib.request.Request(
            self.url(service, path),
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={
                **({"Content-Type": "application/json"} if body is not None else {}),
                **({"Authorization": f"Bearer {token}"} if token else {}),
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def received(self, channel: str) -> list[dict[str, Any]]:
        """What the test's SMS gateway (``sms``) or SMTP server (``mail``) got."""
        url = f"http://127.0.0.1:{self.sink_port}/{channel}"
        with urllib.request.urlopen(url, timeout=5) as response:
            return list(json.loads(response.read()))

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
        for process in reversed(self.processes):
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def start_system(home: Path, namespace: str, amqp_url: str) -> System:
    home.mkdir(parents=True, exist_ok=True)
    ports = {name: free_port() for name in SERVICES}
    smtp_port, sink_port, issuer_port = free_port(), free_port(), free_port()
    env = _system_env(ports, smtp_port, sink_port, namespace, amqp_url)
    env.update(
        DEV_ISSUER_PORT=str(issuer_port),
        DEV_ISSUER_HOME=str(home / "kezek" / "dev-issuer"),
    )
    system = System(
        home=home, env=env, ports=ports, sink_port=sink_port, issuer_port=issuer_port
    )
    for module, port in (("smtp", smtp_port), ("gateway", sink_port)):
        system.processes.append(_start_sink(module, port, env, home))
    system.processes.append(_start_kezek_up(env, home))
    try:
        _wait_ready(system, timeout=90)
    except Exception:
        system.stop()
        raise
    return system


def _system_env(
    ports: dict[str, int], smtp_port: int, sink_port: int, namespace: str, amqp_url: str
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MONGO_URL"}
    env.update(
        {f"{name.upper()}_PORT": str(port) for name, port in ports.items()},
        AMQP_URL=amqp_url,
        KEZEK_NAMESPACE=namespace,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp_port),
        SMS_GATEWAY_URL=f"http://127.0.0.1:{sink_port}/sms",
        STATUS_PAGE_URL=f"http://127.0.0.1:{ports['queue']}/",
        QUIET_HOURS="",  # quiet hours have their own tests; journeys run any time
        DISPATCH_INTERVAL_S="0.2",
        LOOKUP_IP_BURST="500",  # every test request comes from 127.0.0.1
        OUTBOX_SWEEP_S="0.5",
        MAX_WAIT_DAYS="psychiatry=90",  # journey 5: the waiting-time guarantee
        PYTHONUNBUFFERED="1",
    )
    return env


def _start_sink(
    module: str, port: int, env: dict[str, str], home: Path
) -> subprocess.Popen[bytes]:
    """The test's SMTP server or SMS gateway, once it listens."""
    process = _spawn(
        [
            sys.executable,
            "-m",
            f"shared.devtools.sinks.{module}",
            "--port",
            str(port),
            "--out",
            str(home / "received"),
        ],
        env,
        home / f"test-{module}.log",
    )
    wait_for_port("127.0.0.1", port, timeout=30)
    return process


def _start_kezek_up(env: dict[str, str], home: Path) -> subprocess.Popen[bytes]:
    return _spawn(
        [
            str(Path(sys.executable).parent / "kezek"),
            "up",
            "--home",
            str(home / "kezek"),
            "--mongo-port",
            str(free_port()),
        ],
        env,
        home / "kezek-up.log",
    )


def _spawn(
    command: list[str], env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_ready(system: System, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = set(SERVICES)
    while waiting:
        if time.monotonic() > deadline:
            log = (system.home / "kezek-up.log").read_text(errors="replace")
            raise TimeoutError(f"not ready: {waiting}\n{log[-3000:]}")
        for name in list(waiting):
            try:
                if system.call("GET", name, "/readyz").status == 200:
                    waiting.discard(name)
            except OSError:
                pass
        time.sleep(0.3)


def eventually(check: Any, timeout: float = 30.0, interval: float = 0.25) -> Any:
    """Poll ``check()`` until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout:.0f} s (last: {last!r})")
