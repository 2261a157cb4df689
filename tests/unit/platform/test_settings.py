"""Settings: one frozen object per service, read from the environment."""

from __future__ import annotations

import dataclasses

import pytest

from services.notification.settings import NotificationSettings
from services.queue.settings import QueueSettings
from services.referral.settings import ReferralSettings
from shared.settings import ServiceSettings, SettingsError

DEV = {"KEZEK_ENV": "development"}
PROVIDER = {"OIDC_ISSUER": "https://id.kezek.example/realms/kezek"}
"""A production deployment's identity provider."""


def test_defaults_need_no_environment():
    settings = ServiceSettings.from_env(DEV)
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
        **PROVIDER,
    }
    settings = ServiceSettings.from_env(env)
    assert settings.mongo_url == env["MONGO_URL"]
    assert settings.http_port == 9000
    assert settings.publish_timeout_s == 2.5
    assert settings.retry_delays_ms == (10, 20, 40)
    assert settings.max_attempts == 3
    assert settings.oidc_issuer == PROVIDER["OIDC_ISSUER"]


def test_the_environment_overrides_a_services_own_defaults():
    settings = ServiceSettings.from_env({**DEV, "HTTP_PORT": "7000"}, http_port=8081)
    assert settings.http_port == 7000
    assert (
        ServiceSettings.from_env(
            {
                **DEV,
            },
            http_port=8081,
        ).http_port
        == 8081
    )


@pytest.mark.parametrize(
    ("cls", "name", "port"),
    [
        (ReferralSettings, "referral", 8081),
        (QueueSettings, "queue", 8082),
        (NotificationSettings, "notification", 8083),
    ],
)
def test_each_service_has_its_own_name_port_and_database(cls, name, port):
    settings = cls.from_env(DEV)
    assert (settings.service_name, settings.http_port) == (name, port)
    assert settings.database_name == f"kezek_{name}"
    assert cls.from_env({**DEV, "MONGO_DB": "shared_db"}).database_name == "shared_db"


@pytest.mark.parametrize(
    ("env", "mentions"),
    [
        ({"HTTP_PORT": "eighty"}, "HTTP_PORT"),
        ({"PUBLISH_TIMEOUT_S": "soon"}, "PUBLISH_TIMEOUT_S"),
        ({"RETRY_DELAYS_MS": "100,later"}, "RETRY_DELAYS_MS"),
        ({"RETRY_DELAYS_MS": ""}, "RETRY_DELAYS_MS"),
        ({"MAX_ATTEMPTS": "0"}, "MAX_ATTEMPTS"),
        ({"STORE_TIMEOUT_S": "0"}, "STORE_TIMEOUT_S"),
        ({"OIDC_ISSUER": "http://id.kezek.example"}, "OIDC_ISSUER"),
    ],
)
def test_a_bad_value_is_a_settings_error_naming_the_variable(env, mentions):
    with pytest.raises(SettingsError, match=mentions):
        ServiceSettings.from_env(env)


@pytest.mark.parametrize("history", ["0", "129"])
def test_the_queue_keeps_between_one_and_128_recent_movements(history):
    with pytest.raises(SettingsError, match="MOVEMENT_HISTORY"):
        QueueSettings.from_env({**DEV, "MOVEMENT_HISTORY": history})
    assert (
        QueueSettings.from_env({**DEV, "MOVEMENT_HISTORY": "128"}).movement_history
        == 128
    )


def test_an_estimate_needs_at_least_one_admission():
    with pytest.raises(SettingsError, match="ESTIMATE_MIN_ADMISSIONS"):
        QueueSettings.from_env({**DEV, "ESTIMATE_MIN_ADMISSIONS": "0"})
    settings = QueueSettings.from_env({**DEV, "ESTIMATE_MIN_ADMISSIONS": "1"})
    assert settings.estimate_min_admissions == 1


