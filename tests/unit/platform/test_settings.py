"""Settings: one frozen object per service, read from the environment."""

from __future__ import annotations

import dataclasses

import pytest

from services.notification.settings import NotificationSettings
from services.queue.settings import QueueSettings
from services.referral.settings import ReferralSettings
from shared.settings import ServiceSettings, SettingsError

SECRET = "s" * 40


def test_defaults_need_no_environment():
    settings = ServiceSettings.from_env({})
    assert settings.amqp_url == "amqp://guest:guest@127.0.0.1:5672/"
    assert settings.retry_delays_ms == (1000, 5000, 30000)
    assert settings.database_name == "kezek_kezek"


def test_environment_names_are_the_upper_cased_field_names():
    env = {
        "MONGO_URL": "mongodb://db.example:27017/?replicaSet=rs0",
        "HTTP_PORT": "9000",
        "PUBLISH_TIMEOUT_S": "2.5",
        "RETRY_DELAYS_MS": "10, 20,40",
        "MAX_ATTEMPTS": "3",
        "JWT_SECRET": SECRET,
    }
    settings = ServiceSettings.from_env(env)
    assert settings.mongo_url == env["MONGO_URL"]
    assert settings.http_port == 9000
    assert settings.publish_timeout_s == 2.5
    assert settings.retry_delays_ms == (10, 20, 40)
    assert settings.max_attempts == 3
    assert settings.jwt_secret == SECRET


def test_the_environment_overrides_a_services_own_defaults():
    settings = ServiceSettings.from_env({"HTTP_PORT": "7000"}, http_port=8081)
    assert settings.http_port == 7000
    assert ServiceSettings.from_env({}, http_port=8081).http_port == 8081


@pytest.mark.parametrize(
    ("cls", "name", "port"),
    [
        (ReferralSettings, "referral", 8081),
        (QueueSettings, "queue", 8082),
        (NotificationSettings, "notification", 8083),
    ],
)
def test_each_service_has_its_own_name_port_and_database(cls, name, port):
    settings = cls.from_env({})
    assert (settings.service_name, settings.http_port) == (name, port)
    assert settings.database_name == f"kezek_{name}"
    assert cls.from_env({"MONGO_DB": "shared_db"}).database_name == "shared_db"


@pytest.mark.parametrize(
    ("env", "mentions"),
    [
        ({"HTTP_PORT": "eighty"}, "HTTP_PORT"),
        ({"PUBLISH_TIMEOUT_S": "soon"}, "PUBLISH_TIMEOUT_S"),
        ({"RETRY_DELAYS_MS": "100,later"}, "RETRY_DELAYS_MS"),
        ({"RETRY_DELAYS_MS": ""}, "RETRY_DELAYS_MS"),
        ({"MAX_ATTEMPTS": "0"}, "MAX_ATTEMPTS"),
        ({"STORE_TIMEOUT_S": "0"}, "STORE_TIMEOUT_S"),
        ({"JWT_SECRET": "short"}, "JWT_SECRET"),
    ],
)
def test_a_bad_value_is_a_settings_error_naming_the_variable(env, mentions):
    with pytest.raises(SettingsError, match=mentions):
        ServiceSettings.from_env(env)


@pytest.mark.parametrize("history", ["0", "129"])
def test_the_queue_keeps_between_one_and_128_recent_movements(history):
    with pytest.raises(SettingsError, match="MOVEMENT_HISTORY"):
        QueueSettings.from_env({"MOVEMENT_HISTORY": history})
    assert QueueSettings.from_env({"MOVEMENT_HISTORY": "128"}).movement_history == 128


@pytest.mark.parametrize("raw", ["1", "true", "YES", "on"])
def test_booleans_read_true(raw):
    @dataclasses.dataclass(frozen=True)
    class WithFlag(ServiceSettings):
        feature_enabled: bool = False

    assert WithFlag.from_env({"FEATURE_ENABLED": raw}).feature_enabled is True


def test_a_bad_boolean_is_a_settings_error():
    @dataclasses.dataclass(frozen=True)
    class WithFlag(ServiceSettings):
        feature_enabled: bool = False

    assert WithFlag.from_env({"FEATURE_ENABLED": "off"}).feature_enabled is False
    with pytest.raises(SettingsError, match="FEATURE_ENABLED"):
        WithFlag.from_env({"FEATURE_ENABLED": "maybe"})


def test_settings_are_frozen():
    settings = ServiceSettings.from_env({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.http_port = 1  # type: ignore[misc]


def test_unrelated_environment_variables_are_ignored():
    settings = ServiceSettings.from_env({"PATH": "/bin", "EXTRA": "x"})
    assert settings == ServiceSettings.from_env({})
