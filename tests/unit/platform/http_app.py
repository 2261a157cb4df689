"""The small app the HTTP tests run against: a referral schema with a nested
patient, a paged listing, a handler that breaks and one that refuses."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from marshmallow import RAISE, Schema, fields, validate

from shared.http import (
    READINESS_CHECKS,
    ApiError,
    add_route,
    create_app,
    finish_routes,
    load_body,
    load_query,
)
from shared.settings import ServiceSettings


class Patient(Schema):
    class Meta:
        unknown = RAISE

    iin = fields.String(required=True, validate=validate.Regexp(r"^\d{12}$"))
    language = fields.String(required=True, validate=validate.OneOf(["kk", "ru"]))


class Referral(Schema):
    class Meta:
        unknown = RAISE

    facility_id = fields.String(required=True)
    patient = fields.Nested(Patient, required=True)


class Page(Schema):
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 100))


async def create(request: web.Request) -> web.Response:
    body = await load_body(request, Referral())
    return web.json_response({"facility_id": body["facility_id"]}, status=201)


async def listing(request: web.Request) -> web.Response:
    return web.json_response(load_query(request, Page()))


async def broken(request: web.Request) -> web.Response:
    raise RuntimeError("mongodb://admin:hunter2@db/ is down for 870512300123")


async def conflict(request: web.Request) -> web.Response:
    raise ApiError(409, "already_admitted", "The patient is already admitted.")


async def unit_client(aiohttp_client: Any) -> Any:
    """A test client of an app with these routes, a 1 KiB body limit and a
    mongo readiness check switched by ``client.state["mongo_up"]``."""
    app = create_app(ServiceSettings(service_name="unit", max_body_bytes=1024))
    add_route(app, "POST", "/v1/referrals", create)
    add_route(app, "GET", "/v1/referrals", listing)
    add_route(app, "GET", "/broken", broken)
    add_route(app, "POST", "/conflict", conflict)
    finish_routes(app)
    state: dict[str, Any] = {"mongo_up": True}

    async def mongo() -> None:
        if not state["mongo_up"]:
            raise ConnectionError("mongo down")

    async def rabbitmq() -> None:
        return None

    app[READINESS_CHECKS].update(mongo=mongo, rabbitmq=rabbitmq)
    test_client = await aiohttp_client(app)
    test_client.state = state
    return test_client


async def error_of(response, status: int) -> dict[str, Any]:
    assert response.status == status, await response.text()
    assert response.content_type == "application/json"
    body = await response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status
    assert isinstance(error["code"], str) and isinstance(error["message"], str)
    return dict(error)


def valid_referral() -> dict[str, Any]:
    return {
        "facility_id": "KZ-75-H01",
        "patient": {"iin": "870512300123", "language": "kk"},
    }
