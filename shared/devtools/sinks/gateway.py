"""``python -m shared.devtools.sinks.gateway --port 8026 --out .kezek/outbox``

An SMS gateway over HTTP that honours ``Idempotency-Key`` (a repeated key is
answered 200 and not stored again), plus a webhook receiver:

POST /sms              any JSON payload -> sms.jsonl
POST /webhooks/{name}  a facility's webhook -> webhooks.jsonl
GET  /sms, /webhooks, /mail   what was received, as a JSON list (for e2e
                              tests; /mail reads what the SMTP sink stored)
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from shared.devtools.sinks import (
    MAIL_FILE,
    SMS_FILE,
    WEBHOOK_FILE,
    append_record,
    read_records,
)

OUT_DIR = web.AppKey("out_dir", Path)
SEEN_KEYS = web.AppKey("seen_keys", set[str])


async def receive_sms(request: web.Request) -> web.Response:
    try:
        payload = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return web.json_response({"error": "body is not JSON"}, status=400)
    key = request.headers.get("Idempotency-Key", "")
    if key and key in request.app[SEEN_KEYS]:
        return web.json_response({"status": "duplicate", "id": key})
    request.app[SEEN_KEYS].add(key)
    record = {"channel": "sms", "idempotency_key": key, "payload": payload}
    append_record(request.app[OUT_DIR] / SMS_FILE, record)
    return web.json_response({"status": "accepted", "id": key}, status=202)


async def receive_webhook(request: web.Request) -> web.Response:
    body = await request.read()
    headers = {k: v for k, v in request.headers.items() if k.startswith("X-Kezek")}
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        payload = body.decode(errors="replace")
    record = {
        "channel": "webhook",
        "name": request.match_info["name"],
        "headers": headers,
        "payload": payload,
    }
    append_record(request.app[OUT_DIR] / WEBHOOK_FILE, record)
    return web.Response(status=204)


def listing(file_name: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response(read_records(request.app[OUT_DIR] / file_name))

    return handler


def make_app(out_dir: Path) -> web.Application:
    app = web.Application()
    app[OUT_DIR] = out_dir
    app[SEEN_KEYS] = {
        r.get("idempotency_key", "") for r in read_records(out_dir / SMS_FILE)
    } - {""}
    app.router.add_post("/sms", receive_sms)
    app.router.add_get("/sms", listing(SMS_FILE))
    app.router.add_post("/webhooks/{name}", receive_webhook)
    app.router.add_get("/webhooks", listing(WEBHOOK_FILE))
    app.router.add_get("/mail", listing(MAIL_FILE))
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8026)
    parser.add_argument("--out", type=Path, default=Path(".kezek/outbox"))
    args = parser.parse_args(argv)
    web.run_app(make_app(args.out), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
