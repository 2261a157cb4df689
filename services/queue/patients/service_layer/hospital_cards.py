"""How a patient reaches their hospital (name, address, phone), read from
the registry once per hospital."""

from __future__ import annotations

from shared.reference.registry import Registry


class HospitalCards:
    def __init__(self, registry: Registry):
        self._registry = registry
        self._cards: dict[str, dict[str, str] | None] = {}

    def of(self, facility_id: str) -> dict[str, str] | None:
        if facility_id not in self._cards:
            facility = self._registry.get(facility_id)
            self._cards[facility_id] = (
                {
                    "name": facility.name,
                    "address": facility.address,
                    "phone": facility.phone,
                }
                if facility is not None
                else None
            )
        return self._cards[facility_id]
