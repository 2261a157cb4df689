"""The referring doctor's edit of an active referral, as the queue takes it
(``referral.updated``): new pre-admission tests replace the entry's (a pull
that passed over lapsed ones takes the patient again once they are valid),
and a new priority is a reorder. The entry keeps its registration time and
its sequence for life; only the priority class of its order key changes, so
it moves among the other class's entries and nowhere else.

The event carries the tests and the priority as they are at its referral
version, so the newest edit alone is the truth: an older one arriving late
(``edit_version``, apart from the requests' ``referral_version``, which a
later reinstatement or renewal moves) is stale. A closed entry takes no edit
(the referral refused to edit a closed referral).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.lapsing import Lapsing
from services.queue.waiting_list.domain.pre_admission import PreAdmissionTest
from services.queue.waiting_list.domain.status import IN_QUEUE


@dataclass(frozen=True)
class ReferralEdit:
    referral_version: int
    tests: tuple[PreAdmissionTest, ...]
    priority: str
    reason_code: str | None
    actor: Actor
    at: datetime


class Editable(Lapsing):
    """What a queue entry does with the doctor's edits; the fields are
    ``model.QueueEntry``'s."""

    tests: tuple[PreAdmissionTest, ...]
    priority: str
    edit_version: int

    @property
    def order_key(self) -> int:
        raise NotImplementedError

    def take_edit(self, edit: ReferralEdit) -> events.EntryUpdated | None:
        """The change the edit makes, or None when the entry is closed, the
        edit is stale, or it changes nothing the queue keeps."""
        if self.status not in IN_QUEUE or edit.referral_version <= self.edit_version:
            return None
        changed = _changed(self, edit)
        if not changed:
            return None
        self.edit_version = edit.referral_version
        self.tests = edit.tests
        if "priority" not in changed:
            return self._become(
                events.EntryUpdated,
                self.status,
                edit.actor,
                edit.at,
                referral_version=edit.referral_version,
                changed=changed,
            )
        from_key = self.order_key
        self.priority = edit.priority
        return self._become(
            events.EntryReordered,
            self.status,
            edit.actor,
            edit.at,
            edit.reason_code,
            referral_version=edit.referral_version,
            changed=changed,
            priority=edit.priority,
            from_key=from_key,
        )


def _changed(entry: Editable, edit: ReferralEdit) -> tuple[str, ...]:
    named: Sequence[tuple[str, bool]] = (
        ("tests", tuple(edit.tests) != tuple(entry.tests)),
        ("priority", edit.priority != entry.priority),
    )
    return tuple(name for name, differs in named if differs)
