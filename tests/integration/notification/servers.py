"""Real local servers the notification tests talk to: an SMTP server
(aiosmtpd), an HTTP SMS gateway and a webhook receiver (aiohttp)."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiohttp import web
from aiosmtpd.smtp import SMTP, Envelope, Session

from services.notification.settings import NotificationSettings
from shared.devtools.sinks.launch import start_sinks


@dataclass
class ReceivedMail:
    recipients: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self) -> str:
        part = self.message.get_body(("html",))
        return part.get_content() if part is not None else ""


@dataclass
class SmtpRecorder:
    """aiosmtpd handler; ``reply_to_rcpt(address, n)`` may return an SMTP
    reply such as ``"451 try later"`` for the n-th time it sees ``address``."""

    mails: list[ReceivedMail] = field(default_factory=list)
    reply_to_rcpt: Callable[[str, int], str | None] = lambda address, n: None
    seen: dict[str, int] = field(default_factory=dict)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, _: Any
    ) -> str:
        self.seen[address] = self.seen.get(address, 0) + 1
        reply = self.reply_to_rcpt(address, self.seen[address])
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or envelope.content
        assert isinstance(raw, bytes)
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.mails.append(ReceivedMail(list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.mails if address in m.recipients]


async def start_smtp(recorder: SmtpRecorder) -> tuple[asyncio.Server, int]:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(recorder, hostname="smtp.test", decode_data=False),
        "127.0.0.1",
        0,
    )
    port = server.sockets[0].getsockname()[1]
    return server, port


@dataclass
class HttpRecorder:
    """Records POSTs; ``respond(request_number)`` gives the status to answer
    (default 200) or a number of seconds to stall (a float)."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    respond: Callable[[int], int | float] = lambda n: 200

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.requests.append(
            {
                "path": request.path,
                "headers": dict(request.headers),
                "body": body,
                "json": json.loads(body) if body else None,
            }
        )
        answer = self.respond(len(self.requests))
        if isinstance(answer, float):
            await asyncio.sleep(answer)
            answer = 200
        return web.json_response({"accepted": answer < 300}, status=answer)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self.handle)
        return app

    def sms_to(self, number: str) -> list[dict[str, Any]]:
        return [r["json"] for r in self.requests if r["json"].get("to") == number]


@dataclass
class FakeStack:
    """What ``start_sinks`` needs of ``kezek up``'s stack."""

    home: Path
    env: dict[str, str]
    processes: dict = field(default_factory=dict)


@contextmanager
def local_sinks(home: Path) -> Iterator[FakeStack]:
    """The SMS and mail sinks ``kezek up`` starts, writing under ``home``
    (whatever the environment says of real providers)."""
    ours = ("SMTP_HOST", "SMS_GATEWAY_URL", "WEBHOOK_ALLOW_LOCAL")
    env = {k: v for k, v in os.environ.items() if k not in ours}
    stack = FakeStack(home=home, env=env)
    start_sinks(stack)
    try:
        yield stack
    finally:
        for process in stack.processes.values():
            process.terminate()
            process.wait(10)


def sink_settings(make_settings: Callable[..., Any], stack: FakeStack) -> Any:
    """The notification service's settings pointing at the sinks."""
    settings: NotificationSettings = make_settings(
        NotificationSettings,
        smtp_host=stack.env["SMTP_HOST"],
        smtp_port=int(stack.env["SMTP_PORT"]),
        sms_gateway_url=stack.env["SMS_GATEWAY_URL"],
        webhook_allow_local=stack.env["WEBHOOK_ALLOW_LOCAL"] == "true",
        quiet_hours="",
        dispatch_interval_s=0.1,
    )
    return settings
