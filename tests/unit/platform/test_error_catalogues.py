"""Every message an API can send has its Kazakh and its Russian translation in
``shared/http/locales``, and the catalogues hold nothing else. The messages
are read from the source (``api_messages``: what the code hands to an error
answer, and the words of the exceptions whose ``str()`` it sends) and from
marshmallow and aiohttp (``schema_messages``: the default messages of the
fields and validators the HTTP schemas use, and the HTTP reason phrases).
A failure lists what to add, as ``.po`` entries with where each comes from."""

from __future__ import annotations

from functools import cache

import pytest

from shared.http.translations import (
    LOCALES_DIR,
    PLACEHOLDER,
    TRANSLATED,
    read_catalogue,
)
from tests.unit.platform.api_message_reader import read_source
from tests.unit.platform.api_messages import Found, source_files
from tests.unit.platform.schema_messages import http_reasons, schema_messages

READ_ELSEWHERE = {
    ("shared/http/errors.py", "self.message"): "an ApiError's, where it is made",
    ("shared/http/errors.py", "self.fields"): "an ApiError's, where it is made",
    ("shared/http/errors.py", "flatten_messages(exc.messages)"): (
        "marshmallow's: every ValidationError, and schema_messages"
    ),
    ("shared/http/app.py", "exc.reason"): "schema_messages.http_reasons",
    ("services/referral/entrypoints/refusals.py", "exc.errors"): (
        "the referral rules' findings.error(name, message)"
    ),
    ("services/notification/entrypoints/errors.py", "answer.message"): (
        "the Answer(...) entries of its ANSWERS"
    ),
    ("services/queue/refusals.py", "e.misfits"): (
        "the Misfit(...) sentences of shared/reference/profile_rules.py"
    ),
    ("services/referral/service_layer/checks.py", "misfit"): (
        "the Misfit(...) sentences of shared/reference/profile_rules.py"
    ),
}
"""Expressions in an answer whose words another rule reads."""


@cache
def found() -> Found:
    return read_source(READ_ELSEWHERE)


@cache
def api_messages() -> dict[str, list[str]]:
    """msgid -> where it comes from."""
    files = source_files()
    messages = found().messages + schema_messages(files) + http_reasons(files)
    where: dict[str, list[str]] = {}
    for message in messages:
        where.setdefault(message.msgid, []).append(message.where)
    return where


def catalogue(language: str) -> dict[str, str]:
    return read_catalogue(LOCALES_DIR / f"{language}.po", language)


def po_entries(msgids: list[str]) -> str:
    entries = []
    for msgid in msgids:
        where = sorted(set(api_messages()[msgid]))
        more = [f"# and {len(where) - 3} more"] if len(where) > 3 else []
        origins = "\n".join([*(f"#: {w}" for w in where[:3]), *more])
        quoted = msgid.replace("\\", "\\\\").replace('"', '\\"')
        entries.append(f'{origins}\nmsgid "{quoted}"\nmsgstr ""')
    return "\n\n".join(entries)


def test_the_words_of_every_error_answer_can_be_read():
    unreadable = sorted(set(found().unreadable))
    assert not unreadable, (
        "Error answers whose words cannot be read from the source; write them as "
        "a literal or an f-string of plain names, or say in READ_ELSEWHERE where "
        "they are read:\n"
        + "\n".join(f"  {where}: {expr}" for where, expr in unreadable)
    )
    assert found().met == set(READ_ELSEWHERE), "READ_ELSEWHERE names what is gone"


def test_the_reader_finds_the_known_kinds_of_message():
    messages = api_messages()
    assert "The request has invalid fields." in messages  # ApiError(...)
    assert "The body nests deeper than {MAX_DEPTH} levels." in messages  # f-string
    assert "Unknown field." in messages  # marshmallow's
    assert "Must be one of: {choices}." in messages  # a validator's template
    assert "The check digit does not match." in messages  # str(InvalidIIN)
    assert "It is already placed." in messages  # an InvalidTransition's detail
    assert "Not Found" in messages  # aiohttp's reason


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_an_api_sends_is_translated(language):
    missing = sorted(set(api_messages()) - set(catalogue(language)))
    assert not missing, (
        f"{len(missing)} messages the APIs can send have no translation in "
        f"shared/http/locales/{language}.po; add:\n\n{po_entries(missing)}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_translation_is_of_a_message_no_api_sends(language):
    stale = sorted(set(catalogue(language)) - set(api_messages()))
    assert not stale, (
        f"shared/http/locales/{language}.po translates messages no API sends "
        "any more; remove (or correct) them:\n" + "\n".join(f"  {s!r}" for s in stale)
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language):
    for msgid, text in catalogue(language).items():
        assert sorted(PLACEHOLDER.findall(text)) == sorted(
            PLACEHOLDER.findall(msgid)
        ), (language, msgid)
        assert text.strip() and text != msgid, (language, msgid)
