"""Webhook signing secrets are stored sealed (AES-GCM): only the key from
settings opens them, only for the facility they were sealed for, and any
change to a sealed secret is detected."""

from __future__ import annotations

import base64

import pytest

from services.notification.adapters.secret_box import SecretBox, SecretUnreadable
from services.notification.settings import DEV_WEBHOOK_SECRET_KEY, NotificationSettings
from shared.settings import SettingsError

SECRET = "whsec_" + "k" * 43
BOX = SecretBox("a-webhook-secret-key-of-at-least-32-characters")


def test_a_sealed_secret_opens_to_the_secret_and_does_not_show_it():
    sealed = BOX.seal("KZ-75-P01", SECRET)
    assert SECRET not in sealed and SECRET[6:] not in sealed
    assert BOX.open("KZ-75-P01", sealed) == SECRET


def test_sealing_twice_gives_two_different_texts():
    assert BOX.seal("KZ-75-P01", SECRET) != BOX.seal("KZ-75-P01", SECRET)


def test_a_sealed_secret_does_not_open_for_another_facility():
    sealed = BOX.seal("KZ-75-P01", SECRET)
    with pytest.raises(SecretUnreadable):
        BOX.open("KZ-75-P02", sealed)


def test_another_key_cannot_open_it():
    sealed = BOX.seal("KZ-75-P01", SECRET)
    with pytest.raises(SecretUnreadable):
        SecretBox(DEV_WEBHOOK_SECRET_KEY).open("KZ-75-P01", sealed)


def test_a_changed_sealed_secret_is_detected():
    version, _, encoded = BOX.seal("KZ-75-P01", SECRET).partition(".")
    raw = bytearray(base64.urlsafe_b64decode(encoded))
    raw[-1] ^= 1
    changed = f"{version}.{base64.urlsafe_b64encode(bytes(raw)).decode()}"
    for unreadable in (changed, "v1.", "v1.not-base64!", "v2." + encoded, SECRET):
        with pytest.raises(SecretUnreadable):
            BOX.open("KZ-75-P01", unreadable)


def test_the_box_does_not_show_its_key():
    assert "at-least" not in repr(BOX)


def test_the_development_key_is_named_as_one_and_a_short_key_is_refused():
    assert DEV_WEBHOOK_SECRET_KEY.startswith("kezek-dev-")
    assert NotificationSettings().webhook_secret_key == DEV_WEBHOOK_SECRET_KEY
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET_KEY"):
        NotificationSettings(webhook_secret_key="too short").validate()
