"""``kezek up``: the whole system in the foreground on the embedded default.

MongoDB: ``MONGO_URL`` if set, else SecantusDB with its data under
``.kezek/mongo-data`` (kept across restarts). RabbitMQ: ``AMQP_URL``; if
nothing answers, a local ``rabbitmq-server`` is started (installed from
Debian's packages first when run as root with apt). Sign-in: ``OIDC_ISSUER``
if set, else the development issuer on ``DEV_ISSUER_PORT`` (default 8090).
Then the three services and the console, on ``REFERRAL_PORT``, ``QUEUE_PORT``,
``NOTIFICATION_PORT`` and ``CONSOLE_PORT`` (default 8081, 8082, 8083, 8084);
the console is told where the others are and, on plain HTTP at 127.0.0.1, to
set its cookies without ``Secure``. ``KEZEK_NAMESPACE`` isolates the exchange
and queue names;
``KEZEK_ENV`` is ``development`` unless set (the services then accept the
development keys, and say so in their logs). Ctrl-C stops every process this
command started.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from shared.devtools.issuer.launch import start_issuer
from shared.devtools.sinks.launch import start_sinks
from shared.embedded import SecantusServer, port_is_open, wait_for_port
from shared.settings import DEVELOPMENT

SERVICES = {"referral": 8081, "queue": 8082, "notification": 8083, "console": 8084}
"""Each service's default port; ``<NAME>_PORT`` in the environment overrides it."""
DEFAULT_AMQP = "amqp://guest:guest@127.0.0.1:5672/"
PR_SET_PDEATHSIG = 1


class StartupError(RuntimeError):
    pass


@dataclass
class Stack:
    home: Path
    env: dict[str, str]
    ports: dict[str, int] = field(default_factory=lambda: dict(SERVICES))
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    mongo: SecantusServer | None = None
    started_rabbitmq: bool = False

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                print(f"  {name} did not stop in time; killing it")
                process.kill()
        if self.mongo is not None:
            self.mongo.stop()
        if self.started_rabbitmq:
            subprocess.run(["rabbitmqctl", "stop"], capture_output=True, check=False)


