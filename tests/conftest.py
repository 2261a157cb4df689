"""Fixtures: a real Mongo-wire server and the real broker for the whole run.

MongoDB: ``MONGO_URL`` if set, otherwise SecantusDB on a free port with a
throw-away data directory. RabbitMQ: ``AMQP_URL`` (default the local broker).
Each test gets its own namespace (exchange and queue names) and database, and
everything the run declared on the broker is deleted at the end.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import aio_pika
import pytest
from hypothesis import settings as hypothesis_settings

from shared.embedded import SecantusServer, port_is_open
from shared.messaging.topology import SUBSCRIPTIONS, Topology
from shared.settings import DEVELOPMENT, ServiceSettings
from tests.identity import TEST_ISSUER
from tests.integration.helpers import crash

S = TypeVar("S", bound=ServiceSettings)
os.environ.setdefault("KEZEK_ENV", DEVELOPMENT)  # for the services tests start
# Property tests check what holds, never how fast: with Hypothesis's default
# 200 ms deadline a slow example on a loaded machine failed a correct test.
hypothesis_settings.register_profile("kezek", deadline=None)
hypothesis_settings.load_profile("kezek")
RUN_PREFIX = f"kezek-test-{uuid.uuid4().hex[:8]}"
_namespaces = itertools.count(1)
USED: set[tuple[str, str]] = set()
EVERY_NAMESPACE: set[str] = set()  # of this run, for the last sweep of exchanges
TESTS_DIR = Path(__file__).resolve().parent
OUTPUT_DIR = TESTS_DIR.parent / "test-output"
E2E_FOLDERS = frozenset({"e2e"})
INTEGRATION_FOLDERS = frozenset({"integration", "bench"})
REAL_PARTS = frozenset({"mongo_url", "own_store", "amqp_url"})
"""The fixtures of the real store and broker (``namespace``, ``make_settings``
and every fixture built on them depend on one: pytest counts those too)."""
UNIT_RUN = os.environ.get("KEZEK_UNIT_RUN") == "1"  # set by ``make unit``


def layer_of(item: pytest.Item) -> str | None:
    """``e2e`` for a test under tests/e2e; ``integration`` for one under
    tests/integration or tests/bench, or using the real store or broker
    wherever it is (a contract's Mongo variant under tests/contracts); else
    None: a unit test (a contract's memory variant)."""
    path = item.path.resolve()
    folder = (
        path.relative_to(TESTS_DIR).parts[0] if path.is_relative_to(TESTS_DIR) else ""
    )
    if folder in E2E_FOLDERS:
        return "e2e"
    if folder in INTEGRATION_FOLDERS or REAL_PARTS & set(item.fixturenames):
        return "integration"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with its layer, so ``-m "not integration and not e2e"``
    (``make unit``) runs the unit tests only, wherever they are."""
    for item in items:
        layer = layer_of(item)
        if layer is not None:
            item.add_marker(layer)


def refuse_in_unit_run(part: str) -> None:
    """``make unit`` starts no store and touches no broker: a test that gets
    there anyway (asking for a fixture by ``request.getfixturevalue``, which
    the markers cannot see) fails saying so."""
    if UNIT_RUN:
        pytest.fail(f"a unit run asked for {part}: use the fixture as an argument")


@pytest.fixture(scope="session")
def mongo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    refuse_in_unit_run("the real store")
    if os.environ.get("MONGO_URL"):
        yield os.environ["MONGO_URL"]
        return
    home = tmp_path_factory.mktemp("secantus")
    server = SecantusServer(home / "data", log_file=home / "secantus.log")
    url = server.start()
    try:
        yield url
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def own_store(tmp_path: Path) -> Iterator[SecantusServer]:
    """A SecantusDB of this test's own, on its own port and data directory,
    started the way ``kezek up`` and the session's server are. A test may
    crash it (``tests.integration.helpers.crash``) and start it again on the
    same port and data; the session's server, which other tests use, is
    never touched. Killed at the end (its data is thrown away: a clean
    shutdown would only cost two seconds)."""
    refuse_in_unit_run("a store of its own")
    server = SecantusServer(tmp_path / "store", log_file=tmp_path / "store.log")
    server.start()
    try:
        yield server
    finally:
        if server.process is not None and server.process.poll() is None:
            crash(server)


@pytest.fixture(scope="session")
def amqp_url() -> Iterator[str]:
    refuse_in_unit_run("the broker")
    url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    parts = urlsplit(url)
    if not port_is_open(parts.hostname or "127.0.0.1", parts.port or 5672):
        pytest.exit(f"RabbitMQ does not answer at {parts.hostname}:{parts.port}", 2)
    yield url
    asyncio.run(delete_broker_objects(url, set(USED)))
    # An exchange can come back after its test's clean-up (a publisher that
    # was still reconnecting re-declares it): sweep them all once more.
    asyncio.run(delete_exchanges(url, EVERY_NAMESPACE))


async def delete_exchanges(url: str, namespaces: set[str]) -> None:
    connection = await aio_pika.connect(url, timeout=30)
    async with connection:
        channel = await connection.channel()
        for namespace in sorted(namespaces):
            channel = await _quietly(
                connection, channel, channel.exchange_delete(f"{namespace}.events")
            )


async def delete_broker_objects(url: str, used: set[tuple[str, str]]) -> None:
    """Delete the queues and exchanges of these (namespace, service) pairs:
    their names follow from the topology (listing the broker's queues with
    rabbitmqctl is far too slow on a busy broker)."""
    USED.difference_update(used)
    connection = await aio_pika.connect(url, timeout=30)
    async with connection:
        channel = await connection.channel()
        for namespace, service in sorted(used):
            topology = Topology(namespace, service, retry_delays_ms=(1,) * 6)
            for name in topology.all_queue_names():
                channel = await _quietly(
                    connection, channel, channel.queue_delete(name)
                )
        for namespace in sorted({ns for ns, _ in used}):
            channel = await _quietly(
                connection, channel, channel.exchange_delete(f"{namespace}.events")
            )


async def _quietly(connection: Any, channel: Any, operation: Any) -> Any:
    """Run a delete; a broker error closes the channel, so open a new one."""
    try:
        await operation
        return channel
    except aio_pika.exceptions.AMQPError:
        return await connection.channel()


def remember_namespace(namespace: str, services: Iterable[str] = SUBSCRIPTIONS) -> str:
    """Record what a test declares on the broker, for the clean-up at the end."""
    USED.update((namespace, service) for service in services)
    EVERY_NAMESPACE.add(namespace)
    return namespace


@pytest.fixture
def namespace(amqp_url: str) -> Iterator[str]:
    """A namespace of this test's own; what it declared is deleted after it,
    so a long run never piles up queues on the shared broker."""
    name = remember_namespace(f"{RUN_PREFIX}-{next(_namespaces)}")
    yield name
    asyncio.run(delete_broker_objects(amqp_url, {u for u in USED if u[0] == name}))


@pytest.fixture
def make_settings(mongo_url: str, amqp_url: str, namespace: str) -> Callable[..., Any]:
    """Settings for a service under test: its own namespace and database,
    short retry delays."""

    def make(cls: type[S] = ServiceSettings, **overrides: Any) -> S:  # type: ignore[assignment]
        base = cls(
            kezek_env=DEVELOPMENT,
            mongo_url=mongo_url,
            amqp_url=amqp_url,
            kezek_namespace=namespace,
            retry_delays_ms=(100, 200, 400),
            max_attempts=4,
            outbox_sweep_s=0.3,
            publish_timeout_s=5.0,
            oidc_issuer=TEST_ISSUER.url,
        )
        remember_namespace(namespace, [base.service_name])
        db = f"t_{base.service_name}_{uuid.uuid4().hex[:10]}"
        return replace(base, mongo_db=db, **overrides)

    return make


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT_DIR.mkdir(exist_ok=True)
    return OUTPUT_DIR
