"""HTTP basics shared by the services: app factory, errors, health, metrics,
OpenAPI, bearer-token auth."""

from shared.http.app import (
    READINESS_CHECKS,
    REGISTRY,
    SETTINGS,
    add_route,
    create_app,
    finish_routes,
)
from shared.http.auth import require_principal
from shared.http.errors import (
    ApiError,
    ErrorSchema,
    load_body,
    load_fields,
    load_query,
)
from shared.http.openapi import OpenApi

__all__ = [
    "READINESS_CHECKS",
    "REGISTRY",
    "SETTINGS",
    "ApiError",
    "ErrorSchema",
    "OpenApi",
    "add_route",
    "create_app",
    "finish_routes",
    "load_body",
    "load_fields",
    "load_query",
    "require_principal",
]
