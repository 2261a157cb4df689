"""The three journeys, end to end, against all three services started as
``kezek up`` starts them, the real broker and a real Mongo-wire server."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from services.queue.patients.status_page.catalogues import catalogue
from tests.e2e.browser import chromium_page
from tests.e2e.journeys import (
    lookup,
    messages_to,
    referral_body,
    referral_status,
    register,
    text_of,
    wait_for_status,
)
from tests.e2e.system import System, eventually

RU_MONTHS = [catalogue("ru")[f"month.{m}"] for m in range(1, 13)]
REVEALING = re.compile(r"психиатр|нарколог|psychiatr|narcolog|mental|кардиол", re.I)


def test_doctor_registers_a_referral_and_sees_its_status_move(system: System):
    doctor = system.token("doctor", "KZ-75-P01", sub=f"dr-{uuid.uuid4().hex[:6]}")
    body = referral_body("KZ-75-M01", "psychiatry", language="kk")

    created = register(system, doctor, body)
    assert created["status"] == "registered"
    assert created["hospitalization_code"].startswith("75")
    assert referral_status(system, doctor, created["id"]) in ("registered", "waiting")

    wait_for_status(system, doctor, created["id"], "waiting")
    history = system.call(
        "GET", "referral", f"/v1/referrals/{created['id']}", token=doctor
    ).json()["history"]
    assert [h["status"] for h in history][:2] == ["registered", "waiting"]

    another_clinic = system.token("doctor", "KZ-71-P01")
    hidden = system.call(
        "GET", "referral", f"/v1/referrals/{created['id']}", token=another_clinic
    )
    assert hidden.status == 404


def test_patient_is_told_looks_up_their_place_and_gets_the_date(
    system: System, output_dir: Path
):
    doctor = system.token("doctor", "KZ-35-P01")
    clerk = system.token("hospital", "KZ-35-M01", sub="clerk-karaganda")
    email = f"patient-{uuid.uuid4().hex[:8]}@example.kz"
    body = referral_body("KZ-35-M01", "narcology", language="ru", email=email)
    phone, iin = body["patient"]["phone"], body["patient"]["iin"]
    created = register(system, doctor, body)
    code = created["hospitalization_code"]

    sms = eventually(lambda: messages_to(system, "sms", phone))
    assert code in text_of(sms[0]) and "очеред" in text_of(sms[0])
    assert system.env["STATUS_PAGE_URL"].rstrip("/") in text_of(sms[0])
    mail = eventually(lambda: messages_to(system, "mail", email))
    assert code in mail[0]["text"] and "очеред" in mail[0]["text"]
    for message in (*sms, *mail):
        assert not REVEALING.search(text_of(message))

    with chromium_page(locale="ru-RU") as page:
        page.goto(system.url("queue", "/"))
        assert page.inner_text("h1") == "Ваше место в очереди"
        page.fill("#code", code)
        page.fill("#iin", iin)
        page.click("#submit")
        page.wait_for_selector("#result:not([hidden])")
        assert page.inner_text("#r-status") == "В очереди"
        assert re.fullmatch(r"\d+ из \d+", page.inner_text("#r-position"))
        window = page.inner_text("#r-window")
        assert any(month in window for month in RU_MONTHS), window
        assert code not in page.url and iin not in page.url
        page.screenshot(path=str(output_dir / "journey-patient-ru.png"), full_page=True)

    when = (date.today() + timedelta(days=3)).isoformat()
    pulled = system.call(
        "POST",
        "queue",
        "/v1/admissions/pull",
        {"bed_profile": "narcology", "date": when, "count": 5},
        clerk,
    )
    assert pulled.status == 200, pulled.text
    assert code in [e["hospitalization_code"] for e in pulled.json()["scheduled"]]
    scheduled = eventually(
        lambda: [
            m
            for m in messages_to(system, "sms", phone)
            if "госпитализация" in text_of(m)
        ]
    )
    assert code in text_of(scheduled[0])
    assert lookup(system, code, iin)["scheduled_date"] == when
    wait_for_status(system, doctor, created["id"], "scheduled")


def test_clerk_pulls_admits_and_records_a_no_show(system: System):
    doctor = system.token("doctor", "KZ-63-P01")
    clerk = system.token("hospital", "KZ-63-H01", sub="clerk-oskemen")
    patients = []
    for _ in range(4):
        body = referral_body("KZ-63-H01", "cardiology", language="en")
        patients.append((body["patient"]["iin"], register(system, doctor, body)))
    for _, created in patients:
        wait_for_status(system, doctor, created["id"], "waiting")
    (iin_a, a), (iin_b, b), (iin_c, c), (iin_d, d) = patients
    assert lookup(system, c["hospitalization_code"], iin_c)["position"] == 3

    when = datetime.now(ZoneInfo("Asia/Almaty")).date().isoformat()  # the desk's today
    pulled = system.call(
        "POST",
        "queue",
        "/v1/admissions/pull",
        {"bed_profile": "cardiology", "date": when, "count": 2},
        clerk,
    ).json()
    assert [e["hospitalization_code"] for e in pulled["scheduled"]] == [
        a["hospitalization_code"],
        b["hospitalization_code"],
    ]
    assert lookup(system, c["hospitalization_code"], iin_c)["position"] == 1
    assert lookup(system, d["hospitalization_code"], iin_d)["position"] == 2

    query = f"/v1/admissions?date={when}&bed_profile=cardiology"
    listed = system.call("GET", "queue", query, token=clerk).json()
    rows = {e["hospitalization_code"]: e for e in listed["scheduled"]}
    assert set(rows) == {a["hospitalization_code"], b["hospitalization_code"]}
    assert rows[a["hospitalization_code"]]["iin"] == iin_a
    assert "diagnosis" not in rows[a["hospitalization_code"]]
    as_csv = system.call(
        "GET", "queue", query, token=clerk, headers={"Accept": "text/csv"}
    )
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    csv_rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    scheduled_csv = {
        r["hospitalization_code"]: r for r in csv_rows if r["section"] == "scheduled"
    }
    assert set(scheduled_csv) == set(rows)
    assert scheduled_csv[a["hospitalization_code"]]["iin"] == iin_a
    waiting_csv = [r for r in csv_rows if r["section"] == "waiting"]
    assert [r["hospitalization_code"] for r in waiting_csv][:2] == [
        c["hospitalization_code"],
        d["hospitalization_code"],
    ]

    entry = {e["hospitalization_code"]: e["entry_id"] for e in pulled["scheduled"]}
    admitted = system.call(
        "POST",
        "queue",
        f"/v1/entries/{entry[a['hospitalization_code']]}/admit",
        {},
        clerk,
    )
    assert admitted.status == 200, admitted.text
    no_show = system.call(
        "POST",
        "queue",
        f"/v1/entries/{entry[b['hospitalization_code']]}/no-show",
        {},
        clerk,
    )
    assert no_show.status == 200, no_show.text

    wait_for_status(system, doctor, a["id"], "admitted")
    assert lookup(system, a["hospitalization_code"], iin_a)["status"] == "admitted"
    # the no-show returns to the queue keeping its original place, once
    assert lookup(system, b["hospitalization_code"], iin_b)["position"] == 1
    assert lookup(system, c["hospitalization_code"], iin_c)["position"] == 2
    wait_for_status(system, doctor, b["id"], "waiting")
    again = system.call(
        "POST",
        "queue",
        f"/v1/entries/{entry[a['hospitalization_code']]}/admit",
        {},
        clerk,
    )
    assert again.status == 409
