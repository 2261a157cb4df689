"""The facility registry: Kazakhstan's regions and a realistic sample of its
hospitals and clinics, with bed profiles and bed counts.

The queue service owns it (it serves it at ``/v1/facilities`` with live waiting
counts and free beds); the referral service validates referrals against the
same shipped copy without calling the queue service on every request.

Each bed profile says whom it admits (``min_age``, ``max_age``, ``sex``: see
:mod:`shared.reference.profile_rules`), and a facility may replace any of the
three for its own beds of that profile. The file is checked when it loads:
a rule that admits nobody, or one a profile cannot have, stops the start
with a :class:`RegistryError` naming the entry.

A facility's name and address are given in each of ``LANGUAGES`` (kk, ru,
en): one missing or empty stops the start naming the facility and the
language. Code that shows one asks for it in the reader's language
(:meth:`Facility.name_in`, :meth:`Facility.address_in`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from shared.contracts.parts import LANGUAGES
from shared.reference.profile_rules import ANYONE, OLDEST, SEXES, ProfileRule
from shared.settings import SettingsError

DATA_FILE = Path(__file__).with_name("facilities.json")
AGE_KEYS = ("min_age", "max_age")
RULE_KEYS = (*AGE_KEYS, "sex")
IN_EVERY_LANGUAGE = ("name", "address")
"""A facility's fields given as ``{"kk": ..., "ru": ..., "en": ...}``."""


class RegistryError(SettingsError):
    """The registry file cannot be used; the message names the file and the
    entry (a service stops at start with it, like with any unusable setting)."""


@dataclass(frozen=True)
class BedProfile:
    beds: int
    typical_stay_days: int
    stays: tuple[str, ...]
    admits: ProfileRule = ANYONE


@dataclass(frozen=True)
class Facility:
    id: str
    names: MappingProxyType[str, str]
    """The facility's name in each of ``LANGUAGES``."""
    region: str
    kind: str
    addresses: MappingProxyType[str, str]
    """Its address in each of ``LANGUAGES``."""
    phone: str
    osms_contracted: bool
    bed_profiles: MappingProxyType[str, BedProfile]

    def name_in(self, language: str) -> str:
        """The name in ``language`` (one of ``LANGUAGES``)."""
        return self.names[language]

    def address_in(self, language: str) -> str:
        """The address in ``language`` (one of ``LANGUAGES``)."""
        return self.addresses[language]

    def offers(self, bed_profile: str) -> bool:
        return bed_profile in self.bed_profiles


@dataclass(frozen=True)
class Registry:
    version: str
    regions: MappingProxyType[str, dict[str, str]]
    bed_profiles: tuple[str, ...]
    facilities: MappingProxyType[str, Facility]
    profile_rules: MappingProxyType[str, ProfileRule]
    """Whom each bed profile admits unless a facility says otherwise."""

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


def _age(raw: Mapping[str, Any], key: str, where: str) -> int | None:
    value = raw[key]
    if value is None and key == "max_age":
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= OLDEST
    ):
        kind = "null or whole years" if key == "max_age" else "whole years"
        raise RegistryError(
            f"{where}.{key} must be {kind} from 0 to {OLDEST}, not {value!r}."
        )
    return value


def profile_rule(
    raw: Mapping[str, Any], where: str, base: ProfileRule = ANYONE
) -> ProfileRule:
    """``base`` with each of ``min_age``, ``max_age``, ``sex`` that ``raw``
    gives in its place; RegistryError unless the result admits someone."""
    given: dict[str, Any] = {k: _age(raw, k, where) for k in AGE_KEYS if k in raw}
    if "sex" in raw:
        if raw["sex"] is not None and raw["sex"] not in SEXES:
            raise RegistryError(
                f"{where}.sex must be null, female or male, not {raw['sex']!r}."
            )
        given["sex"] = raw["sex"]
    rule = replace(base, **given)
    if rule.max_age is not None and rule.max_age <= rule.min_age:
        raise RegistryError(
            f"{where} admits nobody: min_age {rule.min_age} is the youngest age "
            f"admitted and max_age {rule.max_age} the first one no longer admitted."
        )
    return rule


