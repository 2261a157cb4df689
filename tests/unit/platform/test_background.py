"""Background loops stop even when a cancellation is swallowed (the Python
3.11 ``wait_for`` race that once hung a test teardown for 120 s)."""

from __future__ import annotations

import asyncio

from shared.background import stop_task, wait_or_timeout


async def test_stop_task_stops_a_task_that_swallows_one_cancellation():
    swallowed = 0

    async def stubborn() -> None:
        nonlocal swallowed
        while True:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                if swallowed:
                    raise
                swallowed += 1  # what wait_for does when the waiter had finished

    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    await asyncio.wait_for(stop_task(task, grace_s=0.05), timeout=5)
    assert task.cancelled()
    assert swallowed == 1


async def test_stop_task_collects_a_failure_instead_of_raising_it():
    async def failing() -> None:
        raise RuntimeError("boom")

    task = asyncio.create_task(failing())
    await asyncio.sleep(0)
    await stop_task(task)
    assert isinstance(task.exception(), RuntimeError)


async def test_stop_task_accepts_no_task():
    await stop_task(None)


async def test_wait_or_timeout_tells_set_from_timed_out():
    event = asyncio.Event()
    assert await wait_or_timeout(event, 0.01) is False
    event.set()
    assert await wait_or_timeout(event, 0.01) is True


async def test_a_cancelled_wait_or_timeout_raises_even_when_the_event_is_set():
    event = asyncio.Event()
    waiting = asyncio.create_task(wait_or_timeout(event, 10))
    await asyncio.sleep(0)
    event.set()
    waiting.cancel()
    await asyncio.wait({waiting})
    assert waiting.cancelled()
