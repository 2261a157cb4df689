"""The facility registry: Kazakhstan's regions and a realistic sample of its
hospitals and clinics, with bed profiles and bed counts.

The queue service owns it (it serves it at ``/v1/facilities`` with live waiting
counts and free beds); the referral service validates referrals against the
same shipped copy without calling the queue service on every request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_FILE = Path(__file__).with_name("facilities.json")


@dataclass(frozen=True)
class BedProfile:
    beds: int
    typical_stay_days: int
    stays: tuple[str, ...]


@dataclass(frozen=True)
class Facility:
    id: str
    name: str
    region: str
    kind: str
    address: str
    phone: str
    osms_contracted: bool
    bed_profiles: MappingProxyType[str, BedProfile]

    def offers(self, bed_profile: str) -> bool:
        return bed_profile in self.bed_profiles


@dataclass(frozen=True)
class Registry:
    version: str
    regions: MappingProxyType[str, dict[str, str]]
    bed_profiles: tuple[str, ...]
    facilities: MappingProxyType[str, Facility]

    def get(self, facility_id: str) -> Facility | None:
        return self.facilities.get(facility_id)

    def hospitals(
        self, bed_profile: str | None = None, region: str | None = None
    ) -> list[Facility]:
        return [
            f
            for f in self.facilities.values()
            if f.bed_profiles
            and (bed_profile is None or f.offers(bed_profile))
            and (region is None or f.region == region)
        ]


def _facility(raw: dict[str, Any]) -> Facility:
    profiles = {
        name: BedProfile(p["beds"], p["typical_stay_days"], tuple(p["stays"]))
        for name, p in raw["bed_profiles"].items()
    }
    return Facility(
        id=raw["id"],
        name=raw["name"],
        region=raw["region"],
        kind=raw["kind"],
        address=raw["address"],
        phone=raw["phone"],
        osms_contracted=raw["osms_contracted"],
        bed_profiles=MappingProxyType(profiles),
    )


def load_registry(path: Path = DATA_FILE) -> Registry:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Registry(
        version=raw["version"],
        regions=MappingProxyType({r["code"]: r["name"] for r in raw["regions"]}),
        bed_profiles=tuple(raw["bed_profiles"]),
        facilities=MappingProxyType({f["id"]: _facility(f) for f in raw["facilities"]}),
    )


@cache
def default_registry() -> Registry:
    return load_registry()


def registry_for(registry_file: str) -> Registry:
    """``REGISTRY_FILE``'s registry, or the shipped one when it is empty."""
    return load_registry(Path(registry_file)) if registry_file else default_registry()
