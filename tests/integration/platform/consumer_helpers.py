"""What the consumer tests share: a platform whose retries are quick, the
depth of a broker queue, the ``kezek`` command line, and effect probes."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aio_pika

from shared.runtime import close_platform, open_platform
from tests.integration.platform.helpers import EffectRecorder

ROOT = Path(__file__).resolve().parents[3]


@asynccontextmanager
async def retrying_platform(make_settings: Callable[..., Any]) -> AsyncIterator[Any]:
    """The queue service's platform retrying after 100, 400 and 1200 ms."""
    settings = make_settings(service_name="queue", retry_delays_ms=(100, 400, 1200))
    platform = await open_platform(settings, {})
    try:
        yield platform
    finally:
        await close_platform(platform)


async def queue_depth(platform, name: str) -> int:
    connection = await aio_pika.connect(platform.settings.amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(name, passive=True)
        return int(queue.declaration_result.message_count or 0)


async def kezek(platform, *args: str) -> str:
    """Run the ``kezek`` command line as a user would."""
    env = {
        **os.environ,
        "AMQP_URL": platform.settings.amqp_url,
        "KEZEK_NAMESPACE": platform.settings.kezek_namespace,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "shared.cli.main",
        *args,
        "--service",
        "queue",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    stdout, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0
    return stdout.decode()


async def calls_at_least(recorder: EffectRecorder, n: int) -> bool:
    return len(recorder.calls) >= n


async def has_effect(recorder: EffectRecorder, referral_id: str) -> bool:
    return referral_id in await recorder.counts()
