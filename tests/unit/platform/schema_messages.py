"""The messages the APIs send in marshmallow's and aiohttp's words: the
default messages of every field and validator the HTTP schemas use (those
the schema did not replace with its own, which ``api_messages`` reads), the
schemas' own (``Unknown field.``), and the reason phrases of the HTTP errors
the routes raise or aiohttp raises for them."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

from aiohttp import web
from marshmallow import Schema, fields, validate

from tests.unit.platform.api_messages import Message, SourceFile, callee

RAISED_BY_AIOHTTP = (web.HTTPRequestEntityTooLarge,)
"""Raised inside a route by aiohttp itself (a body past ``max_body_bytes``)."""
VALIDATOR_MESSAGES = ("message_min", "message_max", "message_all", "message_equal")


def is_http_module(file: SourceFile) -> bool:
    return ".entrypoints" in file.module or file.module.startswith("shared.http")


def http_schemas(files: list[SourceFile]) -> Iterator[tuple[SourceFile, Schema]]:
    for file in filter(is_http_module, files):
        for value in vars(file.namespace).values():
            if (
                isinstance(value, type)
                and issubclass(value, Schema)
                and value.__module__ == file.module
            ):
                yield file, value()


def schema_messages(files: list[SourceFile]) -> list[Message]:
    found: list[Message] = []
    seen: set[type] = set()
    for file, schema in http_schemas(files):
        where = f"{file.path} ({type(schema).__name__})"
        found.extend(Message(text, where) for text in _of_schema(schema, seen))
    return found


def _of_schema(schema: Schema, seen: set[type]) -> Iterator[str]:
    if type(schema) in seen:
        return
    seen.add(type(schema))
    yield from _unchanged(schema.error_messages, Schema._default_error_messages)
    for field in schema.fields.values():
        yield from _of_field(field, seen)


def _of_field(field: fields.Field, seen: set[type]) -> Iterator[str]:
    defaults: dict[str, str] = {}
    for kind in reversed(type(field).__mro__):
        defaults.update(getattr(kind, "default_error_messages", {}))
    yield from _unchanged(field.error_messages, defaults)
    for validator in field.validators:
        if isinstance(validator, validate.Validator):
            yield from _of_validator(validator)
    for inner in _inner_fields(field):
        yield from _of_field(inner, seen)
    if isinstance(field, fields.Nested):
        yield from _of_schema(field.schema, seen)


def _unchanged(messages: dict[str, Any], defaults: dict[str, str]) -> Iterator[str]:
    for key, text in defaults.items():
        if messages.get(key) == text:
            yield text


def _of_validator(validator: validate.Validator) -> Iterator[str]:
    default = getattr(type(validator), "default_message", None)
    if default is not None and getattr(validator, "error", None) == default:
        yield default
    for name in VALIDATOR_MESSAGES:
        text = getattr(validator, name, None)
        if isinstance(text, str):
            yield text


def _inner_fields(field: fields.Field) -> list[fields.Field]:
    if isinstance(field, fields.List):
        return [field.inner]
    if isinstance(field, fields.Tuple):
        return list(field.tuple_fields)
    if isinstance(field, fields.Mapping):
        return [f for f in (field.key_field, field.value_field) if f is not None]
    return []


def http_reasons(files: list[SourceFile]) -> list[Message]:
    """The reason phrase of each HTTP error raised in a module or by aiohttp
    (the platform answers it as the message)."""
    raised: dict[type, str] = {kind: "aiohttp" for kind in RAISED_BY_AIOHTTP}
    for file in files:
        for node in ast.walk(file.tree):
            name = callee(node) if isinstance(node, ast.Call) else None
            if name and name.startswith("HTTP") and isinstance(node, ast.Call):
                kind = file.value_of(node.func)
                if isinstance(kind, type) and issubclass(kind, web.HTTPError):
                    raised.setdefault(kind, file.where(node))
    return [
        Message(HTTPStatus(kind.status_code).phrase, where)
        for kind, where in raised.items()
    ]
