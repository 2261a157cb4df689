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
    act_on_entry,
    lookup,
    messages_to,
    pull,
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


def assert_told_by_sms_and_mail(
    system: System, code: str, phone: str, email: str
) -> None:
    """The placement reaches the patient by SMS and e-mail, with the code and
    the status page, and neither names the ward's specialty."""
    sms = eventually(lambda: messages_to(system, "sms", phone))
    assert code in text_of(sms[0]) and "очеред" in text_of(sms[0])
    assert system.env["STATUS_PAGE_URL"].rstrip("/") in text_of(sms[0])
    mail = eventually(lambda: messages_to(system, "mail", email))
    assert code in mail[0]["text"] and "очеред" in mail[0]["text"]
    for message in (*sms, *mail):
        assert not REVEALING.search(text_of(message))


def look_up_in_the_browser(
    system: System, code: str, iin: str, output_dir: Path
) -> None:
    with chromium_page(locale="ru-RU") as page:
        page.goto(system.url("queue", "/"))
        assert page.inner_text("h1") == "Ваше место в очереди"
        page.fill("#code", code)
        page.fill("#iin", iin)
        page.click("#submit")
        page.wait_for_selector("#result:not([hidden])")
        assert page.inner_text("#r-status") == "В очереди"
        assert re.fullmatch(r"\d+ из \d+", page.inner_text("#r-position"))
        # a new queue has admitted nobody on an earlier day: no estimate yet
        # (ESTIMATE_MIN_ADMISSIONS), said as such, no date promised
        window = page.inner_text("#r-window")
        assert window == catalogue("ru")["result.window_unknown"], window
        assert not any(month in window for month in RU_MONTHS), window
        assert code not in page.url and iin not in page.url
        page.screenshot(path=str(output_dir / "journey-patient-ru.png"), full_page=True)


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
    assert_told_by_sms_and_mail(system, code, phone, email)
    look_up_in_the_browser(system, code, iin, output_dir)

    when = (date.today() + timedelta(days=3)).isoformat()
    pulled = pull(system, clerk, "narcology", when, 5)
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


def four_waiting_patients(system: System, doctor: str) -> list[tuple[str, dict]]:
    """Four cardiology referrals in order, each (IIN, referral) once waiting."""
    patients = []
    for _ in range(4):
        body = referral_body("KZ-63-H01", "cardiology", language="en")
        patients.append((body["patient"]["iin"], register(system, doctor, body)))
    for _, created in patients:
        wait_for_status(system, doctor, created["id"], "waiting")
    return patients


def assert_the_list_shows(
    system: System, clerk: str, query: str, scheduled: list, waiting: list
) -> None:
    """The admissions list, as JSON and as CSV: the two ``scheduled`` (IIN,
    referral) pairs with their IINs and no diagnosis, then ``waiting``."""
    (iin_a, a), (_, b) = scheduled
    listed = system.call("GET", "queue", query, token=clerk).json()
    rows = {e["hospitalization_code"]: e for e in listed["scheduled"]}
    assert set(rows) == {a["hospitalization_code"], b["hospitalization_code"]}
    assert rows[a["hospitalization_code"]]["iin"] == iin_a
    assert "diagnosis" not in rows[a["hospitalization_code"]]
    as_csv = system.call(
        "GET",
        "queue",
        query,
        token=clerk,
        headers={"Accept": "text/csv", "Accept-Language": "en"},
    )
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    assert as_csv.body.startswith("\ufeff".encode())
    text = as_csv.body.decode("utf-8-sig")
    csv_rows = list(csv.DictReader(io.StringIO(text)))
    scheduled_csv = {
        r["Hospitalization code"]: r for r in csv_rows if r["Section"] == "scheduled"
    }
    assert set(scheduled_csv) == set(rows)
    assert scheduled_csv[a["hospitalization_code"]]["IIN"] == f'="{iin_a}"'
    waiting_csv = [r for r in csv_rows if r["Section"] == "waiting"]
    assert [r["Hospitalization code"] for r in waiting_csv][:2] == [
        made["hospitalization_code"] for made in waiting
    ]


def test_clerk_pulls_admits_and_records_a_no_show(system: System):
    doctor = system.token("doctor", "KZ-63-P01")
    clerk = system.token("hospital", "KZ-63-H01", sub="clerk-oskemen")
    patients = four_waiting_patients(system, doctor)
    (iin_a, a), (iin_b, b), (iin_c, c), (iin_d, d) = patients
    assert lookup(system, c["hospitalization_code"], iin_c)["position"] == 3

    when = datetime.now(ZoneInfo("Asia/Almaty")).date().isoformat()  # the desk's today
    pulled = pull(system, clerk, "cardiology", when, 2).json()
    assert [e["hospitalization_code"] for e in pulled["scheduled"]] == [
        a["hospitalization_code"],
        b["hospitalization_code"],
    ]
    assert lookup(system, c["hospitalization_code"], iin_c)["position"] == 1
    assert lookup(system, d["hospitalization_code"], iin_d)["position"] == 2
    query = f"/v1/admissions?date={when}&bed_profile=cardiology"
    assert_the_list_shows(system, clerk, query, patients[:2], [c, d])

    entry = {e["hospitalization_code"]: e["entry_id"] for e in pulled["scheduled"]}
    admitted = act_on_entry(system, clerk, entry[a["hospitalization_code"]], "admit")
    assert admitted.status == 200, admitted.text
    no_show = act_on_entry(system, clerk, entry[b["hospitalization_code"]], "no-show")
    assert no_show.status == 200, no_show.text

    wait_for_status(system, doctor, a["id"], "admitted")
    assert lookup(system, a["hospitalization_code"], iin_a)["status"] == "admitted"
    # the no-show returns to the queue keeping its original place, once
    assert lookup(system, b["hospitalization_code"], iin_b)["position"] == 1
    assert lookup(system, c["hospitalization_code"], iin_c)["position"] == 2
    wait_for_status(system, doctor, b["id"], "waiting")
    again = act_on_entry(system, clerk, entry[a["hospitalization_code"]], "admit")
    assert again.status == 409