def _profile_rules(raw: Any) -> dict[str, ProfileRule]:
    if not isinstance(raw, dict):
        raise RegistryError(
            "bed_profiles must map each bed profile to whom it admits, e.g. "
            '{"pediatrics": {"max_age": 18}, "gynecology": {"min_age": 18, '
            '"sex": "female"}}.'
        )
    rules = {}
    for name, entry in raw.items():
        where = f"bed_profiles.{name}"
        if not isinstance(entry, dict) or set(entry) - set(RULE_KEYS):
            raise RegistryError(
                f"{where} must be an object of min_age, max_age and sex only, "
                f"not {json.dumps(entry)}."
            )
        rules[name] = profile_rule(entry, where)
    return rules


def _bed_profile(
    name: str, raw: dict[str, Any], rules: Mapping[str, ProfileRule], where: str
) -> BedProfile:
    if name not in rules:
        raise RegistryError(
            f"{where}: {name} is not one of the registry's bed_profiles."
        )
    return BedProfile(
        raw["beds"],
        raw["typical_stay_days"],
        tuple(raw["stays"]),
        profile_rule(raw, where, rules[name]),
    )


def _in_every_language(raw: dict[str, Any], key: str) -> MappingProxyType[str, str]:
    """``raw[key]``'s text in each of ``LANGUAGES``, or RegistryError naming
    the facility and the language missing."""
    where = f"facilities.{raw['id']}.{key}"
    given = raw.get(key)
    if not isinstance(given, dict):
        raise RegistryError(
            f"{where} must give the {key} in each of {', '.join(LANGUAGES)}, "
            f'e.g. {{"kk": "...", "ru": "...", "en": "..."}}, not {json.dumps(given)}.'
        )
    for language in LANGUAGES:
        text = given.get(language)
        if not isinstance(text, str) or not text.strip():
            raise RegistryError(
                f"{where}.{language} must be the {key} in that language, "
                f"not {json.dumps(text)}."
            )
    return MappingProxyType({language: given[language] for language in LANGUAGES})


def _facility(raw: dict[str, Any], rules: Mapping[str, ProfileRule]) -> Facility:
    texts = {key: _in_every_language(raw, key) for key in IN_EVERY_LANGUAGE}
    where = f"facilities.{raw['id']}.bed_profiles"
    profiles = {
        name: _bed_profile(name, p, rules, f"{where}.{name}")
        for name, p in raw["bed_profiles"].items()
    }
    return Facility(
        id=raw["id"],
        names=texts["name"],
        region=raw["region"],
        kind=raw["kind"],
        addresses=texts["address"],
        phone=raw["phone"],
        osms_contracted=raw["osms_contracted"],
        bed_profiles=MappingProxyType(profiles),
    )


def load_registry(path: Path = DATA_FILE) -> Registry:
    raw = json.loads(path.read_text(encoding="utf-8"))
    try:
        rules = _profile_rules(raw["bed_profiles"])
        facilities = {f["id"]: _facility(f, rules) for f in raw["facilities"]}
    except RegistryError as exc:
        raise RegistryError(f"The facility registry {path}: {exc}") from None
    return Registry(
        version=raw["version"],
        regions=MappingProxyType({r["code"]: r["name"] for r in raw["regions"]}),
        bed_profiles=tuple(rules),
        facilities=MappingProxyType(facilities),
        profile_rules=MappingProxyType(rules),
    )


@cache
def default_registry() -> Registry:
    return load_registry()


def registry_for(registry_file: str) -> Registry:
    """``REGISTRY_FILE``'s registry, or the shipped one when it is empty."""
    return load_registry(Path(registry_file)) if registry_file else default_registry()
