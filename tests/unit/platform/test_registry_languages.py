"""Every facility's name and address in kk, ru and en: the shipped registry
has them (Kazakh and Russian in Cyrillic), and a registry file missing one,
or giving it empty or as one string, stops the start naming the facility
and the language."""

from __future__ import annotations

from typing import Any

import pytest

from shared.contracts.events import LANGUAGES
from shared.reference.registry import RegistryError, default_registry, registry_for
from tests.unit.platform.test_registry_rules import facility_entry, shipped, written

CYRILLIC = {chr(c) for c in range(0x0400, 0x0500)}


def test_every_shipped_facility_has_its_name_and_address_in_each_language():
    facilities = default_registry().facilities.values()
    assert facilities
    for facility in facilities:
        for texts in (facility.names, facility.addresses):
            assert set(texts) == set(LANGUAGES)
            assert CYRILLIC & set(texts["kk"]) and CYRILLIC & set(texts["ru"])
            assert not CYRILLIC & set(texts["en"])
            assert len(set(texts.values())) > 1


def test_a_facility_answers_in_the_language_asked_for():
    facility = default_registry().get("KZ-75-M01")
    assert facility is not None
    assert facility.name_in("en") == "Regional Mental Health Centre, Almaty"
    assert facility.name_in("ru") == "Областной центр психического здоровья, Алматы"
    assert facility.name_in("kk") == "Облыстық психикалық денсаулық орталығы, Алматы"
    assert facility.address_in("kk") == "Желтоқсан көшесі, 15, Алматы"
    assert facility.address_in("ru") == "улица Желтоксан, 15, Алматы"


def without(key: str, language: str) -> Any:
    def change(entry: dict[str, Any]) -> None:
        del entry[key][language]

    return change


def given(key: str, value: Any) -> Any:
    def change(entry: dict[str, Any]) -> None:
        entry[key] = value

    return change


def emptied(key: str, language: str) -> Any:
    def change(entry: dict[str, Any]) -> None:
        entry[key][language] = "  "

    return change


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (without("name", "kk"), "facilities.KZ-75-H01.name.kk"),
        (without("name", "ru"), "facilities.KZ-75-H01.name.ru"),
        (without("address", "en"), "facilities.KZ-75-H01.address.en"),
        (emptied("address", "ru"), "facilities.KZ-75-H01.address.ru"),
        (given("name", "City Hospital"), "facilities.KZ-75-H01.name must give"),
        (given("address", None), "facilities.KZ-75-H01.address must give"),
        (given("name", {"kk": "А", "ru": "Б", "en": 7}), "KZ-75-H01.name.en"),
    ],
)
def test_a_name_or_address_missing_a_language_stops_the_start(tmp_path, change, named):
    raw = shipped()
    change(facility_entry(raw, "KZ-75-H01"))
    path = written(tmp_path, raw)
    with pytest.raises(RegistryError) as refused:
        registry_for(path)
    message = str(refused.value)
    assert message.startswith(f"The facility registry {path}: ")
    assert named in message
