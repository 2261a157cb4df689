"""Every hospital route is in /openapi.json with its role, body and answers,
and the documented error body admits the fields a 409 adds."""

from __future__ import annotations

from services.queue.hospital.entrypoints.exports import XLSX
from tests.integration.hospital.support import json_of

ROUTES = {
    ("get", "/v1/admissions"): {"200", "401", "403", "404", "422"},
    ("get", "/v1/inpatients"): {"200", "401", "403", "404", "422"},
    ("get", "/v1/bed-board"): {"200", "401", "403", "422"},
    ("post", "/v1/entries/search"): {"200", "400", "401", "403", "422"},
    ("post", "/v1/admissions/pull"): {"200", "400", "401", "403", "404", "422"},
    ("post", "/v1/emergency-admissions"): {"201", "401", "404", "409", "422"},
    **{
        ("post", f"/v1/entries/{{entry_id}}/{action}"): {"200", "404", "409", "422"}
        for action in ("admit", "no-show", "reject", "reschedule", "discharge")
    },
}


async def test_the_hospital_routes_are_documented(client, desk, bureau):
    document = await json_of(await client.get("/openapi.json"))
    for (method, path), statuses in ROUTES.items():
        operation = document["paths"][path][method]
        assert operation["description"] == "Roles: hospital.", path
        assert statuses <= set(operation["responses"]), path
    listing = document["paths"]["/v1/admissions"]["get"]["responses"]["200"]
    assert set(listing["content"]) == {"application/json", "text/csv", XLSX}
    ward = document["paths"]["/v1/inpatients"]["get"]
    assert set(ward["responses"]["200"]["content"]) == set(listing["content"])
    assert "/v1/entries/{entry_id}/discharge" in ward["summary"]
    search = document["paths"]["/v1/entries/search"]["post"]
    assert "parameters" not in search and "requestBody" in search
    pull = document["paths"]["/v1/admissions/pull"]["post"]
    assert "Idempotency-Key" in {p.get("name") for p in pull["parameters"]}
    assert document["components"]["schemas"]["ErrorBody"]["additionalProperties"]
    reject = document["components"]["schemas"]["RejectRequest"]
    assert "contraindication" in reject["properties"]["reason_code"]["enum"]
