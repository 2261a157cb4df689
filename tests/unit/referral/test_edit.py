"""The doctor edits a referral (PATCH /v1/referrals/{id}) through the HTTP
API on the in-memory store: it applies at once as the next version, emits
``referral.updated`` with only codes and dates, and refuses what it must
(404, 409, 412, 422)."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.referral.factories import OTHER_CLINIC, placed, queue_event
from tests.unit.referral.follow_up import register, shown, tell


def new_tests(deps, lasts: int = 60) -> list[dict]:
    today = deps.today()
    return [
        {
            "code": "other",
            "note": "TSH, repeated",
            "done_on": (today - timedelta(days=1)).isoformat(),
            "valid_until": (today + timedelta(days=lasts)).isoformat(),
        }
    ]


async def edit(client, headers, referral, body, **more_headers):
    path = f"/v1/referrals/{referral['id']}"
    return await client.patch(path, json=body, headers={**headers, **more_headers})


async def test_new_tests_apply_at_once_and_travel_without_their_note(
    client, auth, deps, uow
):
    made = await register(client, auth())
    await tell(deps, placed(made, 1))
    response = await edit(client, auth(), made, {"tests": new_tests(deps)})
    assert response.status == 200, await response.text()
    answer = await response.json()
    assert (answer["version"], answer["status"]) == (3, "waiting")
    assert answer["tests"][0]["note"] == "TSH, repeated"
    step = answer["history"][-1]
    assert (step["action"], step["changed"], step["source"]) == (
        "edited",
        ["tests"],
        "referral",
    )
    event = uow.store.outbox[-1]
    assert event.event_type == "referral.updated"
    assert (event.data["version"], event.data["changed"]) == (3, ["tests"])
    assert event.data["tests"] == [
        {"code": "other", "valid_until": new_tests(deps)[0]["valid_until"]}
    ]
    assert "TSH" not in str(event.data) and event.data["contact"] is None
    assert (await shown(client, auth(), made["id"]))["version"] == 3


async def test_a_priority_change_names_its_code_never_its_words(client, auth, uow):
    made = await register(client, auth())
    body = {
        "priority": "urgent",
        "priority_reason": "acute relapse",
        "reason_code": "condition_worsened",
    }
    response = await edit(client, auth(), made, body)
    assert response.status == 200, await response.text()
    assert (await response.json())["priority"] == "urgent"
    event = uow.store.outbox[-1]
    assert (event.data["priority"], event.data["reason_code"]) == (
        "urgent",
        "condition_worsened",
    )
    assert event.data["changed"] == ["priority"]
    assert "acute relapse" not in str(event.data)


async def test_a_withdrawn_consent_sends_a_contact_without_addresses(client, auth, uow):
    made = await register(client, auth())
    response = await edit(client, auth(), made, {"patient": {"consent": False}})
    assert response.status == 200, await response.text()
    contact = uow.store.outbox[-1].data["contact"]
    assert contact == {"phone": None, "email": None, "language": "kk", "consent": False}


async def test_a_corrected_name_travels_alone_to_the_queue(client, auth, uow):
    made = await register(client, auth())
    body = {"patient": {"full_name": "Айгүл Әлиева"}}
    assert (await edit(client, auth(), made, body)).status == 200
    sent = [e for e in uow.store.outbox if e.data.get("referral_id") == made["id"]]
    assert [e.event_type for e in sent[-1:]] == ["referral.patient_named"]
    assert sent[-1].data == {
        "referral_id": made["id"],
        "version": 2,
        "full_name": "Айгүл Әлиева",
    }
    assert all("Әлиева" not in str(e.data) for e in sent[:-1])


async def test_an_edit_that_changes_nothing_is_422(client, auth):
    made = await register(client, auth())
    for body in ({}, {"patient": {"language": "kk"}}):
        response = await edit(client, auth(), made, body)
        assert response.status == 422
        assert (await response.json())["error"]["code"] == "validation_failed"
    assert (await shown(client, auth(), made["id"]))["version"] == 1


async def test_the_edit_follows_the_registration_rules(client, auth, deps):
    made = await register(client, auth())
    lapsed = new_tests(deps, lasts=-1)
    checks = [
        ({"tests": lapsed}, "tests.0.valid_until"),
        ({"patient": {"phone": None, "email": None}}, "patient.phone"),
        ({"priority": "urgent", "reason_code": "new_findings"}, "priority_reason"),
        ({"priority": "urgent", "priority_reason": "x"}, "reason_code"),
        ({"reason_code": "new_findings"}, "reason_code"),
        ({"patient": {"iin": "791028302728"}}, "patient.iin"),
    ]
    for body, field in checks:
        response = await edit(client, auth(), made, body)
        assert response.status == 422, body
        assert field in (await response.json())["error"]["fields"], body
    assert (await shown(client, auth(), made["id"]))["version"] == 1


async def test_a_closed_referral_is_409_and_another_facilitys_is_404(
    client, auth, deps
):
    made = await register(client, auth())
    await tell(deps, placed(made, 1), queue_event(made, "queue.patient_admitted", 2))
    body = {"patient": {"language": "ru"}}
    closed = await edit(client, auth(), made, body)
    assert closed.status == 409
    assert (await closed.json())["error"]["code"] == "referral_not_active"
    other = await register(client, auth())
    elsewhere = await edit(client, auth(facility=OTHER_CLINIC), other, body)
    assert elsewhere.status == 404


async def test_if_match_refuses_an_edit_of_a_referral_that_moved_on(client, auth):
    made = await register(client, auth())
    body = {"patient": {"language": "ru"}}
    moved = await edit(client, auth(), made, body, **{"If-Match": '"7"'})
    assert moved.status == 412
    assert (await moved.json())["error"]["code"] == "version_mismatch"
    bad = await edit(client, auth(), made, body, **{"If-Match": "yesterday"})
    assert bad.status == 422
    done = await edit(client, auth(), made, body, **{"If-Match": '"1"'})
    assert done.status == 200
    assert (await done.json())["patient"]["language"] == "ru"


async def test_a_repeated_key_edits_once(client, auth, uow):
    made = await register(client, auth())
    body = {"patient": {"language": "en"}}
    keyed = {"Idempotency-Key": "edit-1"}
    first = await edit(client, auth(), made, body, **keyed)
    again = await edit(client, auth(), made, body, **keyed)
    assert (first.status, again.status) == (200, 200)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert (await again.json())["version"] == 2
    updates = [e for e in uow.store.outbox if e.event_type == "referral.updated"]
    assert len(updates) == 1
    other = await edit(client, auth(), made, {"patient": {"language": "ru"}}, **keyed)
    assert other.status == 422


async def test_the_queues_reorder_is_a_queue_step_keeping_the_date(client, auth, deps):
    made = await register(client, auth())
    on = deps.today() + timedelta(days=5)
    await tell(
        deps,
        placed(made, 1),
        queue_event(made, "queue.admission_scheduled", 2, scheduled_date=on),
    )
    body = {"priority": "urgent", "priority_reason": "x", "reason_code": "other"}
    assert (await edit(client, auth(), made, body)).status == 422  # other: a note
    body["note"] = "seen today"
    assert (await edit(client, auth(), made, body)).status == 200
    reordered = queue_event(
        made,
        "queue.entry_reordered",
        3,
        status="scheduled",
        reason_code="other",
        referral_version=4,
        changed=["priority"],
        priority="urgent",
        position=None,
        queue_length=0,
        estimated_admission=None,
    )
    await tell(deps, reordered)
    seen = await shown(client, auth(), made["id"])
    step = seen["history"][-1]
    assert (step["source"], step["action"], step["status"]) == (
        "queue",
        "reordered",
        "scheduled",
    )
    assert seen["queue"]["scheduled_date"] == on.isoformat()
    assert (seen["status"], seen["version"]) == ("scheduled", 5)
