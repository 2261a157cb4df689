"""The bureau's list: the waiting entries at risk and in breach, from the
book, filtered and paged, with each queue's counts; no IIN, no name."""

from __future__ import annotations

from datetime import timedelta

from services.queue.guarantee.service_layer.bureau import (
    BureauQuery,
    wait_guarantee_list,
)
from tests.queue_builders import QUEUE
from tests.unit.queue.guarantee.scene import MAX_DAYS

ROW_KEYS = {
    "entry_id",
    "referral_id",
    "queue_id",
    "position",
    "registered_on",
    "deadline",
    "flag",
    "days_over",
    "estimated_admission",
}


async def test_the_entry_at_risk_and_its_queues_counts(setting):
    listed = await wait_guarantee_list(setting.guarantees, BureauQuery())
    [row] = listed["entries"]
    assert set(row) == ROW_KEYS
    assert (row["entry_id"], row["referral_id"]) == (
        setting.late.entry_id,
        setting.late.referral_id,
    )
    assert (row["queue_id"], row["position"], row["flag"]) == (QUEUE, 6, "at_risk")
    assert listed["total"] == 1
    assert listed["max_wait_days"] == {"psychiatry": MAX_DAYS}
    [counts] = listed["queues"]
    assert counts == {
        "queue_id": QUEUE,
        "facility_id": "KZ-75-M01",
        "bed_profile": "psychiatry",
        "waiting": 6,
        "in_breach": 0,
        "breach_expected": 0,
        "at_risk": 1,
    }
    assert setting.late.iin not in str(listed)


async def test_filters(setting):
    g = setting.guarantees
    for query, total in [
        (BureauQuery(region="75"), 1),
        (BureauQuery(region="71"), 0),
        (BureauQuery(facility_id="KZ-75-R01"), 0),
        (BureauQuery(facility_id="KZ-75-M01", bed_profile="psychiatry"), 1),
        (BureauQuery(bed_profile="narcology"), 0),
        (BureauQuery(flag="in_breach"), 0),
        (BureauQuery(flag="at_risk"), 1),
    ]:
        assert (await wait_guarantee_list(g, query))["total"] == total, query


async def test_pages_in_queue_order_and_a_new_entry_is_counted(setting):
    g, queue = setting.guarantees, setting.queue
    queue.clock.advance(days=MAX_DAYS + 1)
    everyone = await wait_guarantee_list(g, BureauQuery())
    assert everyone["total"] == 6
    assert {r["flag"] for r in everyone["entries"]} == {"in_breach"}
    page = await wait_guarantee_list(g, BureauQuery(offset=2, limit=2))
    assert [r["position"] for r in page["entries"]] == [3, 4]
    assert page["total"] == 6
    await queue.place(registered_at=queue.clock() - timedelta(days=MAX_DAYS + 3))
    again = await wait_guarantee_list(g, BureauQuery())
    assert again["total"] == 7
    assert again["queues"][0]["waiting"] == 7
