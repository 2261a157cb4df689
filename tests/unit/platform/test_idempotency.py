"""The one Idempotency-Key mechanism: which keys are taken, how a request
is recognised, and a change answered once."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from shared.idempotency import (
    Answer,
    IdempotencyKeyReused,
    KeyedRequest,
    MalformedIdempotencyKey,
    answered_once,
    checked_key,
    earlier_answer,
    fingerprint,
    scope,
)
from shared.memory_idempotency import MemoryAnswers

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEPT = timedelta(hours=48)
REQUEST = KeyedRequest(scope("KZ-75-M01", "pull", "k-1"), fingerprint({"count": 2}))


@pytest.mark.parametrize("key", ["c0ffee-0001", "~" * 255, "a", None])
def test_visible_ascii_keys_up_to_255_are_taken(key):
    assert checked_key(key) == key


@pytest.mark.parametrize("key", ["", "has spaces", "x" * 256, "ключ", "tab\t"])
def test_other_keys_are_malformed(key):
    with pytest.raises(MalformedIdempotencyKey):
        checked_key(key)


def test_a_fingerprint_ignores_key_order_and_spacing():
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": 1}) == hashlib.sha256(b'{"a":1}').hexdigest()
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


def test_a_keyed_fingerprint_is_an_hmac_of_the_canonical_request():
    keyed = fingerprint({"iin": "791028302728", "n": 1}, b"secret")
    canonical = b'{"iin":"791028302728","n":1}'
    assert keyed == hmac.new(b"secret", canonical, hashlib.sha256).hexdigest()
    assert keyed != fingerprint({"iin": "791028302728", "n": 1})


def test_a_scope_joins_its_parts():
    assert scope("KZ-75-P01", "dr-aliya", "k") == "KZ-75-P01|dr-aliya|k"


async def test_a_change_is_answered_once_and_then_replayed():
    answers, changes = MemoryAnswers({}), []

    async def change() -> Answer:
        changes.append(1)
        return Answer(200, {"taken": len(changes)})

    first = await answered_once(answers, REQUEST, NOW, KEPT, change)
    again = await answered_once(answers, REQUEST, NOW + KEPT / 2, KEPT, change)
    assert first == Answer(200, {"taken": 1})
    assert again == Answer(200, {"taken": 1}, replayed=True)
    assert changes == [1]
    after = await answered_once(answers, REQUEST, NOW + KEPT, KEPT, change)
    assert after == Answer(200, {"taken": 2})


async def test_the_same_key_for_another_request_is_refused():
    answers = MemoryAnswers({})

    async def change() -> Answer:
        return Answer(201, {"id": "r1"})

    await answered_once(answers, REQUEST, NOW, KEPT, change)
    other = KeyedRequest(REQUEST.scope, fingerprint({"count": 3}))
    with pytest.raises(IdempotencyKeyReused):
        await earlier_answer(answers, other, NOW)
    with pytest.raises(IdempotencyKeyReused):
        await answered_once(answers, other, NOW, KEPT, change)


async def test_without_a_key_every_request_is_a_change_and_nothing_is_kept():
    records: dict = {}
    answers = MemoryAnswers(records)

    async def change() -> Answer:
        return Answer(201, {"id": "r1"})

    assert await earlier_answer(answers, None, NOW) is None
    assert await answered_once(answers, None, NOW, KEPT, change) == Answer(
        201, {"id": "r1"}
    )
    assert records == {}
