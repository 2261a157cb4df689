"""The patient's name reaches the queue service alone: of every service's
bindings (``shared/messaging/topology.py``), only the queue's matches
``referral.patient_named``, read as RabbitMQ's topic exchange reads them."""

from __future__ import annotations

import re

import pytest

from shared.messaging.topology import SUBSCRIPTIONS

NAMED = "referral.patient_named"


def matches(binding: str, routing_key: str) -> bool:
    """A topic binding: ``*`` is one word, ``#`` zero or more."""
    words = []
    for word in binding.split("."):
        words.append({"*": r"[^.]+", "#": r".*"}.get(word, re.escape(word)))
    pattern = r"\.".join(words).replace(r".*\.", r"(?:.*\.)?")
    return re.fullmatch(pattern, routing_key) is not None


def receivers(routing_key: str) -> set[str]:
    return {
        service
        for service, bindings in SUBSCRIPTIONS.items()
        if any(matches(binding, routing_key) for binding in bindings)
    }


def test_only_the_queue_service_receives_the_patients_name():
    assert receivers(NAMED) == {"queue"}


def test_the_notification_service_still_hears_of_the_registration():
    assert "notification" in receivers("referral.registered")


@pytest.mark.parametrize(
    ("binding", "key", "matched"),
    [
        ("referral.*", NAMED, True),
        ("referral.registered", NAMED, False),
        ("queue.*", NAMED, False),
        ("#", NAMED, True),
        ("referral.#", NAMED, True),
        ("*", NAMED, False),
    ],
)
def test_the_topic_reading_is_rabbitmqs(binding, key, matched):
    assert matches(binding, key) is matched
