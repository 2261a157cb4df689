"""Registering a referral through the HTTP API, on the in-memory store."""

from __future__ import annotations

from datetime import date, timedelta

from shared.hospitalization_code import is_valid
from tests.unit.referral.factories import referral_body, with_patient


async def test_a_doctor_registers_a_referral_and_reads_it_back(client, auth):
    body = referral_body(planned_date=(date.today() + timedelta(days=10)).isoformat())
    response = await client.post("/v1/referrals", json=body, headers=auth())
    assert response.status == 201, await response.text()
    created = await response.json()
    assert response.headers["Location"] == f"/v1/referrals/{created['id']}"
    assert "Idempotent-Replayed" not in response.headers
    assert created["status"] == "registered"
    assert created["hospitalization_code"].startswith("75-")
    assert is_valid(created["hospitalization_code"])
    assert created["valid_until"] == str(
        date.fromisoformat(body["planned_date"]) + timedelta(days=30)
    )
    assert created["warnings"] == []

    shown = await client.get(response.headers["Location"], headers=auth())
    referral = await shown.json()
    assert referral["referring_facility_id"] == "KZ-75-P01"
    assert referral["practitioner_id"] == "dr-aliya"
    assert referral["patient"]["iin"] == body["patient"]["iin"]
    assert referral["diagnosis"] == "F20.0"
    assert referral["diagnosis_description"] == "Paranoid schizophrenia"
    assert [h["status"] for h in referral["history"]] == ["registered"]
    assert referral["history"][0]["actor"] == "doctor:dr-aliya"
    assert referral["registered_at"] == created["registered_at"]


async def test_the_token_names_the_referring_facility_not_the_body(client, auth):
    body = referral_body()
    body["referring_facility_id"] = "KZ-71-P01"
    response = await client.post("/v1/referrals", json=body, headers=auth())
    assert response.status == 422
    error = (await response.json())["error"]
    assert "referring_facility_id" in error["fields"]


async def test_a_token_from_a_facility_outside_the_registry_is_refused(client, auth):
    response = await client.post(
        "/v1/referrals", json=referral_body(), headers=auth(facility="KZ-99-P01")
    )
    assert response.status == 401
    error = (await response.json())["error"]
    assert error["code"] == "invalid_token" and "registry" in error["message"]


async def test_only_doctors_register_and_read(client, auth):
    no_token = await client.post("/v1/referrals", json=referral_body())
    assert no_token.status == 401
    hospital = await client.post(
        "/v1/referrals", json=referral_body(), headers=auth(role="hospital")
    )
    assert hospital.status == 403
    listing = await client.get("/v1/referrals", headers=auth(role="hospital"))
    assert listing.status == 403


async def test_each_refusal_names_its_field(client, auth, uow):
    cases = {
        "patient.iin": with_patient(referral_body(), iin="123456789012"),
        "patient.phone": with_patient(referral_body(), phone="+79161234567"),
        "diagnosis": referral_body(diagnosis="F20.09"),
        "facility_id": referral_body(facility_id="KZ-75-P02"),
        "bed_profile": referral_body(facility_id="KZ-75-H01"),
        "stay": referral_body(
            facility_id="KZ-75-H01", bed_profile="surgery", stay="day"
        ),
        "finance_source": referral_body(
            facility_id="KZ-75-N01", bed_profile="narcology", finance_source="OSMS"
        ),
        "priority_reason": referral_body(priority="urgent"),
        "planned_date": referral_body(
            planned_date=(date.today() - timedelta(days=5)).isoformat()
        ),
        "tests.0.valid_until": referral_body(
            tests=[
                {"code": "ecg", "done_on": "2026-01-10", "valid_until": "2026-01-01"}
            ]
        ),
    }
    for field, body in cases.items():
        response = await client.post("/v1/referrals", json=body, headers=auth())
        assert response.status == 422, (field, await response.text())
        error = (await response.json())["error"]
        assert error["code"] == "validation_failed"
        assert field in error["fields"], (field, error)
        assert all(isinstance(m, str) and m for m in error["fields"][field])
    listing = await (await client.get("/v1/referrals", headers=auth())).json()
    assert listing["items"] == []
    assert uow.store.outbox == [] and uow.commits == 0


