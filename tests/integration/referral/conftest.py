"""The referral service as its entry builds it, on the real broker and the
real Mongo-wire server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

import pytest

from services.referral.bootstrap import init_app
from services.referral.settings import ReferralSettings
from tests.integration.helpers import event_probe
from tests.unit.referral.factories import doctor_headers


@pytest.fixture
def settings(make_settings: Callable[..., Any]) -> ReferralSettings:
    return make_settings(ReferralSettings)


@pytest.fixture
async def referral_events_sink(
    amqp_url: str, settings: ReferralSettings
) -> AsyncIterator[None]:
    """Stands in for the queue service's binding of referral.*: without any,
    the broker returns every referral event unroutable and the outbox keeps
    retrying it."""
    async with event_probe(amqp_url, settings.kezek_namespace, "referral.*"):
        yield


@pytest.fixture
async def client(
    aiohttp_client: Any, settings: ReferralSettings, referral_events_sink: None
) -> Any:
    return await aiohttp_client(init_app(settings))


@pytest.fixture
def auth(settings: ReferralSettings) -> Callable[..., dict[str, str]]:
    return partial(doctor_headers, settings)
