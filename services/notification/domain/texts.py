"""A notice rendered in the patient's language: an SMS that fits two segments,
and an e-mail in plain text and HTML. Only the sender name, the
hospitalization code, dates, positions, the status page's address and, in
its own message, a one-time code appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Protocol

from services.notification.domain.notices import Notice
from services.notification.domain.sms import FittedSms, SmsPart, fit

FOOTER = "footer.status"
GREETING = "email.greeting"
WHY = "email.why"


class Catalogue(Protocol):
    languages: tuple[str, ...]

    def text(self, language: str, msgid: str) -> str: ...


@dataclass(frozen=True)
class PatientMessage:
    sms: FittedSms
    subject: str
    text: str
    html: str


def render(
    notice: Notice,
    language: str,
    catalogue: Catalogue,
    *,
    code: str,
    link: str,
    sender: str,
) -> PatientMessage:
    params = {**notice.params, "code": code, "link": link}

    def say(msgid: str) -> str:
        return catalogue.text(language, msgid).format_map(params)

    body = [say(part) for part in notice.parts]
    sms_parts = [SmsPart(body[0])]
    sms_parts += [SmsPart(text, optional=True) for text in body[1:]]
    sms_parts.append(SmsPart(say(FOOTER)))
    sms = fit(sms_parts, say(notice.short))
    paragraphs = [say(GREETING), " ".join(body), say(FOOTER)]
    signature = ["--", sender, say(WHY)]
    text = "\n\n".join(paragraphs) + "\n\n" + "\n".join(signature) + "\n"
    html = _html(notice, language, catalogue, params, sender)
    return PatientMessage(sms=sms, subject=say(notice.subject), text=text, html=html)


def _html(
    notice: Notice,
    language: str,
    catalogue: Catalogue,
    params: dict[str, str],
    sender: str,
) -> str:
    link = escape(params["link"])
    safe = {k: escape(v) for k, v in params.items()}
    safe["link"] = f'<a href="{link}">{link}</a>'

    def say(msgid: str) -> str:
        return escape(catalogue.text(language, msgid)).format_map(safe)

    body = " ".join(say(part) for part in notice.parts)
    return (
        f'<!doctype html><html lang="{escape(language)}"><body>'
        f"<p>{say(GREETING)}</p><p>{body}</p><p>{say(FOOTER)}</p>"
        f'<p style="color:#666">{escape(sender)}<br>{say(WHY)}</p>'
        "</body></html>"
    )
