"""How long a place in the queue stays valid: the referral's validity (a
reminder before it lapses, expiry after) and its pre-admission tests."""

from __future__ import annotations

from datetime import date, timedelta

from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.status import Status


def expiry_due(entry: QueueEntry, today: date) -> bool:
    return entry.status is Status.WAITING and today > entry.valid_until


def reminder_due(entry: QueueEntry, today: date, days_before: int) -> bool:
    return (
        entry.status is Status.WAITING
        and not entry.expiry_reminded
        and today <= entry.valid_until
        and today >= entry.valid_until - timedelta(days=days_before)
    )


def all_tests_valid_on(entry: QueueEntry, day: date) -> bool:
    """All pre-admission tests are still valid on ``day``."""
    return all(test.valid_until >= day for test in entry.tests)
