"""``kezek up`` starts the console beside the services and tells it where
they are; on plain HTTP its cookies go without ``Secure``."""

from __future__ import annotations

from shared.cli.up import SERVICES, console_env, service_ports


def test_the_console_is_one_of_the_processes_on_8084():
    assert SERVICES["console"] == 8084
    assert service_ports({"CONSOLE_PORT": "9184"})["console"] == 9184


def test_the_console_is_told_the_services_ports():
    env: dict[str, str] = {}
    console_env(env, {**SERVICES, "referral": 9181})
    assert env["REFERRAL_URL"] == "http://127.0.0.1:9181"
    assert env["QUEUE_URL"] == "http://127.0.0.1:8082"
    assert env["CONSOLE_PUBLIC_URL"] == "http://127.0.0.1:8084"
    assert env["COOKIE_SECURE"] == "false"


def test_what_the_environment_says_is_kept():
    env = {"COOKIE_SECURE": "true", "QUEUE_URL": "https://queue.example"}
    console_env(env, dict(SERVICES))
    assert (
        env["COOKIE_SECURE"] == "true" and env["QUEUE_URL"] == "https://queue.example"
    )
