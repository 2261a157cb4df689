"""Routes and their OpenAPI document declared together, so they cannot drift.

api = OpenApi("Referral service", "1.0.0")
api.route(app, "POST", "/v1/referrals", create_referral,
          summary="Register a referral", body=ReferralRequest,
          responses={201: ReferralCreated}, roles=("doctor",))
api.setup(app)   # serves /openapi.json and /docs
finish_routes(app)  # the last route: 404 / 405 in the error shape
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from aiohttp import web
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema

from shared.http.app import add_route
from shared.http.errors import ErrorSchema

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
JSON = "application/json"
_ERRORS = {
    400: "Malformed request",
    401: "Missing or invalid bearer token",
    403: "The token's role may not do this",
    404: "Not found",
    409: "Conflicts with the current state",
    412: "Changed since the version given (If-Match)",
    413: "Body too large",
    415: "Body is not JSON",
    422: "Invalid fields",
    429: "Too many requests",
}


FILES = {
    "text/csv": {"type": "string"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "type": "string",
        "format": "binary",
    },
}
"""The files a route may answer instead of JSON, as OpenAPI describes them."""

OPENAPI = web.AppKey("openapi", dict[str, Any])
"""The app's OpenAPI document, as ``/openapi.json`` serves it."""


class OpenApi:
    def __init__(self, title: str, version: str, description: str = ""):
        self.spec = APISpec(
            title=title,
            version=version,
            openapi_version="3.0.3",
            info={"description": description},
            plugins=[MarshmallowPlugin()],
        )
        self.spec.components.schema("Error", schema=ErrorSchema)
        self.spec.components.security_scheme(
            "bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        )

    def route(
        self,
        app: web.Application,
        method: str,
        path: str,
        handler: Handler,
        *,
        summary: str,
        body: type[Schema] | Schema | None = None,
        query: type[Schema] | Schema | None = None,
        responses: Mapping[int, type[Schema] | Schema | str | None],
        errors: Sequence[int] | Mapping[int, str] = (),
        roles: Sequence[str] = (),
        description: str = "",
        headers: Sequence[Mapping[str, Any]] = (),
        produces: Sequence[str] = ("application/json",),
        consumes: str = JSON,
    ) -> None:
        add_route(app, method, path, handler)
        operation: dict[str, Any] = {"summary": summary, "responses": {}}
        if roles:
            operation["security"] = [{"bearer": []}]
            description = f"Roles: {', '.join(roles)}. {description}".strip()
        if description:
            operation["description"] = description
        parameters = _parameters(path, query, headers)
        if parameters:
            operation["parameters"] = parameters
        if body is not None:
            operation["requestBody"] = _request_body(body, consumes)
        for status, schema in responses.items():
            operation["responses"][str(status)] = _response(schema, produces)
        json_body = body is not None and consumes == JSON
        error_codes = set(errors) | ({400, 415, 422} if json_body else set())
        error_codes |= {422} if query is not None else set()
        error_codes |= {401, 403} if roles else set()
        told = errors if isinstance(errors, Mapping) else {}
        operation["responses"].update(_errors(error_codes, told, produces))
        self.spec.path(path=path, operations={method.lower(): operation})

    def setup(self, app: web.Application) -> None:
        document = self.spec.to_dict()
        app[OPENAPI] = document

        async def openapi_json(request: web.Request) -> web.Response:
            return web.json_response(document)

        page = _docs_page(document)

        async def docs(request: web.Request) -> web.Response:
            return web.Response(
                text=page,
                content_type="text/html",
                headers={"Content-Security-Policy": DOCS_POLICY},
            )

        add_route(app, "GET", "/openapi.json", openapi_json)
        add_route(app, "GET", "/docs", docs)


def _request_body(body: type[Schema] | Schema, consumes: str) -> dict[str, Any]:
    return {"required": True, "content": {consumes: {"schema": body}}}


def _errors(
    codes: set[int], told: Mapping[int, str], produces: Sequence[str]
) -> dict[str, Any]:
    """The error answers, each described as the route tells or generically:
    the error shape, or for a page the page saying what went wrong."""
    shape: dict[str, Any] = {JSON: {"schema": "Error"}}
    if "text/html" in produces:
        shape = {"text/html": {"schema": {"type": "string"}}}
    return {
        str(status): {
            "description": told.get(status) or _ERRORS.get(status, "Error"),
            "content": shape,
        }
        for status in sorted(codes)
    }


def _path_params(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def _response(
    schema: type[Schema] | Schema | str | None, produces: Sequence[str]
) -> dict[str, Any]:
    if schema is None:
        return {"description": "Done"}
    if isinstance(schema, str) and "text/html" in produces:
        page = {"text/html": {"schema": {"type": "string"}}}
        return {"description": schema, "content": page}
    if isinstance(schema, str):
        return {"description": schema}
    content: dict[str, Any] = {"application/json": {"schema": schema}}
    for media_type in produces:
        if media_type in FILES:
            content[media_type] = {"schema": FILES[media_type]}
    return {"description": "OK", "content": content}


DOCS_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;"
    "padding:1rem}pre{background:#f4f4f4;padding:.5rem;overflow:auto}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(DOCS_STYLE.encode()).digest()).decode()
DOCS_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
"""The docs page runs no script and loads nothing; its one inline style is
allowed by its hash."""


def _docs_page(document: dict[str, Any]) -> str:
    """A self-contained docs page (no CDN): every operation with its schema."""
    title = html.escape(document["info"]["title"])
    rows = []
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            rows.append(
                f"<section><h2><code>{method.upper()} {html.escape(path)}</code></h2>"
                f"<p>{html.escape(operation.get('summary', ''))} "
                f"{html.escape(operation.get('description', ''))}</p>"
                f"<details><summary>Details</summary><pre>"
                f"{html.escape(json.dumps(operation, indent=2))}</pre>"
                "</details></section>"
            )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta name='viewport' content='width=device-width'>"
        f"<style>{DOCS_STYLE}</style>"
        f"</head><body><h1>{title}</h1><p><a href='/openapi.json'>openapi.json</a></p>"
        + "".join(rows)
        + "</body></html>"
    )


def _parameters(
    path: str,
    query: type[Schema] | Schema | None,
    headers: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """The path's parameters, the query's schema and the headers it reads."""
    parameters: list[dict[str, Any]] = [
        {"in": "path", "name": name, "required": True, "schema": {"type": "string"}}
        for name in _path_params(path)
    ]
    if query is not None:
        parameters.append({"in": "query", "schema": query})
    parameters.extend(dict(h) for h in headers)
    return parameters
