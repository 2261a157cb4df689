"""``kezek up``'s development issuer as a process: started on
``DEV_ISSUER_PORT`` with its key under the stack's home, every service
pointed at it by ``OIDC_ISSUER``."""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from shared.devtools.issuer.keys import KEY_FILE, DevelopmentKey
from shared.devtools.issuer.launch import start_issuer
from shared.embedded import free_port


@dataclass
class Stack:
    home: Path
    env: dict[str, str]
    processes: dict = field(default_factory=dict)


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEV_ISSUER")}
    env.pop("OIDC_ISSUER", None)
    env.update(KEZEK_ENV="development", DEV_ISSUER_PORT=str(free_port()))
    started = Stack(tmp_path, env)
    yield started
    for process in started.processes.values():
        process.terminate()
        process.wait(10)


def read_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return dict(json.loads(answer.read()))


def test_kezek_up_starts_the_issuer_and_points_the_services_at_it(stack, capsys):
    start_issuer(stack)
    url = f"http://127.0.0.1:{stack.env['DEV_ISSUER_PORT']}"
    assert stack.env["OIDC_ISSUER"] == url
    assert f"  sign-in       {url}/ (development issuer)" in capsys.readouterr().out
    discovery = read_json(url + "/.well-known/openid-configuration")
    assert (discovery["issuer"], discovery["jwks_uri"]) == (url, url + "/jwks")
    key = DevelopmentKey.load_or_create(stack.home / "dev-issuer")
    assert (stack.home / "dev-issuer" / KEY_FILE).exists()
    assert read_json(discovery["jwks_uri"]) == {"keys": [key.jwk()]}
