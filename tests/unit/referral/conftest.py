"""The referral service's HTTP app and handlers on the in-memory unit of
work: no broker, no database."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from aiohttp import web

from services.referral.adapters.memory_referrals import memory_referral_change
from services.referral.bootstrap import build_dependencies, http_app
from services.referral.entrypoints.http import DEPENDENCIES
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.unit_of_work import ReferralChange
from services.referral.settings import ReferralSettings
from shared.http import REGISTRY
from shared.memory_unit_of_work import MemoryUnitOfWork
from shared.settings import DEVELOPMENT
from tests.identity import TEST_ISSUER
from tests.unit.referral.factories import doctor_headers

Uow = MemoryUnitOfWork[ReferralChange]


@pytest.fixture
def settings() -> ReferralSettings:
    return ReferralSettings(kezek_env=DEVELOPMENT, oidc_issuer=TEST_ISSUER.url)


@pytest.fixture
def uow() -> Uow:
    return MemoryUnitOfWork(memory_referral_change)


@pytest.fixture
def app(settings: ReferralSettings, uow: Uow) -> web.Application:
    app = http_app(settings)
    app[DEPENDENCIES] = build_dependencies(settings, app[REGISTRY], uow)
    return app


@pytest.fixture
def deps(app: web.Application) -> Dependencies:
    return app[DEPENDENCIES]


@pytest.fixture
async def client(aiohttp_client: Any, app: web.Application) -> Any:
    return await aiohttp_client(app)


@pytest.fixture
def auth(settings: ReferralSettings) -> Callable[..., dict[str, str]]:
    return partial(doctor_headers, settings)
