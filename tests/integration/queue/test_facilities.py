"""The public facility list: registry data with live waiting, free beds and
estimated waits (of queues that admitted enough patients lately)."""

from __future__ import annotations

from datetime import timedelta

from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from shared.reference.registry import default_registry
from tests.integration.queue.support import handle, place, with_pace

NARCOLOGY_QUEUES = (("KZ-75-M01", "narcology"), ("KZ-71-N01", "narcology"))


async def test_hospitals_with_a_profile_in_a_region_with_live_figures(client, bureau):
    await with_pace(bureau)
    for _ in range(3):
        await place(bureau)
    scheduled = await place(bureau)
    await handle(
        commands.Schedule(
            entry_id=scheduled.entry_id, actor=Actor("hospital", "c"), on=bureau.today()
        ),
        bureau,
    )
    response = await client.get("/v1/facilities?bed_profile=psychiatry&region=75")
    body = await response.json()
    assert response.status == 200
    expected = {f.id for f in default_registry().hospitals("psychiatry", "75")}
    assert {f["id"] for f in body["facilities"]} == expected
    ours = next(f for f in body["facilities"] if f["id"] == "KZ-75-M01")
    assert ours["region"] == "75"
    [profile] = ours["bed_profiles"]
    assert profile["bed_profile"] == "psychiatry"
    assert (profile["beds"], profile["waiting"], profile["free_beds"]) == (180, 3, 179)
    assert profile["free_beds_next_days"][1]["free"] == 180
    assert (
        1
        <= profile["estimated_wait_days"]["min"]
        <= profile["estimated_wait_days"]["max"]
    )
    assert body["registry_version"] == default_registry().version


async def test_by_profile_across_regions_sorted_by_wait(client, bureau):
    for waiting, queue in zip((30, 2), NARCOLOGY_QUEUES, strict=True):
        await with_pace(bureau, queue=queue)
        for _ in range(waiting):
            await place(bureau, queue=queue)
    body = await (await client.get("/v1/facilities?bed_profile=narcology")).json()
    expected = {f.id for f in default_registry().hospitals("narcology")}
    assert {f["id"] for f in body["facilities"]} == expected
    waits = [f["bed_profiles"][0]["estimated_wait_days"] for f in body["facilities"]]
    known = [wait["max"] for wait in waits if wait is not None]
    assert len(known) == 2 and known == sorted(known)
    assert [f["id"] for f in body["facilities"][:2]] == ["KZ-71-N01", "KZ-75-M01"]
    assert all(wait is None for wait in waits[2:])  # too few admissions


async def test_without_filters_the_whole_registry(client):
    body = await (await client.get("/v1/facilities")).json()
    assert len(body["facilities"]) == len(default_registry().facilities)
    clinic = next(f for f in body["facilities"] if f["id"] == "KZ-75-P01")
    assert clinic["kind"] == "clinic" and clinic["bed_profiles"] == []


async def test_unknown_profile_or_region_is_a_422(client):
    for query in ("bed_profile=astrology", "region=99", "region=abc", "color=red"):
        response = await client.get(f"/v1/facilities?{query}")
        assert response.status == 422, query


async def test_estimated_wait_grows_with_the_queue(client, bureau):
    await with_pace(bureau)

    def wait(body):
        ours = next(f for f in body["facilities"] if f["id"] == "KZ-75-M01")
        return ours["bed_profiles"][0]["estimated_wait_days"]["max"]

    url = "/v1/facilities?bed_profile=psychiatry&region=75"
    before = wait(await (await client.get(url)).json())
    for i in range(40):
        await place(bureau, registered_at=bureau.clock() + timedelta(seconds=i))
    assert wait(await (await client.get(url)).json()) > before
