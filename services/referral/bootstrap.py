"""Builds the referral service's app with every dependency from its settings."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from services.referral.adapters.mongo_referrals import INDEXES, mongo_referral_change
from services.referral.domain.rules import Validity
from services.referral.entrypoints.http import DEPENDENCIES
from services.referral.entrypoints.queue_events import queue_event_handlers
from services.referral.entrypoints.routes import setup_routes
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.unit_of_work import ReferralChange
from services.referral.settings import ReferralSettings
from shared.http import REGISTRY, OpenApi, create_app, finish_routes
from shared.messaging import EventHandler
from shared.reference.registry import Registry
from shared.runtime import Platform, platform_context
from shared.unit_of_work import UnitOfWork

DESCRIPTION = (
    "Doctors register, follow, cancel, renew and reinstate referrals for planned "
    "hospitalization. "
    "Bearer token (role doctor, claim facility) on every /v1 route. Errors have "
    'one shape: {"error": {"status", "code", "message", "fields"}}.'
)


def build_dependencies(
    settings: ReferralSettings,
    registry: Registry,
    uow: UnitOfWork[ReferralChange],
) -> Dependencies:
    return Dependencies(
        uow=uow,
        registry=registry,
        digest_key=settings.iin_digest_key.encode(),
        producer=settings.service_name,
        validity=Validity(
            settings.referral_validity_days, settings.planned_date_grace_days
        ),
        idempotency_ttl=timedelta(hours=settings.idempotency_ttl_hours),
        timezone=ZoneInfo(settings.local_timezone),
    )


def http_app(settings: ReferralSettings) -> web.Application:
    """The routes and their documents, without the platform: the views find
    their dependencies at ``app[DEPENDENCIES]``."""
    app = create_app(settings)
    api = OpenApi("Kezek referral service", "1.0.0", DESCRIPTION)
    setup_routes(app, api)
    api.setup(app)
    finish_routes(app)
    return app


def init_app(settings: ReferralSettings) -> web.Application:
    """The service on MongoDB and RabbitMQ, opened with the app."""
    app = http_app(settings)

    def handlers_for(platform: Platform) -> dict[str, EventHandler]:
        digest_key = settings.iin_digest_key.encode()
        uow = platform.uow.with_change(mongo_referral_change(digest_key))
        deps = build_dependencies(settings, app[REGISTRY], uow)
        app[DEPENDENCIES] = deps
        return queue_event_handlers(deps)

    app.cleanup_ctx.append(platform_context(INDEXES, handlers_for))
    return app
