"""The columns of the clerk's spreadsheets, with their headers in kk, ru and
en: the admissions list of a day and the list of inpatients. Codes (section,
priority, stay, kind) stay as the API documents them."""

from __future__ import annotations

from services.queue.hospital.entrypoints.sheets import (
    DATE,
    FLAG,
    IIN,
    MOMENT,
    NUMBER,
    TEXT,
    column,
)

ENTRY_ID = column("entry_id", TEXT, "Жазба ID", "ID записи", "Entry ID")
CODE = column(
    "hospitalization_code",
    TEXT,
    "Емдеуге жатқызу коды",
    "Код госпитализации",
    "Hospitalization code",
)
IIN_COLUMN = column("iin", IIN, "ЖСН", "ИИН", "IIN")
FULL_NAME = column(
    "full_name", TEXT, "Пациенттің аты-жөні", "ФИО пациента", "Patient's name"
)
STAY = column("stay", TEXT, "Стационар түрі", "Вид стационара", "Stay")

ADMISSION_COLUMNS = (
    column("section", TEXT, "Бөлім", "Раздел", "Section"),
    column("position", NUMBER, "Кезектегі орны", "Место в очереди", "Position"),
    ENTRY_ID,
    CODE,
    IIN_COLUMN,
    FULL_NAME,
    column("priority", TEXT, "Басымдық", "Приоритет", "Priority"),
    STAY,
    column(
        "registered_at", MOMENT, "Тіркелген уақыты", "Зарегистрировано", "Registered at"
    ),
    column(
        "scheduled_date",
        DATE,
        "Жатқызу күні",
        "Дата госпитализации",
        "Admission date",
    ),
    column(
        "valid_until",
        DATE,
        "Жолдаманың жарамдылық мерзімі",
        "Направление действительно до",
        "Valid until",
    ),
    column("tests_ready", FLAG, "Талдаулар дайын", "Анализы готовы", "Tests ready"),
    column(
        "tests_valid_until",
        DATE,
        "Талдаулардың жарамдылық мерзімі",
        "Анализы действительны до",
        "Tests valid until",
    ),
    column("no_shows", NUMBER, "Келмеу саны", "Неявки", "No-shows"),
)

INPATIENT_COLUMNS = (
    ENTRY_ID,
    CODE,
    column("kind", TEXT, "Түрі", "Тип", "Kind"),
    IIN_COLUMN,
    FULL_NAME,
    column("bed_profile", TEXT, "Төсек бейіні", "Профиль коек", "Bed profile"),
    STAY,
    column(
        "referring_facility_id",
        TEXT,
        "Жолдаған ұйым",
        "Направившая организация",
        "Referring facility",
    ),
    column(
        "admitted_at", MOMENT, "Жатқызылған уақыты", "Госпитализирован", "Admitted at"
    ),
    column(
        "expected_discharge",
        DATE,
        "Болжамды шығарылу күні",
        "Ожидаемая выписка",
        "Expected discharge",
    ),
    column("days_in", NUMBER, "Төсек-күн", "Койко-дней", "Days in"),
    column("overdue", FLAG, "Мерзімі өткен", "Срок превышен", "Overdue"),
)

ADMISSIONS_TITLES = {
    "kk": "Емдеуге жатқызу",
    "ru": "Госпитализация",
    "en": "Admissions",
}
INPATIENTS_TITLES = {"kk": "Стационардағылар", "ru": "В стационаре", "en": "Inpatients"}
