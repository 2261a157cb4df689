"""The registry's rules of whom each bed profile admits: the shipped ones,
a facility's own range for its beds, and a registry file whose rules admit
nobody or cannot be read, which stops the start naming the entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared.reference.profile_rules import FEMALE, ProfileRule
from shared.reference.registry import (
    DATA_FILE,
    RegistryError,
    default_registry,
    registry_for,
)
from shared.settings import SettingsError

REGISTRY = default_registry()
ADULT = ProfileRule(min_age=18)
CHILDREN = ProfileRule(min_age=0, max_age=18)


def admits(facility_id: str, bed_profile: str) -> ProfileRule:
    facility = REGISTRY.get(facility_id)
    assert facility is not None
    return facility.bed_profiles[bed_profile].admits


def test_pediatrics_is_for_children_gynecology_for_women_and_the_rest_for_adults():
    rules = dict(REGISTRY.profile_rules)
    assert rules.pop("pediatrics") == CHILDREN
    assert rules.pop("gynecology") == ProfileRule(min_age=18, sex=FEMALE)
    assert set(rules.values()) == {ADULT}
    assert set(REGISTRY.bed_profiles) == set(REGISTRY.profile_rules)


def test_every_bed_of_a_childrens_hospital_is_for_children_and_others_keep_defaults():
    childrens = [
        f for f in REGISTRY.hospitals() if f.name_in("en").startswith("Children's")
    ]
    assert childrens
    for facility in childrens:
        assert {p.admits for p in facility.bed_profiles.values()} == {CHILDREN}
    assert admits("KZ-75-H01", "surgery") == ADULT
    assert admits("KZ-75-M01", "psychiatry") == ADULT


def shipped() -> dict[str, Any]:
    return dict(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def facility_entry(raw: dict[str, Any], facility_id: str) -> dict[str, Any]:
    return next(f for f in raw["facilities"] if f["id"] == facility_id)


def written(tmp_path: Path, raw: dict[str, Any]) -> str:
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return str(path)


def test_a_facility_gives_its_own_range_and_keeps_the_rest_of_the_profiles(tmp_path):
    raw = shipped()
    psychiatry = facility_entry(raw, "KZ-75-M01")["bed_profiles"]["psychiatry"]
    psychiatry["min_age"] = 16
    registry = registry_for(written(tmp_path, raw))
    facility = registry.get("KZ-75-M01")
    assert facility is not None
    assert facility.bed_profiles["psychiatry"].admits == ProfileRule(min_age=16)
    assert facility.bed_profiles["narcology"].admits == ADULT
    other = registry.get("KZ-71-M01")
    assert other is not None and other.bed_profiles["psychiatry"].admits == ADULT


def test_a_facility_may_lift_a_profiles_upper_age_and_its_sex(tmp_path):
    raw = shipped()
    raw["bed_profiles"]["therapy"] = {"min_age": 18, "max_age": 65, "sex": "male"}
    therapy = facility_entry(raw, "KZ-75-H01")["bed_profiles"]["therapy"]
    therapy.update(max_age=None, sex=None)
    registry = registry_for(written(tmp_path, raw))
    ours, theirs = registry.get("KZ-75-H01"), registry.get("KZ-71-H01")
    assert ours is not None and theirs is not None
    assert ours.bed_profiles["therapy"].admits == ADULT
    assert theirs.bed_profiles["therapy"].admits == ProfileRule(18, 65, "male")


def profile_set(name: str, **rule: Any) -> Any:
    def change(raw: dict[str, Any]) -> None:
        raw["bed_profiles"][name] = rule

    return change


def facility_set(facility_id: str, profile: str, **rule: Any) -> Any:
    def change(raw: dict[str, Any]) -> None:
        facility_entry(raw, facility_id)["bed_profiles"][profile].update(rule)

    return change


def listed_by_name(raw: dict[str, Any]) -> None:
    raw["bed_profiles"] = list(raw["bed_profiles"])


def offered_unlisted(raw: dict[str, Any]) -> None:
    del raw["bed_profiles"]["surgery"]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (profile_set("pediatrics", min_age=18, max_age=18), "bed_profiles.pediatrics"),
        (profile_set("pediatrics", min_age=10, max_age=5), "admits nobody"),
        (profile_set("psychiatry", min_age=-1), "bed_profiles.psychiatry.min_age"),
        (profile_set("psychiatry", min_age=None), "bed_profiles.psychiatry.min_age"),
        (profile_set("psychiatry", min_age="18"), "bed_profiles.psychiatry.min_age"),
        (profile_set("psychiatry", min_age=17.5), "bed_profiles.psychiatry.min_age"),
        (profile_set("psychiatry", min_age=True), "bed_profiles.psychiatry.min_age"),
        (profile_set("psychiatry", max_age=200), "bed_profiles.psychiatry.max_age"),
        (profile_set("gynecology", sex="f"), "bed_profiles.gynecology.sex"),
        (profile_set("therapy", minimum_age=18), "bed_profiles.therapy"),
        (listed_by_name, "bed_profiles must map each bed profile"),
        (offered_unlisted, "facilities.KZ-71-H01.bed_profiles.surgery"),
        (
            facility_set("KZ-75-M01", "psychiatry", max_age=16),
            "facilities.KZ-75-M01.bed_profiles.psychiatry admits nobody",
        ),
        (
            facility_set("KZ-75-H02", "surgery", max_age="18"),
            "facilities.KZ-75-H02.bed_profiles.surgery.max_age",
        ),
    ],
)
def test_a_rule_that_admits_nobody_or_cannot_be_read_stops_the_start(
    tmp_path, change, named
):
    raw = shipped()
    change(raw)
    path = written(tmp_path, raw)
    with pytest.raises(RegistryError) as refused:
        registry_for(path)
    assert isinstance(refused.value, SettingsError)
    message = str(refused.value)
    assert message.startswith(f"The facility registry {path}: ")
    assert named in message
