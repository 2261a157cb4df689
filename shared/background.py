"""Background tasks that always stop.

On Python 3.11 ``asyncio.wait_for`` can swallow a cancellation that lands
just as the awaited thing completes; a loop written around it then never
ends and whoever awaits it at shutdown hangs. Loops here wait with
``asyncio.timeout`` instead, and ``stop_task`` cancels until the task is
really done.
"""

from __future__ import annotations

import asyncio
import contextlib

from shared.logging import get_logger

log = get_logger(__name__)


async def wait_or_timeout(event: asyncio.Event, seconds: float) -> bool:
    """Wait for ``event`` up to ``seconds``; True if it was set."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()
        return True
    return False


async def stop_task(task: asyncio.Task[None] | None, grace_s: float = 1.0) -> None:
    """Cancel ``task`` and wait for it, cancelling again if a cancellation
    was swallowed, until it is done."""
    if task is None:
        return
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=grace_s)
        if not task.done():
            log.warning("task_ignored_cancel", task=task.get_name())
    if not task.cancelled() and task.exception() is not None:
        log.warning("task_failed", task=task.get_name(), error=repr(task.exception()))
