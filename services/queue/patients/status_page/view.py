"""What the status page shows, rendered on the server: the lookup's answer
(the same texts page.js makes of it, for a browser without JavaScript), a
message, the one-time code step, and the fields a further step sends again.

The code, the IIN and a one-time code appear only in the answer to a POST
(form values, never a URL), which no cache keeps."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.contracts.reasons import PATIENT_CANCEL_REASONS

ADMITTED_ELSEWHERE = "admitted_elsewhere"
ROWS = (
    "position",
    "window",
    "scheduled",
    "hospital",
    "guarantee",
    "alternatives",
    "changed",
    "updated",
)


@dataclass(frozen=True)
class PageState:
    """A page after a POST: what the patient sent (sent again by the next
    step), the lookup's answer, and a message (a catalogue key)."""

    code: str = ""
    iin: str = ""
    one_time_code: str = ""
    result: Mapping[str, Any] | None = None
    message: str | None = None
    message_values: Mapping[str, object] = field(default_factory=dict)
    one_time_code_step: bool = False
    resend_after_s: int = 0


class Texts:
    """A catalogue's texts with ``{name}`` filled in (as page.js does)."""

    def __init__(self, catalogue: Mapping[str, str]):
        self._catalogue = catalogue

    def __call__(self, key: str, **values: object) -> str:
        text = self._catalogue.get(key, key)
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def date(self, iso: str | None) -> str:
        if not iso:
            return ""
        year, month, day = (int(part) for part in iso[:10].split("-"))
        return self("date.format", day=day, month=self(f"month.{month}"), year=year)


def band_text(texts: Texts, band: Mapping[str, Any]) -> str:
    """An estimate: one day, a band, or (past the horizon) not before a day,
    possibly later than the horizon."""
    earliest = texts.date(band["earliest"])
    if band.get("latest") is None:
        horizon = band.get("horizon") or band["earliest"]
        if band["earliest"] >= horizon:
            return texts("result.window_after", earliest=earliest)
        return texts(
            "result.window_beyond", earliest=earliest, horizon=texts.date(horizon)
        )
    latest = texts.date(band["latest"])
    if earliest == latest:
        return earliest
    return texts("result.window_value", earliest=earliest, latest=latest)


def status_key(result: Mapping[str, Any]) -> str:
    """The status as the page names it: an emergency admission is an
    admission, not a cancellation."""
    if result.get("reason_code") == ADMITTED_ELSEWHERE:
        return ADMITTED_ELSEWHERE
    return str(result["status"])


def result_rows(texts: Texts, result: Mapping[str, Any]) -> dict[str, str]:
    """Each row's text (empty: the row is hidden), as page.js renders them."""
    band = result.get("estimated_admission")
    window = ""
    if band and not result.get("scheduled_date"):
        window = band_text(texts, band)
    elif result["status"] == "waiting":
        window = texts("result.window_unknown")
    hospital = result.get("hospital") or {}
    changed = result.get("changed") or {}
    position = result.get("position")
    return {
        "status": texts(f"status.{status_key(result)}"),
        "position": texts(
            "result.position_value",
            position=position,
            queue_length=result.get("queue_length"),
        )
        if position
        else "",
        "window": window,
        "scheduled": texts.date(result.get("scheduled_date")),
        "hospital": ", ".join(
            hospital[part]
            for part in ("name", "address", "phone")
            if hospital.get(part)
        ),
        "guarantee": guarantee_text(texts, result.get("wait_guarantee")),
        "alternatives": alternatives_text(texts, result.get("wait_guarantee")),
        "changed": changed_text(texts, changed),
        "next": texts(f"help.{status_key(result)}"),
        "updated": texts.date(result.get("updated_at")),
    }


def guarantee_text(texts: Texts, found: Mapping[str, Any] | None) -> str:
    """The bed profile's maximum wait (never named), its deadline and how
    the estimate stands against it."""
    if not found:
        return ""
    value = texts(
        "result.guarantee_value",
        days=found["max_wait_days"],
        deadline=texts.date(found["deadline"]),
    )
    return f"{value}. {texts('guarantee.' + found['flag'])}"


def alternatives_text(texts: Texts, found: Mapping[str, Any] | None) -> str:
    """The shorter queues nearby: each hospital, the place the patient would
    have there and its estimate."""
    return "; ".join(
        texts(
            "result.alternative_value",
            hospital=", ".join(
                option[part]
                for part in ("name", "address", "phone")
                if option.get(part)
            ),
            position=option["position"],
            window=band_text(texts, option["estimated_admission"]),
        )
        for option in ((found or {}).get("alternatives") or [])
    )


def changed_text(texts: Texts, changed: Mapping[str, Any]) -> str:
    reason = changed.get("reason")
    if not reason:
        return ""
    key = f"changed.{reason}"
    if texts(key) == key:
        return texts("changed.unknown")
    return texts(key, count=changed.get("count", ""))


def hidden(condition: bool) -> str:
    return " hidden" if condition else ""


def result_fields(texts: Texts, result: Mapping[str, Any] | None) -> dict[str, str]:
    """The template's result section: each row's text and whether it shows."""
    rows = result_rows(texts, result) if result is not None else {}
    fields = {
        f"r_{name}": html.escape(rows.get(name, ""))
        for name in (*ROWS, "status", "next")
    }
    fields.update({f"{name}_hidden": hidden(not rows.get(name)) for name in ROWS})
    admitted_by = result is not None and status_key(result) == ADMITTED_ELSEWHERE
    label = "result.hospital_admitting" if admitted_by else "result.hospital"
    fields["hospital_label_key"] = label
    fields["hospital_label"] = html.escape(texts(label))
    fields["result_hidden"] = hidden(result is None)
    cancellable = result is not None and bool(result.get("cancellable"))
    fields["leave_hidden"] = hidden(not cancellable)
    return fields


def reasons_markup(texts: Texts) -> str:
    """One radio button per reason a patient may give for leaving."""
    return "\n".join(
        '<label class="choice"><input type="radio" name="reason_code" '
        f'value="{code}" required> <span data-i18n="reason.{code}">'
        f"{html.escape(texts(f'reason.{code}'))}</span></label>"
        for code in PATIENT_CANCEL_REASONS
    )


def carried_markup(state: PageState) -> str:
    """The code, IIN and one-time code of a shown result, sent again by the
    page's next step (leaving the queue, another language)."""
    if state.result is None:
        return ""
    sent = {"code": state.code, "iin": state.iin, "one_time_code": state.one_time_code}
    return "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
        for name, value in sent.items()
        if value
    )


def state_fields(texts: Texts, state: PageState) -> dict[str, str]:
    """Every template field a page state fills in."""
    message = texts(state.message, **state.message_values) if state.message else ""
    wait = state.resend_after_s
    return {
        **result_fields(texts, state.result),
        "field_code": html.escape(state.code),
        "field_iin": html.escape(state.iin),
        "field_otp": html.escape(state.one_time_code),
        "otp_hidden": hidden(not state.one_time_code_step),
        "resend_wait": html.escape(
            texts("form.otp.wait", seconds=wait) if wait else ""
        ),
        "message": html.escape(message),
        "message_hidden": hidden(not message),
        "carried": carried_markup(state),
        "languages_method": "post" if state.result is not None else "get",
        "reasons": reasons_markup(texts),
    }
