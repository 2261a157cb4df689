"""Position milestones: which entries reached a configured position.

Only the first few places can cross a milestone, so the work is bounded by the
largest milestone, never by the length of the queue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Reached:
    key: int
    position: int
    milestones: tuple[int, ...]

    @property
    def announced(self) -> int:
        """The milestone to tell the patient about: the nearest to the head.
        The others it skipped over in the same change are recorded silently."""
        return min(self.milestones)


def reached(
    head_after: Sequence[int],
    position_before: Callable[[int], int | None],
    milestones: Sequence[int],
) -> list[Reached]:
    """Entries among ``head_after`` (the first keys of the queue after a
    change) that moved forward across one or more ``milestones``.

    ``position_before(key)`` gives a key's 1-based position before the change,
    or None if it was not waiting then (newly placed or returned entries do
    not "reach" a milestone: they were put there)."""
    found = []
    for index, key in enumerate(head_after):
        after = index + 1
        before = position_before(key)
        if before is None or before <= after:
            continue
        crossed = tuple(sorted(m for m in milestones if after <= m < before))
        if crossed:
            found.append(Reached(key=key, position=after, milestones=crossed))
    return found
