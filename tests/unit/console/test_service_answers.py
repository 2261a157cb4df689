"""How the console reads another service's answer: its JSON object, a 4xx
as a refusal to show, a 401 as the end of the session (whatever page asked),
anything else as a service that does not answer."""

from __future__ import annotations

import pytest

from services.console.apis import ApiRefused, ApiUnavailable, TokenRefused
from services.console.http_apis import _answered


def test_a_success_is_its_json_object():
    assert _answered(200, {"id": "r-1"}) == {"id": "r-1"}


def test_a_4xx_is_a_refusal_with_its_code_message_and_fields():
    error = {"code": "validation_failed", "message": "No.", "fields": {"x": ["y"]}}
    with pytest.raises(ApiRefused) as refused:
        _answered(422, {"error": error})
    assert (refused.value.code, refused.value.fields) == (
        "validation_failed",
        {"x": ["y"]},
    )


def test_a_401_ends_the_session_and_is_no_refusal_a_view_could_swallow():
    with pytest.raises(TokenRefused):
        _answered(401, {"error": {"code": "invalid_token"}})
    assert not issubclass(TokenRefused, ApiRefused)


@pytest.mark.parametrize(("status", "content"), [(503, {}), (200, ["a list"])])
def test_anything_else_is_a_service_that_does_not_answer(status, content):
    with pytest.raises(ApiUnavailable):
        _answered(status, content)
