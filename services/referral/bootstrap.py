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
from services.referral.settings import ReferralSettings
from shared.http import REGISTRY, OpenApi, create_app, finish_routes
from shared.messaging import EventHandler
from shared.reference.registry import Registry
from shared.runtime import Platform, platform_context

DESCRIPTION = (
    "Doctors register, follow and cancel referrals for planned hospitalization. "
    "Bearer token (role doctor, claim facility) on every /v1 route. Errors have "
    'one shape: {"error": {"status", "code", "message", "fields"}}.'
)


def build_dependencies(
    platform: Platform, settings: ReferralSettings, registry: Registry
) -> Dependencies:
    """The handlers' dependencies on the platform's store and outbox."""
    digest_key = settings.iin_digest_key.encode()
    return Dependencies(
        uow=platform.uow.with_change(mongo_referral_change(digest_key)),
        registry=registry,
        digest_key=digest_key,
        producer=settings.service_name,
        validity=Validity(
            settings.referral_validity_days, settings.planned_date_grace_days
        ),
        idempotency_ttl=timedelta(hours=settings.idempotency_ttl_hours),
        timezone=ZoneInfo(settings.local_timezone),
    )


def init_app(settings: ReferralSettings) -> web.Application:
    app = create_app(settings)

    def handlers_for(platform: Platform) -> dict[str, EventHandler]:
        deps = build_dependencies(platform, settings, app[REGISTRY])
        app[DEPENDENCIES] = deps
        return queue_event_handlers(deps)

    app.cleanup_ctx.append(platform_context(INDEXES, handlers_for))
    api = OpenApi("Kezek referral service", "1.0.0", DESCRIPTION)
    setup_routes(app, api)
    api.setup(app)
    finish_routes(app)
    return app
