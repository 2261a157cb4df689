"""E-mail through SMTP (aiosmtplib): plain text with an HTML alternative.
The delivery key is the Message-ID, so a resent copy can be recognised."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, parseaddr

import aiosmtplib

from services.notification.domain.channels import (
    TIMEOUT,
    UNREACHABLE,
    PermanentFailure,
    TransientFailure,
)
from services.notification.domain.model import EMAIL, Delivery


def smtp_failure(code: int, what: str) -> TransientFailure | PermanentFailure:
    reason = f"smtp_{what}_{code}"
    return TransientFailure(reason) if 400 <= code < 500 else PermanentFailure(reason)


class SmtpMailer:
    name = EMAIL

    def __init__(
        self,
        host: str,
        port: int,
        *,
        mail_from: str,
        username: str = "",
        password: str = "",
        use_tls: bool = False,
        start_tls: bool = False,
        timeout_s: float = 10.0,
    ):
        self._host = host
        self._port = port
        self._mail_from = mail_from
        self._username = username or None
        self._password = password or None
        self._use_tls = use_tls
        self._start_tls = start_tls
        self._timeout_s = timeout_s
        address = parseaddr(mail_from)[1]
        self._domain = address.partition("@")[2] or "kezek.local"

    def compose(self, delivery: Delivery) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._mail_from
        message["To"] = delivery.recipient
        message["Subject"] = delivery.content["subject"]
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = f"<{delivery.key}@{self._domain}>"
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(delivery.content["text"])
        message.add_alternative(delivery.content["html"], subtype="html")
        message["Content-Language"] = delivery.language
        return message

    async def send(self, delivery: Delivery) -> None:
        if "@" not in delivery.recipient:
            raise PermanentFailure("invalid_address")
        try:
            await aiosmtplib.send(
                self.compose(delivery),
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                use_tls=self._use_tls,
                start_tls=self._start_tls,
                timeout=self._timeout_s,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [refused.code for refused in exc.recipients] or [550]
            raise smtp_failure(max(codes), "recipient") from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise smtp_failure(exc.code, "rejected") from exc
        except TimeoutError as exc:
            raise TransientFailure(TIMEOUT, type(exc).__name__) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise TransientFailure(UNREACHABLE, type(exc).__name__) from exc
