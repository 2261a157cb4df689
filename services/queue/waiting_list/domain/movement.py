"""Why a patient's position moved: the queue's recent movements, read from
the patient's place.

A movement is something that shifted everyone behind one entry: an entry
placed, leaving the waiting line, or returning to it. A reorder (a new
priority: the entry's key changes, its registration time and sequence stay)
shifts only the entries between its old and its new key (``until``): one
moved ahead passes them (``moved_ahead``), one moved back lets them up
(``moved_behind``); those behind both keys keep their position. For one
entry, the most recent movements ahead of it (and its own placement, return
or reorder) explain the last change of its position."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

URGENT_PLACED_AHEAD = "urgent_placed_ahead"
PLACED_AHEAD = "placed_ahead"
RETURNED_AHEAD = "returned_ahead"
AHEAD_LEFT = "ahead_left"
MOVED_AHEAD = "moved_ahead"
MOVED_BEHIND = "moved_behind"
OWN_REASON = {
    URGENT_PLACED_AHEAD: "placed",
    PLACED_AHEAD: "placed",
    RETURNED_AHEAD: "returned",
    MOVED_AHEAD: "reordered",
    MOVED_BEHIND: "reordered",
}


@dataclass(frozen=True)
class Movement:
    n: int  # the queue's change number
    at_ms: int
    kind: str
    key: int  # the order key of the entry that moved
    until: int | None = None
    """A reorder's other key: only the keys between ``key`` and ``until``
    moved (the entry's own is whichever of the two it now has)."""

    def encode(self) -> str:
        if self.until is None:
            return f"{self.n}:{self.at_ms}:{self.kind}"
        return f"{self.n}:{self.at_ms}:{self.kind}:{self.key}:{self.until}"

    def moves(self, key: int) -> bool:
        """The movement shifted ``key`` (a key behind it, within a
        reorder's span)."""
        return self.key < key and (self.until is None or key < self.until)

    def is_own(self, key: int) -> bool:
        return key == self.key or key == self.until


@dataclass(frozen=True)
class Departure:
    """An entry moved out of a queue (to another hospital's): the change of
    the queue it left, and that queue's movement (ahead left, at its old
    key), beside the change the new queue made."""

    queue_id: str
    facility_id: str
    bed_profile: str
    move: Movement


@dataclass(frozen=True, slots=True)
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


def reorder_movement(n: int, at_ms: int, from_key: int, to_key: int) -> Movement:
    """A reorder from ``from_key`` to ``to_key``, spanning the keys between."""
    if to_key < from_key:
        return Movement(n, at_ms, MOVED_AHEAD, to_key, until=from_key)
    return Movement(n, at_ms, MOVED_BEHIND, from_key, until=to_key)


def decode(encoded: str, key: int) -> Movement:
    """A stored movement of the entry whose key is ``key`` (a reorder names
    its own keys)."""
    n, at_ms, kind, *span = encoded.split(":")
    if span:
        return Movement(int(n), int(at_ms), kind, int(span[0]), int(span[1]))
    return Movement(n=int(n), at_ms=int(at_ms), kind=kind, key=key)


MAX_RECENT = 128  # movements kept per queue, at most (see RecentMoves)


class RecentMoves:
    """A queue's recent movements, read from any place in it: built once per
    change of the queue, read at every lookup of the patients in it.

    The answer for a key depends only on how it compares with the moved keys,
    so it is the same everywhere between two neighbouring moved keys: it is
    worked out once for each such gap and each moved key (a walk per point,
    at build), and a lookup is one bisection."""

    __slots__ = ("_answers", "_ranked")

    def __init__(self, history: Sequence[Movement]):
        newest_first = history[::-1]
        spans = {m.until for m in newest_first if m.until is not None}
        self._ranked = sorted({m.key for m in newest_first} | spans)
        answers: list[PositionChange | None] = []
        for moved in self._ranked:
            answers.append(_walk(newest_first, moved - 1))  # the gap below
            answers.append(_walk(newest_first, moved))
        top = self._ranked[-1] + 1 if self._ranked else 0
        answers.append(_walk(newest_first, top))
        self._answers = answers

    def last_change(self, key: int) -> PositionChange | None:
        """The latest run of same-kind movements that moved ``key``; the
        entry's own placement or return ends the search."""
        ranked = self._ranked
        at = bisect.bisect_left(ranked, key)
        exact = at < len(ranked) and ranked[at] == key
        return self._answers[2 * at + exact]


def _walk(newest_first: Sequence[Movement], key: int) -> PositionChange | None:
    """Walk back from the newest movement: the first one at or ahead of
    ``key`` gives the reason, the run of its kind the count."""
    reason: str | None = None
    count = 0
    at_ms = 0
    for moved in newest_first:
        if moved.is_own(key):
            if reason is None:
                return PositionChange(
                    OWN_REASON.get(moved.kind, "placed"), 1, moved.at_ms
                )
            break
        if not moved.moves(key):
            continue
        if reason is None:
            reason, count, at_ms = moved.kind, 1, moved.at_ms
        elif moved.kind == reason:
            count += 1
        else:
            break
    return PositionChange(reason, count, at_ms) if reason else None


def last_change(history: Sequence[Movement], key: int) -> PositionChange | None:
    """The latest run of same-kind movements that moved ``key``, newest first;
    the entry's own placement or return ends the search."""
    return _walk(history[::-1], key)
