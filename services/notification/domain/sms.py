"""SMS length: GSM-7 or UCS-2 encoding, segments, and shortening that drops
optional parts rather than cutting words.

GSM-7 fits 160 characters in one segment and 153 per segment when split;
anything outside its alphabet (Cyrillic, Kazakh letters) makes the whole
message UCS-2: 70 in one segment, 67 per segment when split.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
MAX_SEGMENTS = 2


@dataclass(frozen=True)
class SmsLength:
    encoding: str
    units: int
    segments: int


@dataclass(frozen=True)
class SmsPart:
    text: str
    optional: bool = False


@dataclass(frozen=True)
class FittedSms:
    text: str
    length: SmsLength
    shortened: bool


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def measure(text: str) -> SmsLength:
    if is_gsm7(text):
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        return SmsLength("gsm7", units, _segments(units, 160, 153))
    units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)
    return SmsLength("ucs2", units, _segments(units, 70, 67))


def _segments(units: int, single: int, split: int) -> int:
    if units == 0:
        return 0
    return 1 if units <= single else math.ceil(units / split)


def fit(
    parts: Sequence[SmsPart], fallback: str, max_segments: int = MAX_SEGMENTS
) -> FittedSms:
    """The parts joined by spaces; if that needs more than ``max_segments``,
    optional parts are dropped from the last one back, and if even the
    required parts do not fit, ``fallback`` (code and link) is sent whole."""
    kept = list(parts)
    while True:
        text = " ".join(p.text for p in kept if p.text)
        length = measure(text)
        if length.segments <= max_segments:
            return FittedSms(text, length, shortened=len(kept) < len(parts))
        optional = [i for i, p in enumerate(kept) if p.optional]
        if not optional:
            return FittedSms(fallback, measure(fallback), shortened=True)
        del kept[optional[-1]]
