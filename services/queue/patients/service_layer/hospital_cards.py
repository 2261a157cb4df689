"""How a patient reaches their hospital (name, address, phone), read from
the registry once per hospital and language."""

from __future__ import annotations

from shared.reference.registry import Registry


class HospitalCards:
    def __init__(self, registry: Registry):
        self._registry = registry
        self._cards: dict[tuple[str, str], dict[str, str] | None] = {}

    def of(self, facility_id: str, language: str) -> dict[str, str] | None:
        """The card in ``language`` (one of ``LANGUAGES``), or None for a
        facility the registry does not have."""
        key = (facility_id, language)
        if key not in self._cards:
            facility = self._registry.get(facility_id)
            self._cards[key] = (
                {
                    "name": facility.name_in(language),
                    "address": facility.address_in(language),
                    "phone": facility.phone,
                }
                if facility is not None
                else None
            )
        return self._cards[key]
