from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import RUN_PREFIX, remember_namespace
from tests.e2e.system import System, start_system


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory, amqp_url: str) -> Iterator[System]:
    running = start_system(
        Path(tmp_path_factory.mktemp("system")),
        remember_namespace(f"{RUN_PREFIX}-e2e"),
        amqp_url,
    )
    try:
        yield running
    finally:
        running.stop()
