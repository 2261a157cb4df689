"""structlog JSON lines to stdout, correlation ids, and redaction of personal
data (IIN, phone numbers, e-mail addresses) from every line."""

from __future__ import annotations

import itertools
import logging
import re
import sys
import uuid
from collections.abc import MutableMapping
from contextvars import ContextVar
from typing import Any

import structlog

correlation_id_var: ContextVar[str | None] = ContextVar("correlation_id", default=None)

REDACTED = "[redacted]"
_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
# The services' own ids (events, entries, referrals, correlations) are 32
# lowercase hex characters; about one in a hundred holds a run of exactly 12
# digits, which is not an IIN. Such an id is kept whole.
_HEX_ID_OR_IIN = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])|" + _IIN.pattern)
# A Kazakh number: an optional +7/8/7 prefix, then ten digits starting with 7
# (a 3-digit mobile or a 4-5 digit city code), in groups of two or more digits
# separated by a space, a dash or brackets. Candidates are checked by digit
# count in ``_phone_or_text``.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+\s?7|8|7)[\s\-]?)?\(?7\d{1,4}\)?(?:[\s\-]?\d{2,4}){1,4}(?!\w)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
SENSITIVE_KEYS = frozenset(
    {"iin", "phone", "email", "contact", "patient", "full_name", "patient_name"}
)
"""Redacted whatever they hold. A name cannot be told by its pattern: no code
path logs one, and one logged under these keys by mistake is redacted."""
# Personal data needs a digit (IIN, phone) or an "@" (e-mail): text with
# neither is left as it is without running the three patterns.
_MAY_HOLD_PERSONAL_DATA = re.compile(r"[\d@]")
# Written by the logging processors themselves, never from user data.
GENERATED_KEYS = frozenset({"timestamp", "level"})


def redact_text(text: str) -> str:
    """Replace anything that looks like an IIN, a phone number or an e-mail."""
    if _MAY_HOLD_PERSONAL_DATA.search(text) is None:
        return text
    text = _EMAIL.sub(REDACTED, text)
    text = _PHONE.sub(_phone_or_text, text)
    return _HEX_ID_OR_IIN.sub(_id_or_redacted, text)


def _id_or_redacted(match: re.Match[str]) -> str:
    return match.group() if len(match.group()) == 32 else REDACTED


def _phone_or_text(match: re.Match[str]) -> str:
    digits = "".join(ch for ch in match.group() if ch.isdigit())
    is_phone = (len(digits) == 10 and digits[0] == "7") or (
        len(digits) == 11 and digits[:2] in ("77", "87")
    )
    return REDACTED if is_phone else match.group()


def _redact_value(key: str | None, value: Any) -> Any:
    if key in SENSITIVE_KEYS and value is not None:
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: _redact_value(k, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(None, v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return redact_text(str(value)) if len(str(value)) >= 11 else value
    return value


def redact_personal_data(
    logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: redact personal data from every key and value."""
    return {
        key: value if key in GENERATED_KEYS else _redact_value(key, value)
        for key, value in event_dict.items()
    }


def _add_correlation_id(
    logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    correlation_id = correlation_id_var.get()
    if correlation_id and "correlation_id" not in event_dict:
        event_dict["correlation_id"] = correlation_id
    return event_dict


def configure_logging(service: str, level: str = "INFO") -> None:
    """Configure structlog and the standard library's logging once per process."""
    shared_processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        _add_correlation_id,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    structlog.configure(
        processors=[
            *shared_processors,
            redact_personal_data,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        ),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=False,
    )
    structlog.contextvars.bind_contextvars(service=service)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared_processors,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                redact_personal_data,
                structlog.processors.JSONRenderer(),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for noisy in ("aio_pika", "aiormq", "pymongo", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


_PROCESS_PREFIX = uuid.uuid4().hex[:16]
_SEQUENCE = itertools.count(1)


def new_correlation_id() -> str:
    """Unique across processes (a random prefix per process) and cheap (a
    counter, no system call per request); it identifies, it is no secret."""
    return f"{_PROCESS_PREFIX}{next(_SEQUENCE):016x}"


def get_logger(name: str | None = None) -> Any:
    return structlog.get_logger(name)