@pytest.mark.parametrize("raw", ["1", "true", "YES", "on"])
def test_booleans_read_true(raw):
    @dataclasses.dataclass(frozen=True)
    class WithFlag(ServiceSettings):
        feature_enabled: bool = False

    assert WithFlag.from_env({**DEV, "FEATURE_ENABLED": raw}).feature_enabled is True


def test_a_bad_boolean_is_a_settings_error():
    @dataclasses.dataclass(frozen=True)
    class WithFlag(ServiceSettings):
        feature_enabled: bool = False

    assert WithFlag.from_env({**DEV, "FEATURE_ENABLED": "off"}).feature_enabled is False
    with pytest.raises(SettingsError, match="FEATURE_ENABLED"):
        WithFlag.from_env({**DEV, "FEATURE_ENABLED": "maybe"})


def test_settings_are_frozen():
    settings = ServiceSettings.from_env(DEV)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.http_port = 1  # type: ignore[misc]


def test_unrelated_environment_variables_are_ignored():
    settings = ServiceSettings.from_env({**DEV, "PATH": "/bin", "EXTRA": "x"})
    assert settings == ServiceSettings.from_env(DEV)


@pytest.mark.parametrize("cls", [ReferralSettings, QueueSettings])
def test_a_service_refuses_to_start_on_published_keys_outside_development(cls):
    with pytest.raises(SettingsError, match="^IIN_DIGEST_KEY: a published"):
        cls.from_env(PROVIDER)
    own = cls.from_env({**PROVIDER, "IIN_DIGEST_KEY": "d" * 40})
    assert not own.in_development and own.published_keys_in_use() == []


def test_outside_development_the_issuer_is_a_providers_https_address():
    with pytest.raises(SettingsError, match="OIDC_ISSUER must be your identity"):
        ServiceSettings.from_env({"KEZEK_ENV": "production"})
    assert ServiceSettings.from_env(DEV).oidc_issuer == "http://127.0.0.1:8090"


def test_the_discovery_document_is_the_issuers_unless_set_apart():
    settings = ServiceSettings.from_env(PROVIDER)
    assert settings.discovery_url == (
        "https://id.kezek.example/realms/kezek/.well-known/openid-configuration"
    )
    inside = "http://keycloak:8080/realms/kezek/.well-known/openid-configuration"
    moved = ServiceSettings.from_env({**PROVIDER, "OIDC_DISCOVERY_URL": inside})
    assert moved.discovery_url == inside


def test_development_accepts_published_keys_and_names_them():
    settings = QueueSettings.from_env(DEV)
    assert settings.in_development
    assert settings.published_keys_in_use() == ["IIN_DIGEST_KEY"]


def test_kezek_env_is_production_or_development():
    with pytest.raises(SettingsError, match="KEZEK_ENV"):
        ServiceSettings.from_env({"KEZEK_ENV": "staging", **PROVIDER})


def test_referral_and_queue_share_one_development_digest_key():
    assert ReferralSettings().iin_digest_key == QueueSettings().iin_digest_key


@pytest.mark.parametrize("hours", ["0", "-1", "169"])
def test_a_token_lifetime_is_bounded(hours):
    with pytest.raises(SettingsError, match="JWT_MAX_LIFETIME_HOURS"):
        ServiceSettings.from_env({**DEV, "JWT_MAX_LIFETIME_HOURS": hours})


def test_the_notification_service_refuses_its_published_sealing_key():
    own = PROVIDER
    with pytest.raises(SettingsError, match="^WEBHOOK_SECRET_KEY: a published"):
        NotificationSettings.from_env(own)


def test_local_webhooks_only_in_development():
    keys = {**PROVIDER, "WEBHOOK_SECRET_KEY": "w" * 40}
    with pytest.raises(SettingsError, match="WEBHOOK_ALLOW_LOCAL"):
        NotificationSettings.from_env({**keys, "WEBHOOK_ALLOW_LOCAL": "true"})
    assert NotificationSettings.from_env({**DEV, "WEBHOOK_ALLOW_LOCAL": "true"})
