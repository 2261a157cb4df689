"""No template, in any language, may name the kind of care."""

import shutil
from pathlib import Path

import pytest

from services.notification.adapters.catalogue import (
    LOCALE_DIR,
    GettextCatalogue,
    catalogue_entries,
    po_path,
    review,
)
from services.notification.domain.privacy import revealing_terms
from shared.reference.registry import default_registry

PLANTED = [
    ("en", "Your psychiatric ward is ready."),
    ("en", "Mental health admission."),
    ("en", "Addiction treatment slot."),
    ("en", "Your drug programme."),
    ("ru", "Вас ждёт психиатрическое отделение."),
    ("ru", "Наркологический диспансер."),
    ("ru", "Лечение зависимости."),
    ("ru", "Психическое здоровье."),
    ("kk", "Психиатриялық бөлім."),
    ("kk", "Наркологиялық орталық."),
    ("kk", "Тәуелділікті емдеу."),
    ("kk", "Психикалық денсаулық."),
    ("kk", "Есірткіге қарсы."),
]


def test_no_catalogue_entry_in_any_language_reveals_the_kind_of_care():
    for language in ("kk", "ru", "en"):
        for msgid, text in catalogue_entries(language).items():
            assert revealing_terms(text) == [], (language, msgid)
    assert review() == []


@pytest.mark.parametrize(("language", "text"), PLANTED)
def test_the_check_catches_a_planted_term(tmp_path: Path, language, text):
    shutil.copytree(LOCALE_DIR, tmp_path, dirs_exist_ok=True)
    po = po_path(language, tmp_path)
    original = catalogue_entries(language)["admitted.next"]
    po.write_text(po.read_text().replace(original, text))
    problems = review(locale_dir=tmp_path)
    assert problems and all("admitted.next" in p for p in problems)
    assert any("revealing" in p for p in problems)
    with pytest.raises(ValueError, match="revealing"):
        GettextCatalogue(locale_dir=tmp_path)


def test_terms_are_found_in_any_case_and_inside_words():
    assert revealing_terms("PSYCHIATRIC") == ["psychiatr"]
    assert revealing_terms("НАРКОЛОГИЯ") == ["нарколог"]
    assert revealing_terms("Your place in the waiting list") == []


def test_a_text_naming_a_mental_health_facility_in_any_language_would_be_caught():
    """No notice names a hospital (its name can say the kind of care): the
    registry's names of such facilities, in each language, are all refused."""
    facilities = [
        f for f in default_registry().facilities.values() if f.kind == "mental_health"
    ]
    assert facilities
    for facility in facilities:
        for language in ("kk", "ru", "en"):
            assert revealing_terms(facility.name_in(language)), facility.id
