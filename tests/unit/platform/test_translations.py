from __future__ import annotations

import json

import pytest

from shared.http.errors import ApiError, error_response
from shared.http.translations import (
    LONGEST_MATCHED,
    Catalogue,
    translated,
    translated_fields,
)

WORDS = Catalogue(
    {
        "No such entry.": "Запись не найдена.",
        "Must be one of: {choices}.": "Допустимые значения: {choices}.",
        "cannot {action} an entry that is {status}.": "Нельзя {action}: {status}.",
        "cannot {action} an entry that is {status}. {detail}": (
            "Нельзя {action}: {status}. {detail}"
        ),
        "It is already placed.": "Уже в очереди.",
        "{hospital.id} has no {bed_profile} beds.": "{hospital.id}: нет {bed_profile}.",
        "This hospital has no {bed_profile} beds.": "Здесь нет {bed_profile}.",
    }
)


def test_a_plain_message_is_translated_whole():
    assert WORDS.translate("No such entry.") == "Запись не найдена."


def test_a_template_takes_the_values_of_the_english_message():
    assert WORDS.translate("Must be one of: kk, ru, en.") == (
        "Допустимые значения: kk, ru, en."
    )


def test_a_value_that_is_itself_a_message_is_translated_too():
    assert WORDS.translate("cannot place an entry that is waiting.") == (
        "Нельзя place: waiting."
    )
    assert WORDS.translate(
        "cannot place an entry that is waiting. It is already placed."
    ) == ("Нельзя place: waiting. Уже в очереди.")


def test_the_template_with_the_most_words_wins():
    assert WORDS.translate("This hospital has no day beds.") == "Здесь нет day."
    assert WORDS.translate("KZ-75-H01 has no day beds.") == "KZ-75-H01: нет day."


@pytest.mark.parametrize(
    "message",
    [
        "Something nobody wrote down.",
        "Must be one of kk, ru.",  # the words around the value differ
        "Must be one of: .",  # a placeholder holds something
        "",
        "No such entry",
    ],
)
def test_a_message_no_entry_matches_stays_english(message):
    assert WORDS.translate(message) == message


def test_values_are_put_in_as_they_are():
    odd = "a{b}c, (.*)+?\\1, $0, \n\\g<0>"
    assert WORDS.translate(f"Must be one of: {odd}.") == f"Допустимые значения: {odd}."


def test_a_very_long_message_is_not_matched_to_templates():
    message = f"Must be one of: {'x' * LONGEST_MATCHED}."
    assert WORDS.translate(message) == message


def test_the_field_messages_are_translated_under_the_same_names():
    field_messages = {
        "patient.iin": ["An IIN is exactly 12 digits."],
        "tests.0.code": ["Unknown field.", "Something nobody wrote down."],
    }
    assert translated_fields(field_messages, "ru") == {
        "patient.iin": ["ИИН состоит ровно из 12 цифр."],
        "tests.0.code": ["Неизвестное поле.", "Something nobody wrote down."],
    }


def test_english_and_an_unknown_language_leave_the_message_alone():
    assert translated("Unknown field.", "en") == "Unknown field."
    assert translated("Unknown field.", "de") == "Unknown field."
    assert translated("Unknown field.", "kk") == "Белгісіз өріс."


def _body(response) -> dict:
    return json.loads(response.body)["error"]


def test_an_error_answer_in_russian_keeps_its_code_fields_and_extras():
    error = ApiError(
        409,
        "invalid_transition",
        "cannot admit an entry that is waiting.",
        {"date": ["Not a valid date."]},
        headers={"Retry-After": "1"},
        extra={"current_status": "waiting"},
    )
    response = error.response("ru")
    assert _body(response) == {
        "status": 409,
        "code": "invalid_transition",
        "message": "Действие «admit» недоступно для записи в статусе «waiting».",
        "fields": {"date": ["Некорректная дата."]},
        "current_status": "waiting",
    }
    assert response.headers["Content-Language"] == "ru"
    assert response.headers["Vary"] == "Accept-Language"
    assert response.headers["Retry-After"] == "1"


def test_an_error_answer_in_english_is_the_message_as_written():
    response = error_response(404, "not_found", "No such entry.")
    assert _body(response) == {
        "status": 404,
        "code": "not_found",
        "message": "No such entry.",
    }
    assert response.headers["Content-Language"] == "en"
    assert response.headers["Vary"] == "Accept-Language"
