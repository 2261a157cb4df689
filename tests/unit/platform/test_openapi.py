"""Routes and their OpenAPI document are declared together."""

from __future__ import annotations

import base64
import hashlib

import pytest
from aiohttp import web
from marshmallow import Schema, fields

from shared.http import OpenApi, create_app
from shared.settings import ServiceSettings


class AdmitRequest(Schema):
    entry_id = fields.String(required=True)


class Admitted(Schema):
    entry_id = fields.String()
    status = fields.String()


class Filter(Schema):
    status = fields.String()


async def admit(request: web.Request) -> web.Response:
    return web.json_response(
        {"entry_id": request.match_info["queue_id"], "status": "admitted"}
    )


async def listing(request: web.Request) -> web.Response:
    return web.json_response([])


@pytest.fixture
async def client(aiohttp_client):
    app = create_app(ServiceSettings())
    api = OpenApi("Kezek test service", "1.2.3", description="for tests")
    api.route(
        app,
        "POST",
        "/v1/queues/{queue_id}/admissions",
        admit,
        summary="Admit a patient",
        body=AdmitRequest,
        responses={200: Admitted},
        errors=(404, 409),
        roles=("hospital",),
    )
    api.route(
        app,
        "GET",
        "/v1/entries",
        listing,
        summary="List entries",
        query=Filter,
        responses={200: "A list"},
    )
    api.setup(app)
    return await aiohttp_client(app)


async def test_the_document_is_served_with_every_route(client):
    response = await client.get("/openapi.json")
    assert response.status == 200
    document = await response.json()
    assert document["openapi"] == "3.0.3"
    assert document["info"]["title"] == "Kezek test service"
    assert set(document["paths"]) == {"/v1/queues/{queue_id}/admissions", "/v1/entries"}
    assert set(document["components"]["schemas"]) >= {
        "Error",
        "AdmitRequest",
        "Admitted",
    }


async def test_an_operation_documents_body_params_security_and_errors(client):
    document = await (await client.get("/openapi.json")).json()
    operation = document["paths"]["/v1/queues/{queue_id}/admissions"]["post"]
    assert operation["summary"] == "Admit a patient"
    assert operation["security"] == [{"bearer": []}]
    assert operation["parameters"][0]["name"] == "queue_id"
    assert operation["parameters"][0]["in"] == "path"
    body_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema["$ref"].endswith("/AdmitRequest")
    assert set(operation["responses"]) == {
        "200",
        "400",
        "401",
        "403",
        "404",
        "409",
        "415",
        "422",
    }
    error_schema = operation["responses"]["409"]["content"]["application/json"]
    assert error_schema["schema"]["$ref"].endswith("/Error")
    listing_op = document["paths"]["/v1/entries"]["get"]
    assert listing_op["parameters"][0] == {
        "in": "query",
        "name": "status",
        "required": False,
        "schema": {"type": "string"},
    }
    assert "422" in listing_op["responses"] and "security" not in listing_op


async def test_registered_routes_answer(client):
    response = await client.post("/v1/queues/Q-1/admissions", json={})
    assert response.status == 200
    assert (await response.json())["entry_id"] == "Q-1"
    assert (await client.get("/v1/entries")).status == 200


async def test_the_docs_page_lists_every_operation(client):
    response = await client.get("/docs")
    assert response.status == 200 and response.content_type == "text/html"
    page = await response.text()
    assert "POST /v1/queues/{queue_id}/admissions" in page
    assert "GET /v1/entries" in page
    assert "<script" not in page


async def test_the_docs_page_allows_no_script_and_only_its_own_style(client):
    response = await client.get("/docs")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    style = (await response.text()).split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy
    assert "frame-ancestors 'none'" in policy
