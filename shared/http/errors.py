"""One error shape for every API, and body/query loading with clear 4xx.

{"error": {"status": 422, "code": "validation_failed",
           "message": "...", "fields": {"patient.iin": ["..."]}}}

Messages are written in English and answered in the caller's language
(``shared.http.translations``); the status, code, field names and any other
member are the same in every language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web
from marshmallow import INCLUDE, Schema, ValidationError, fields

from shared.http.languages import API_LANGUAGE
from shared.http.translations import translated, translated_fields

MAX_DEPTH = 32
"""Deepest nesting of objects and arrays a request body may have (no API takes
more than a few levels; MongoDB refuses documents past 100)."""


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: Mapping[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = dict(fields or {})
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})

    def response(self, language: str = API_LANGUAGE) -> web.Response:
        return error_response(
            self.status,
            self.code,
            self.message,
            self.fields,
            self.headers,
            self.extra,
            language=language,
        )


class ErrorBody(Schema):
    """Some errors add their own fields (e.g. a 409's ``current_status``)."""

    class Meta:
        unknown = INCLUDE

    status = fields.Integer(required=True)
    code = fields.String(
        required=True, metadata={"description": "The same in every language."}
    )
    message = fields.String(
        required=True,
        metadata={"description": "In the Accept-Language: kk, ru or en (default)."},
    )
    fields = fields.Dict(  # type: ignore[assignment]
        keys=fields.String(),
        values=fields.List(fields.String()),
        required=False,
        metadata={"description": "Field name -> messages, as message is."},
    )


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBody, required=True)


def error_response(
    status: int,
    code: str,
    message: str,
    field_errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
    *,
    language: str = API_LANGUAGE,
) -> web.Response:
    """The error answer, its messages in ``language`` (``Content-Language``;
    ``Vary: Accept-Language``, as the caller's header chose it)."""
    if language != API_LANGUAGE:
        message = translated(message, language)
        field_errors = translated_fields(field_errors or {}, language)
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if field_errors:
        body["fields"] = dict(field_errors)
    body.update(extra or {})
    response = web.json_response({"error": body}, status=status, headers=headers)
    response.headers["Content-Language"] = language
    response.headers.add("Vary", "Accept-Language")
    return response


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"patient.iin": ["..."]}``."""
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "_body": list(messages)}
    if isinstance(messages, str):
        return {prefix or "_body": [messages]}
    flat: dict[str, list[str]] = {}
    items = messages.items() if isinstance(messages, dict) else enumerate(messages)
    for key, value in items:
        name = "_body" if key == "_schema" else str(key)
        flat.update(flatten_messages(value, f"{prefix}.{name}" if prefix else name))
    return flat


def validation_error(exc: ValidationError) -> ApiError:
    return ApiError(
        422,
        "validation_failed",
        "The request has invalid fields.",
        flatten_messages(exc.messages),
    )


async def load_body(request: web.Request, schema: Schema) -> Any:
    """The JSON body loaded through ``schema``: 400 if not JSON, 415 if not
    declared JSON, 422 with field messages if invalid."""
    if request.content_type not in ("application/json", ""):
        raise ApiError(
            415, "unsupported_media_type", "Send the body as application/json."
        )
    payload = parse_json_object(await request.read())
    try:
        return schema.load(payload)
    except ValidationError as exc:
        raise validation_error(exc) from exc


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """A JSON object of plain text: 400 if it is not JSON or nests deeper than
    ``MAX_DEPTH``, 422 naming the field that holds text no store can keep (a
    lone surrogate such as ``"\\ud800"``)."""
    try:
        payload = json.loads(raw or b"null")
    except RecursionError as exc:
        raise _too_deep() from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(
            400, "malformed_json", f"The body is not valid JSON: {exc}"
        ) from exc
    if not isinstance(payload, dict):
        raise ApiError(400, "malformed_json", "The body must be a JSON object.")
    _check_plain(payload, "", 1)
    return payload


def _check_plain(value: Any, path: str, depth: int) -> None:
    if isinstance(value, str):
        if not value.isascii() and not _encodable(value):
            raise _not_text(path or "_body")
    elif isinstance(value, dict | list):
        if depth > MAX_DEPTH:
            raise _too_deep()
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            name = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and not key.isascii() and not _encodable(key):
                raise _not_text(path or "_body")
            _check_plain(item, name, depth + 1)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _too_deep() -> ApiError:
    return ApiError(
        400,
        "malformed_json",
        f"The body nests deeper than {MAX_DEPTH} levels.",
        {"_body": [f"Nest objects and arrays at most {MAX_DEPTH} levels deep."]},
    )


def _not_text(field: str) -> ApiError:
    message = "Contains a character that is not valid Unicode (a lone surrogate)."
    return ApiError(
        422, "validation_failed", "The request has invalid fields.", {field: [message]}
    )


def load_query(request: web.Request, schema: Schema) -> Any:
    return load_fields(request.query, schema)


def load_fields(found: Mapping[str, Any], schema: Schema) -> Any:
    """Named values (a query, a submitted form) loaded through ``schema``:
    422 with field messages if invalid."""
    try:
        return schema.load(dict(found))
    except ValidationError as exc:
        raise validation_error(exc) from exc
