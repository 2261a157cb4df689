"""The three services' HTTP APIs as their apps declare them (built, never
started): each one's OpenAPI document and routes, so that what a document
says of a route can be held against what the service serves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from aiohttp import web

from services.notification.bootstrap import init_app as notification_app
from services.notification.settings import NotificationSettings
from services.queue.bootstrap import init_app as queue_app
from services.queue.settings import QueueSettings
from services.referral.bootstrap import http_app as referral_app
from services.referral.settings import ReferralSettings
from shared.http.openapi import OPENAPI

Json = dict[str, Any]


@dataclass(frozen=True)
class ServiceApi:
    name: str
    port: int
    document: Json
    served: frozenset[tuple[str, str]]
    """(method, path template) of every route the app serves."""

    def operation(self, method: str, path: str) -> Json | None:
        """The OpenAPI operation that answers ``method path`` (a concrete
        path, or a template with any parameter names)."""
        for template, operations in self.document["paths"].items():
            if matches(template, path) and method.lower() in operations:
                return dict(operations[method.lower()])
        return None

    def serves(self, method: str, path: str) -> bool:
        return any(m == method and matches(t, path) for m, t in self.served)

    def schema(self, reference: Json) -> Json:
        """A schema with its ``$ref`` followed."""
        while "$ref" in reference:
            reference = self.document["components"]["schemas"][
                reference["$ref"].rsplit("/", 1)[1]
            ]
        return reference


def matches(template: str, path: str) -> bool:
    """``/v1/referrals/{id}`` matches ``/v1/referrals/{referral_id}`` and
    ``/v1/referrals/$REFERRAL_ID``."""
    pattern = re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(template))
    candidate = re.sub(r"\{[^/]*?\}", "x", path)
    return re.fullmatch(pattern, candidate) is not None


@cache
def service_apis() -> dict[str, ServiceApi]:
    apps: dict[str, tuple[web.Application, int]] = {
        "referral": (referral_app(ReferralSettings()), ReferralSettings.http_port),
        "queue": (queue_app(QueueSettings()), QueueSettings.http_port),
        "notification": (
            notification_app(NotificationSettings()),
            NotificationSettings.http_port,
        ),
    }
    return {
        name: ServiceApi(name, port, app[OPENAPI], served_routes(app))
        for name, (app, port) in apps.items()
    }


def served_routes(app: web.Application) -> frozenset[tuple[str, str]]:
    return frozenset(
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.resource is not None and route.method != "*"
    )


def service_at(port: int) -> ServiceApi:
    return next(api for api in service_apis().values() if api.port == port)


def answer_schema(api: ServiceApi, operation: Json) -> Json:
    """The JSON schema of the operation's first 2xx answer ({} if none)."""
    for status, answer in sorted(operation["responses"].items()):
        content = answer.get("content", {}).get("application/json")
        if status.startswith("2") and content:
            return api.schema(content["schema"])
    return {}


def property_names(
    api: ServiceApi, schema: Json, seen: frozenset[str] = frozenset()
) -> set[str]:
    """Every property name anywhere in a schema's tree."""
    names: set[str] = set()
    ref = schema.get("$ref", "")
    if ref and ref in seen:
        return names
    schema, seen = api.schema(schema), seen | {ref}
    for name, inner in schema.get("properties", {}).items():
        names |= {name} | property_names(api, inner, seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            names |= property_names(api, schema[key], seen)
    for inner in schema.get("anyOf", []) + schema.get("allOf", []):
        names |= property_names(api, inner, seen)
    return names


TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def schema_errors(
    api: ServiceApi, value: Any, schema: Json, where: str = ""
) -> list[str]:
    """What in ``value`` the OpenAPI schema does not allow: unknown or
    missing keys, wrong types, values outside an enum (a small validator of
    the part of OpenAPI 3.0 the services' documents use)."""
    schema = api.schema(schema)
    if value is None:
        return [] if schema.get("nullable") or not schema else [f"{where}: null"]
    if "anyOf" in schema:
        tries = [schema_errors(api, value, s, where) for s in schema["anyOf"]]
        return [] if any(not t for t in tries) else min(tries, key=len)
    kind = schema.get("type")
    wrong_bool = isinstance(value, bool) and kind in {"integer", "number"}
    if kind and (not isinstance(value, TYPES[kind]) or wrong_bool):
        return [f"{where}: {value!r} is not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} not in {schema['enum']}"]
    if isinstance(value, list):
        items = schema.get("items", {})
        return [
            e
            for i, v in enumerate(value)
            for e in schema_errors(api, v, items, f"{where}[{i}]")
        ]
    if isinstance(value, dict):
        return object_errors(api, value, schema, where)
    return []


def object_errors(api: ServiceApi, value: Json, schema: Json, where: str) -> list[str]:
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    errors = [
        f"{where}.{k}: required" for k in schema.get("required", []) if k not in value
    ]
    for key, inner in value.items():
        if key in properties:
            errors += schema_errors(api, inner, properties[key], f"{where}.{key}")
        elif isinstance(extra, dict):
            errors += schema_errors(api, inner, extra, f"{where}.{key}")
        elif extra is False or properties:
            errors.append(f"{where}.{key}: not in the schema")
    return errors
