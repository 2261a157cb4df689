import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.notification.adapters.catalogue import (
    LOCALE_DIR,
    GettextCatalogue,
    MissingTranslation,
    catalogue_entries,
    po_path,
    review,
)
from services.notification.domain.notices import LOOKUP_NOTICES, PATIENT_NOTICES
from services.notification.domain.texts import FOOTER, GREETING, WHY

NOW = datetime(2025, 3, 1, 9, tzinfo=UTC)
PAST_THE_HORIZON = [
    {"earliest": "2025-06-01", "latest": None, "horizon": "2027-03-01"},
    {"earliest": "2027-03-01", "latest": None, "horizon": "2027-03-01"},
]
"""Estimates reaching past the horizon: not before a day (and possibly
later than the horizon)."""


def used_msgids() -> set[str]:
    sample = {
        "position": 10,
        "queue_length": 20,
        "estimated_admission": {"earliest": "2025-03-01", "latest": "2025-03-09"},
        "scheduled_date": "2025-03-01",
        "valid_until": "2025-03-01",
        "reinstatable_until": "2025-03-01",
        "max_wait_days": 90,
        "deadline": "2025-03-01",
    }
    ids = {FOOTER, GREETING, WHY}
    for event_type, build in PATIENT_NOTICES.items():
        for returned in (True, False):
            notice = build({**sample, "returned_to_waiting": returned})
            assert notice is not None, event_type
            ids |= {*notice.parts, notice.subject, notice.short}
    placed = PATIENT_NOTICES["queue.entry_placed"]
    for estimate in PAST_THE_HORIZON:
        beyond = placed({**sample, "estimated_admission": estimate})
        assert beyond is not None
        ids |= set(beyond.parts)
    final = PATIENT_NOTICES["queue.entry_cancelled"]({"reason_code": "moved"})
    assert final is not None
    ids |= set(final.parts)
    lookup = {"one_time_code": "042917", "expires_at": NOW + timedelta(minutes=10)}
    for event_type, build_lookup in LOOKUP_NOTICES.items():
        found = build_lookup(lookup, NOW)
        assert found is not None, event_type
        ids |= {*found.parts, found.subject, found.short}
    return ids


def test_every_language_translates_exactly_the_entries_in_use():
    for language in ("kk", "ru", "en"):
        assert set(catalogue_entries(language)) == used_msgids(), language


def test_the_po_files_compile_and_answer_in_each_language():
    catalogue = GettextCatalogue()
    assert catalogue.text("kk", FOOTER).startswith("Күйі")
    assert catalogue.text("ru", FOOTER).startswith("Статус")
    assert catalogue.text("en", FOOTER).startswith("Status")


def test_an_untranslated_entry_is_refused(tmp_path: Path):
    shutil.copytree(LOCALE_DIR, tmp_path, dirs_exist_ok=True)
    po = po_path("kk", tmp_path)
    text = catalogue_entries("kk")["admitted.next"]
    po.write_text(po.read_text().replace(f'msgstr "{text}"', 'msgstr ""'))
    assert review(locale_dir=tmp_path) == ["kk: admitted.next is not translated"]


def test_a_placeholder_that_differs_from_english_is_refused(tmp_path: Path):
    shutil.copytree(LOCALE_DIR, tmp_path, dirs_exist_ok=True)
    po = po_path("ru", tmp_path)
    po.write_text(po.read_text().replace("{code} отменено", "{kod} отменено"))
    assert review(locale_dir=tmp_path) == [
        "ru: cancelled.headline has other placeholders than en"
    ]


def test_an_unknown_entry_is_an_error_not_an_english_fallback():
    with pytest.raises(MissingTranslation):
        GettextCatalogue().text("kk", "no.such.entry")
