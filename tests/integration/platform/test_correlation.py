"""One correlation id from an HTTP request, through the outbox and the AMQP
headers, to the next service's handler and its log lines."""

from __future__ import annotations

import json
import logging

import aio_pika
import structlog
from aiohttp import web

from shared.http import add_route, create_app
from shared.logging import configure_logging, correlation_id_var
from shared.runtime import (
    PLATFORM,
    close_platform,
    open_platform,
    platform_context,
    start_consumer,
)
from tests.integration.platform.helpers import cancelled, wait_until

CORRELATION_ID = "chain-0123456789"


async def cancel(request: web.Request) -> web.Response:
    event = cancelled(request.match_info["referral_id"])

    async def work(tx):
        tx.emit(event)

    await request.app[PLATFORM].uow.run(work)
    return web.json_response({"event_id": event.event_id}, status=202)


async def referral_client(aiohttp_client, settings):
    """The referral side: an HTTP app whose cancel view emits through the outbox."""
    app = create_app(settings)
    app.cleanup_ctx.append(platform_context({}))
    add_route(app, "POST", "/referrals/{referral_id}/cancel", cancel)
    return await aiohttp_client(app)


async def tap_referral_events(raw, consumer_side):
    """An exclusive queue bound to every referral event on the exchange."""
    channel = await raw.channel()
    exchange = await channel.get_exchange(consumer_side.topology.exchange)
    tap = await channel.declare_queue(exclusive=True)
    await tap.bind(exchange, "referral.#")
    return tap


async def cancel_with_the_correlation_id(client) -> str:
    """Posts a cancellation carrying CORRELATION_ID; returns the event id."""
    response = await client.post(
        "/referrals/R-chain/cancel", headers={"X-Correlation-ID": CORRELATION_ID}
    )
    assert response.status == 202
    assert response.headers["X-Correlation-ID"] == CORRELATION_ID
    return (await response.json())["event_id"]


def assert_the_handled_line_carries(output: str, event_id: str) -> None:
    lines = [json.loads(x) for x in output.splitlines() if x]
    handled_lines = [x for x in lines if x.get("event") == "event_handled"]
    assert handled_lines, lines
    assert handled_lines[0]["correlation_id"] == CORRELATION_ID
    assert handled_lines[0]["event_id"] == event_id


async def test_the_correlation_id_travels_http_amqp_and_logs(
    aiohttp_client, make_settings, capsys
):
    client = await referral_client(
        aiohttp_client, make_settings(service_name="referral")
    )
    queue_settings = make_settings(service_name="queue")
    consumer_side = await open_platform(queue_settings, {})
    seen: list[str | None] = []

    async def on_cancelled(envelope):
        seen.append(correlation_id_var.get())

    async def handled() -> bool:
        return bool(seen)

    raw = await aio_pika.connect(queue_settings.amqp_url)
    try:
        tap = await tap_referral_events(raw, consumer_side)
        await start_consumer(consumer_side, {"referral.cancelled": on_cancelled})
        configure_logging("queue", "INFO")
        capsys.readouterr()

        event_id = await cancel_with_the_correlation_id(client)
        await wait_until(handled, what="the event handled by the next service")
        message = await tap.get(timeout=5)
        assert message.headers["x-correlation-id"] == CORRELATION_ID
        assert message.correlation_id == CORRELATION_ID
        assert json.loads(message.body)["correlation_id"] == CORRELATION_ID
        assert seen == [CORRELATION_ID]
        assert_the_handled_line_carries(capsys.readouterr().out, event_id)
    finally:
        structlog.reset_defaults()
        structlog.contextvars.clear_contextvars()
        logging.getLogger().handlers = []
        await raw.close()
        await close_platform(consumer_side)
