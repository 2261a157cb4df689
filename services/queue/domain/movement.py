"""Why a patient's position moved: the queue's recent movements, read from
the patient's place.

A movement is something that shifted everyone behind one entry: an entry
placed, leaving the waiting line, or returning to it. For one entry, the most
recent movements ahead of it (and its own placement or return) explain the
last change of its position."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

URGENT_PLACED_AHEAD = "urgent_placed_ahead"
PLACED_AHEAD = "placed_ahead"
RETURNED_AHEAD = "returned_ahead"
AHEAD_LEFT = "ahead_left"
OWN_REASON = {
    URGENT_PLACED_AHEAD: "placed",
    PLACED_AHEAD: "placed",
    RETURNED_AHEAD: "returned",
}


@dataclass(frozen=True)
class Movement:
    n: int  # the queue's change number
    at_ms: int
    kind: str
    key: int  # the order key of the entry that moved

    def encode(self) -> str:
        return f"{self.n}:{self.at_ms}:{self.kind}"


@dataclass(frozen=True)
class PositionChange:
    reason: str
    count: int
    at_ms: int


def movement_kind(from_status: str | None, to_status: str, priority: str) -> str | None:
    """What a transition does to the entries behind the one that changed."""
    if from_status is None and to_status == "waiting":
        return URGENT_PLACED_AHEAD if priority == "urgent" else PLACED_AHEAD
    if from_status == "waiting" and to_status != "waiting":
        return AHEAD_LEFT
    if from_status != "waiting" and to_status == "waiting":
        return RETURNED_AHEAD
    return None


def decode(encoded: str, key: int) -> Movement:
    n, at_ms, kind = encoded.split(":", 2)
    return Movement(n=int(n), at_ms=int(at_ms), kind=kind, key=key)


class RecentMoves:
    """A queue's recent movements, newest first, in flat tuples: built once
    per change of the queue, read at every lookup of the patients in it.

    ``_lows`` holds the running minimum of the moved keys (negated, so that
    it increases): the newest movement at or ahead of a key is found by
    bisection instead of a walk past every movement behind it."""

    __slots__ = ("_at_ms", "_keys", "_kinds", "_lows")

    def __init__(self, history: Sequence[Movement]):
        newest_first = history[::-1]
        self._keys = tuple(m.key for m in newest_first)
        self._kinds = tuple(m.kind for m in newest_first)
        self._at_ms = tuple(m.at_ms for m in newest_first)
        lows = []
        low: int | None = None
        for moved in self._keys:
            low = moved if low is None or moved < low else low
            lows.append(-low)
        self._lows = lows

    def last_change(self, key: int) -> PositionChange | None:
        """The latest run of same-kind movements that moved ``key``; the
        entry's own placement or return ends the search."""
        start = bisect.bisect_left(self._lows, -key)
        reason: str | None = None
        count = 0
        at_ms = 0
        moves = zip(self._keys, self._kinds, self._at_ms, strict=True)
        for moved, kind, at in itertools.islice(moves, start, None):
            if moved > key:
                continue
            if moved == key:
                if reason is None:
                    return PositionChange(OWN_REASON.get(kind, "placed"), 1, at)
                break
            if reason is None:
                reason, count, at_ms = kind, 1, at
            elif kind == reason:
                count += 1
            else:
                break
        return PositionChange(reason, count, at_ms) if reason else None


def last_change(history: Sequence[Movement], key: int) -> PositionChange | None:
    """The latest run of same-kind movements that moved ``key``, newest first;
    the entry's own placement or return ends the search."""
    return RecentMoves(history).last_change(key)
