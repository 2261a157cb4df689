"""Starts the local sinks for ``kezek up`` (registered in its ``SIDECARS``)
and points the notification service at them, unless ``SMTP_HOST`` or
``SMS_GATEWAY_URL`` already name real providers. It also turns on
``WEBHOOK_ALLOW_LOCAL`` (unless set), so a facility's webhook can be the
sink's ``http://127.0.0.1:<port>/webhooks/NAME``."""

from __future__ import annotations

from shared.devtools.sidecars import StackLike, sidecar_port, start_sidecar

SMTP_SINK_PORT, HTTP_SINK_PORT = 8025, 8026


def start_sinks(stack: StackLike) -> None:
    stack.env.setdefault("WEBHOOK_ALLOW_LOCAL", "true")
    out = ("--out", str(stack.home / "outbox"))
    if "SMTP_HOST" not in stack.env:
        port = sidecar_port(stack, "MAIL_SINK_PORT", SMTP_SINK_PORT)
        start_sidecar(stack, "mail-sink", "shared.devtools.sinks.smtp", port, *out)
        stack.env.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port))
        print(f"  mail sink     smtp://127.0.0.1:{port}  (kezek outbox)")
    if "SMS_GATEWAY_URL" not in stack.env:
        port = sidecar_port(stack, "SMS_SINK_PORT", HTTP_SINK_PORT)
        start_sidecar(stack, "sms-sink", "shared.devtools.sinks.gateway", port, *out)
        stack.env["SMS_GATEWAY_URL"] = f"http://127.0.0.1:{port}/sms"
        print(
            f"  sms sink      http://127.0.0.1:{port}/sms  (webhooks: /webhooks/NAME)"
        )