async def test_a_test_lapsing_before_the_referral_is_a_warning(client, auth):
    today = date.today()
    body = referral_body(
        tests=[
            {
                "code": "fluorography",
                "done_on": (today - timedelta(days=1)).isoformat(),
                "valid_until": (today + timedelta(days=30)).isoformat(),
            }
        ]
    )
    response = await client.post("/v1/referrals", json=body, headers=auth())
    assert response.status == 201
    warnings = (await response.json())["warnings"]
    assert [(w["code"], w["field"]) for w in warnings] == [
        ("test_lapses_before_referral", "tests.0.valid_until")
    ]


async def test_bad_bodies_get_4xx_never_5xx(client, auth):
    too_big = {**referral_body(), "priority_reason": "x" * 70_000}
    response = await client.post("/v1/referrals", json=too_big, headers=auth())
    assert response.status == 413
    assert (await response.json())["error"]["status"] == 413
    as_json = {**auth(), "Content-Type": "application/json"}
    response = await client.post("/v1/referrals", data=b"{not json", headers=as_json)
    assert response.status == 400
    response = await client.post("/v1/referrals", data=b"<a/>", headers=auth())
    assert response.status == 415
    response = await client.post("/v1/referrals", json=[1, 2], headers=auth())
    assert response.status == 400


async def test_the_registration_event_carries_no_diagnosis_or_free_text(
    client, auth, uow
):
    body = referral_body(
        priority="urgent", priority_reason="worse since the call to +77011234567"
    )
    # a note no random code or id can hold (a space and a slash)
    note = "TSH 4.2 mIU/L"
    body["tests"].append({**body["tests"][0], "code": "other", "note": note})
    created = await (
        await client.post("/v1/referrals", json=body, headers=auth())
    ).json()
    [event] = uow.store.outbox
    data = event.data
    assert (event.event_type, event.producer) == ("referral.registered", "referral")
    assert data["referral_id"] == created["id"]
    assert data["hospitalization_code"] == created["hospitalization_code"]
    assert data["iin"] == body["patient"]["iin"]
    assert data["referring_facility_id"] == "KZ-75-P01"
    assert data["version"] == 1
    assert data["contact"] == {
        "phone": "+77012345678",
        "email": "patient@example.kz",
        "language": "kk",
        "consent": True,
    }
    # the full code: a bare "F20" can occur inside a random hospitalization code
    assert "diagnosis" not in data and body["diagnosis"] not in str(data)
    assert data["tests"] == [
        {"code": t["code"], "valid_until": t["valid_until"]} for t in body["tests"]
    ]
    assert "priority_reason" not in data and "+77011234567" not in str(data)
    assert note not in str(data)
    shown = await (
        await client.get(f"/v1/referrals/{created['id']}", headers=auth())
    ).json()
    assert shown["priority_reason"] == body["priority_reason"]
    assert [t["note"] for t in shown["tests"]] == [None, note]


async def test_without_consent_no_contact_data_leaves_the_service(client, auth, uow):
    body = with_patient(referral_body(), consent=False)
    await client.post("/v1/referrals", json=body, headers=auth())
    [event] = uow.store.outbox
    assert event.data["contact"] == {
        "phone": None,
        "email": None,
        "language": "kk",
        "consent": False,
    }


async def test_the_service_logs_no_iin_phone_or_email(client, auth, capsys):
    body = with_patient(referral_body(), phone="+77471234567", email="zh@mail.kz")
    created = await (
        await client.post("/v1/referrals", json=body, headers=auth())
    ).json()
    await client.post("/v1/referrals", json=body, headers=auth())  # the 409
    await client.post(
        f"/v1/referrals/{created['id']}/cancel",
        json={"reason_code": "patient_request"},
        headers=auth(),
    )
    logged = capsys.readouterr().out
    assert created["id"] in logged  # the lines were captured
    for personal in (body["patient"]["iin"], "77471234567", "zh@mail.kz"):
        assert personal not in logged
