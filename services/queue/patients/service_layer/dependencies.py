"""What the patients' side uses, built once by bootstrap."""

from __future__ import annotations

from dataclasses import dataclass

from services.queue.guarantee.service_layer.dependencies import Guarantees
from services.queue.patients.service_layer.hospital_cards import HospitalCards
from services.queue.waiting_list.domain.pace import Pace
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.calendar import Calendar
from services.queue.waiting_list.service_layer.changes import EntryChanges
from services.queue.waiting_list.service_layer.dependencies import ExpiryRules
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.iin import IinDigester
from shared.reference.registry import Registry
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Patients:
    changes: EntryChanges
    uow: UnitOfWork[QueueChange]
    book: LiveBook
    calendar: Calendar
    pace: Pace
    registry: Registry
    hospital_cards: HospitalCards
    digester: IinDigester
    digest_key: bytes
    expiry: ExpiryRules
    """A patient's own cancellation can be undone by their doctor for
    REINSTATE_DAYS."""
    guarantees: Guarantees | None = None
    """The waiting-time guarantee (MAX_WAIT_DAYS) the lookup shows."""
