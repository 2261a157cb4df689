"""The commands around the development issuer: ``kezek token`` signs with
its key; it and the issuer itself refuse outside development; ``kezek up``
starts no issuer when ``OIDC_ISSUER`` names a real provider."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jwt
import pytest

from shared.cli.main import main as kezek
from shared.devtools.issuer.__main__ import main as issuer_main
from shared.devtools.issuer.keys import DevelopmentKey
from shared.devtools.issuer.launch import start_issuer


@pytest.fixture
def development(monkeypatch, tmp_path) -> Path:
    home = tmp_path / "dev-issuer"
    monkeypatch.setenv("KEZEK_ENV", "development")
    monkeypatch.setenv("DEV_ISSUER_HOME", str(home))
    monkeypatch.setenv("OIDC_ISSUER", "http://127.0.0.1:18090")
    monkeypatch.delenv("JWT_MAX_LIFETIME_HOURS", raising=False)
    return home


def test_kezek_token_signs_with_the_development_issuers_key(development, capsys):
    assert kezek(["token", "--role", "doctor", "--facility", "KZ-71-P01"]) == 0
    token = capsys.readouterr().out.strip()
    key = DevelopmentKey.load_or_create(development)
    assert jwt.get_unverified_header(token)["kid"] == key.kid
    claims = jwt.decode(
        token,
        jwt.PyJWK(key.jwk()).key,
        algorithms=["ES256"],
        audience="kezek",
        issuer="http://127.0.0.1:18090",
    )
    assert (claims["role"], claims["facility"]) == ("doctor", "KZ-71-P01")
    assert (claims["sub"], claims["exp"] - claims["iat"]) == ("doctor@KZ-71-P01", 43200)


def test_kezek_token_keeps_to_the_longest_lifetime(development, capsys):
    args = ["token", "--role", "admin", "--facility", "KZ-00-ADMIN", "--hours", "13"]
    assert kezek(args) == 2
    assert "JWT_MAX_LIFETIME_HOURS" in capsys.readouterr().err


def test_kezek_token_refuses_outside_development(development, monkeypatch, capsys):
    monkeypatch.setenv("KEZEK_ENV", "production")
    monkeypatch.setenv("OIDC_ISSUER", "https://id.kezek.example/realms/kezek")
    assert kezek(["token", "--role", "doctor", "--facility", "KZ-71-P01"]) == 2
    assert "KEZEK_ENV=development" in capsys.readouterr().err
    assert not development.exists()


def test_the_issuer_refuses_to_start_outside_development(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("KEZEK_ENV", "production")
    assert issuer_main(["--port", "1", "--home", str(tmp_path / "keys")]) == 2
    assert "KEZEK_ENV=development" in capsys.readouterr().err
    assert not (tmp_path / "keys").exists()


@dataclass
class Stack:
    home: Path
    env: dict[str, str]
    processes: dict = field(default_factory=dict)


def test_kezek_up_starts_no_issuer_when_oidc_issuer_names_a_provider(tmp_path, capsys):
    provider = "https://id.example.kz/realms/kezek"
    stack = Stack(tmp_path, {"KEZEK_ENV": "development", "OIDC_ISSUER": provider})
    start_issuer(stack)
    assert stack.processes == {}
    assert stack.env["OIDC_ISSUER"] == provider
    assert provider in capsys.readouterr().out


def test_kezek_up_starts_no_issuer_outside_development(tmp_path, capsys):
    stack = Stack(tmp_path, {"KEZEK_ENV": "production"})
    start_issuer(stack)
    assert stack.processes == {}
    assert "OIDC_ISSUER" not in stack.env
    assert "KEZEK_ENV=development" in capsys.readouterr().out
