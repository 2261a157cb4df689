"""``python -m shared.devtools.sinks.smtp --port 8025 --out .kezek/outbox``

An SMTP server (aiosmtpd) that accepts every message and stores it, decoded,
as one JSON line in ``mail.jsonl``."""

from __future__ import annotations

import argparse
import asyncio
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session

from shared.devtools.sinks import MAIL_FILE, append_record


class MailCatcher:
    def __init__(self, out_dir: Path):
        self.path = out_dir / MAIL_FILE

    async def handle_DATA(
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or envelope.content
        data = raw if isinstance(raw, bytes) else str(raw).encode()
        message = message_from_bytes(data, policy=policy.default)
        assert isinstance(message, EmailMessage)
        plain, html = message.get_body(("plain",)), message.get_body(("html",))
        append_record(
            self.path,
            {
                "channel": "email",
                "mail_from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "subject": str(message["Subject"] or ""),
                "message_id": str(message["Message-ID"] or ""),
                "text": plain.get_content() if plain is not None else "",
                "html": html.get_content() if html is not None else "",
            },
        )
        return "250 Message accepted for delivery"


async def serve(host: str, port: int, out_dir: Path) -> None:
    loop = asyncio.get_running_loop()
    catcher = MailCatcher(out_dir)
    server = await loop.create_server(
        lambda: SMTP(catcher, hostname="kezek-mail-sink"), host, port
    )
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--out", type=Path, default=Path(".kezek/outbox"))
    args = parser.parse_args(argv)
    asyncio.run(serve(args.host, args.port, args.out))


if __name__ == "__main__":
    main()