SIDECARS: list[Callable[[Stack], None]] = [start_issuer, start_sinks]
"""Extra local processes started before the services (the development issuer,
the mail and SMS sinks);
each may add settings to ``stack.env`` and processes to ``stack.processes``."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", default=".kezek", help="where data and logs go")
    parser.add_argument("--mongo-port", type=int, default=27117)
    parser.set_defaults(run=run)


def service_ports(env: dict[str, str]) -> dict[str, int]:
    """The port of each service: ``REFERRAL_PORT`` etc., else the default."""
    ports = {}
    for name, default in SERVICES.items():
        raw = env.get(f"{name.upper()}_PORT", "")
        if raw and not raw.isdigit():
            raise StartupError(
                f"{name.upper()}_PORT must be a port number, not {raw!r}"
            )
        ports[name] = int(raw) if raw else default
    return ports


def console_env(env: dict[str, str], ports: dict[str, int]) -> None:
    """Where the console finds the other services and is found itself; its
    cookie without ``Secure`` (a browser drops a secure cookie over plain
    HTTP), unless the environment says otherwise."""
    for name in ("referral", "queue", "notification", "console"):
        variable = "CONSOLE_PUBLIC_URL" if name == "console" else f"{name.upper()}_URL"
        env.setdefault(variable, f"http://127.0.0.1:{ports[name]}")
    env.setdefault("COOKIE_SECURE", "false")


def ensure_rabbitmq(amqp_url: str) -> bool:
    """Make sure a broker answers at ``amqp_url``; True if we started one."""
    parts = urlsplit(amqp_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5672
    if port_is_open(host, port):
        return False
    local = host in ("127.0.0.1", "localhost")
    if local and not shutil.which("rabbitmq-server") and _can_apt_install():
        print("RabbitMQ not found: installing Debian's rabbitmq-server ...")
        subprocess.run(["apt-get", "update", "-q"], check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "rabbitmq-server"], check=True
        )
    if local and shutil.which("rabbitmq-server"):
        print("RabbitMQ not answering: starting the local rabbitmq-server ...")
        subprocess.run(["rabbitmq-server", "-detached"], check=True)
        wait_for_port(host, port, timeout=90)
        return True
    raise StartupError(
        f"Nothing answers at {host}:{port} (AMQP_URL) and no rabbitmq-server can be "
        "started here. Install it (sudo apt-get install rabbitmq-server), point "
        "AMQP_URL at a running broker, or run the whole system with "
        "`docker compose up`."
    )


def _can_apt_install() -> bool:
    return (
        hasattr(os, "geteuid") and os.geteuid() == 0 and bool(shutil.which("apt-get"))
    )


def start_service(stack: Stack, name: str, port: int) -> None:
    """Each service runs in its own session: a terminal's Ctrl-C reaches only
    this command, which then stops each service with exactly one signal (a
    second signal during an aiohttp shutdown can abandon it half-way)."""
    env = {**stack.env, "HTTP_PORT": str(port), "HTTP_HOST": "127.0.0.1"}
    log = (stack.home / f"{name}.log").open("ab")
    stack.processes[name] = subprocess.Popen(
        [sys.executable, "-m", f"services.{name}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_stop_with_parent,
    )


def _stop_with_parent() -> None:
    """Linux: the service gets SIGTERM if this command dies without stopping it."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def wait_ready(stack: Stack, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    waiting = {name: stack.ports[name] for name in stack.processes if name in SERVICES}
    while waiting and time.monotonic() < deadline:
        for name, port in list(waiting.items()):
            if stack.processes[name].poll() is not None:
                raise StartupError(f"{name} exited; see {stack.home / (name + '.log')}")
            if _answers(f"http://127.0.0.1:{port}/readyz"):
                del waiting[name]
        time.sleep(0.3)
    if waiting:
        raise StartupError(f"not ready within {timeout:.0f} s: {', '.join(waiting)}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def print_where(stack: Stack) -> None:
    print("\nKezek is up:")
    apis = {name: port for name, port in stack.ports.items() if name != "console"}
    for name, port in apis.items():
        print(f"  {name:<13} http://127.0.0.1:{port}/   (docs: /docs, health: /readyz)")
    print(f"  patient page  http://127.0.0.1:{stack.ports['queue']}/")
    print(f"  console       http://127.0.0.1:{stack.ports['console']}/")
    print(f"  MongoDB       {stack.env['MONGO_URL']}")
    print(f"  RabbitMQ      {_without_password(stack.env['AMQP_URL'])}")
    print(f"  logs          {stack.home}/*.log")
    print("  a token       .venv/bin/kezek token --role doctor --facility <id>")
    print("Ctrl-C stops everything this command started.\n", flush=True)


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    return url.replace(f":{parts.password}@", ":***@") if parts.password else url


def run(args: argparse.Namespace) -> int:
    home = Path(args.home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("AMQP_URL", DEFAULT_AMQP)
    env.setdefault("KEZEK_ENV", DEVELOPMENT)
    stack = Stack(home=home, env=env)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        stack.ports = service_ports(env)
        env.setdefault("STATUS_PAGE_URL", f"http://127.0.0.1:{stack.ports['queue']}/")
        console_env(env, stack.ports)
        if "MONGO_URL" not in env:
            stack.mongo = SecantusServer(
                home / "mongo-data", args.mongo_port, home / "mongo.log"
            )
            env["MONGO_URL"] = stack.mongo.start()
        stack.started_rabbitmq = ensure_rabbitmq(env["AMQP_URL"])
        for extra in SIDECARS:
            extra(stack)
        for name, port in stack.ports.items():
            start_service(stack, name, port)
        wait_ready(stack)
        print_where(stack)
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(0.5)
        failed = [n for n, p in stack.processes.items() if p.poll() is not None]
        print(f"stopped unexpectedly: {', '.join(failed)}; see {home}/*.log")
        return 1
    except KeyboardInterrupt:
        print("\nstopping ...")
        return 0
    except StartupError as exc:
        print(f"kezek up: {exc}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits too
        stack.stop()
        print("stopped.")
