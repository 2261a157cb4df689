"""A webhook's host name is resolved and every address it gives is checked:
at registration (a 422's message), and again by the sending session's
resolver and socket factory, which connect only to a checked address."""

from __future__ import annotations

import socket

import pytest

from services.notification.adapters.webhook_hosts import (
    DOES_NOT_RESOLVE,
    RESOLVE_TIMEOUT,
    CheckedResolver,
    SystemResolver,
    UnsafeAddress,
    WebhookAddresses,
    guarded_socket_factory,
)
from services.notification.domain.webhook_address import (
    NOT_PUBLIC,
    AddressPolicy,
    RefusedAddress,
)
from tests.fake_hosts import FixedResolver

STRICT, DEVELOPMENT = AddressPolicy(), AddressPolicy(allow_local=True)
NAMES = {
    "his.clinic.example.kz": ["93.184.216.34", "2606:4700::1111"],
    "intranet.example.kz": ["10.0.0.5"],
    "metadata.example.kz": ["169.254.169.254"],
    "mapped.example.kz": ["::ffff:127.0.0.1"],
    "half.example.kz": ["93.184.216.34", "127.0.0.1"],
    "scoped.example.kz": ["fe80::1%lo"],
    "lab.example.kz": ["127.0.0.1"],
    "v4.example.kz": ["93.184.216.34"],
}


def addresses(policy: AddressPolicy = STRICT) -> tuple[WebhookAddresses, FixedResolver]:
    resolver = FixedResolver(NAMES)
    return WebhookAddresses(policy, resolver, timeout_s=0.05), resolver


async def test_a_name_whose_every_address_is_public_is_accepted():
    checker, resolver = addresses()
    await checker.check("https://his.clinic.example.kz/kezek")
    assert resolver.lookups == ["his.clinic.example.kz"]


@pytest.mark.parametrize(
    "name",
    [
        "intranet.example.kz",
        "metadata.example.kz",
        "mapped.example.kz",
        "half.example.kz",
        "scoped.example.kz",
        "lab.example.kz",
    ],
)
async def test_a_name_with_any_address_that_is_not_public_is_refused(name):
    checker, _ = addresses()
    with pytest.raises(RefusedAddress) as refused:
        await checker.check(f"https://{name}/kezek")
    assert str(refused.value) == NOT_PUBLIC


async def test_a_name_that_does_not_resolve_is_refused_saying_so():
    checker, _ = addresses()
    with pytest.raises(RefusedAddress) as refused:
        await checker.check("https://nowhere.example.kz/kezek")
    assert str(refused.value) == DOES_NOT_RESOLVE


async def test_a_name_that_does_not_resolve_in_time_is_refused_saying_so():
    checker, resolver = addresses()
    resolver.stalling.add("his.clinic.example.kz")
    with pytest.raises(RefusedAddress) as refused:
        await checker.check("https://his.clinic.example.kz/kezek")
    assert str(refused.value) == RESOLVE_TIMEOUT


async def test_an_address_in_the_url_needs_no_resolving():
    checker, resolver = addresses()
    await checker.check("https://93.184.216.34/kezek")
    with pytest.raises(RefusedAddress):
        await checker.check("https://0x7f.1/kezek")
    assert resolver.lookups == []


async def test_the_development_setting_accepts_a_name_on_this_machine():
    checker, _ = addresses(DEVELOPMENT)
    await checker.check("http://lab.example.kz:8026/webhooks/clinic")
    with pytest.raises(RefusedAddress):
        await checker.check("http://metadata.example.kz/")


async def test_the_sending_resolver_gives_only_checked_addresses():
    resolver = CheckedResolver(FixedResolver(NAMES), STRICT)
    found = await resolver.resolve("his.clinic.example.kz", 443, socket.AF_UNSPEC)
    assert [(r["host"], r["port"], r["family"]) for r in found] == [
        ("93.184.216.34", 443, socket.AF_INET),
        ("2606:4700::1111", 443, socket.AF_INET6),
    ]
    assert all(r["hostname"] == "his.clinic.example.kz" for r in found)
    only_v6 = await resolver.resolve("his.clinic.example.kz", 443, socket.AF_INET6)
    assert [r["host"] for r in only_v6] == ["2606:4700::1111"]


@pytest.mark.parametrize("name", ["half.example.kz", "metadata.example.kz"])
async def test_the_sending_resolver_refuses_a_name_with_any_refused_address(name):
    resolver = CheckedResolver(FixedResolver(NAMES), STRICT)
    with pytest.raises(UnsafeAddress):
        await resolver.resolve(name, 443, socket.AF_UNSPEC)


async def test_the_sending_resolver_fails_like_a_lookup_for_an_unknown_name():
    resolver = CheckedResolver(FixedResolver(NAMES), STRICT)
    with pytest.raises(socket.gaierror):
        await resolver.resolve("nowhere.example.kz", 443, socket.AF_UNSPEC)
    with pytest.raises(socket.gaierror):
        await resolver.resolve("v4.example.kz", 443, socket.AF_INET6)


@pytest.mark.parametrize("spelling", ["0x7f.1", "0177.0.0.1", "127.1", "localhost"])
async def test_what_the_system_resolver_makes_of_numeric_spellings_is_checked(
    spelling,
):
    with pytest.raises(UnsafeAddress):
        await CheckedResolver(SystemResolver(), STRICT).resolve(spelling, 443, 0)
    found = await CheckedResolver(SystemResolver(), DEVELOPMENT).resolve(
        spelling, 443, socket.AF_INET
    )
    assert {r["host"] for r in found} == {"127.0.0.1"}


def test_the_socket_factory_refuses_an_address_the_policy_refuses():
    factory = guarded_socket_factory(STRICT)
    v4 = (socket.AF_INET, socket.SOCK_STREAM, 6, "")
    for refused in ("127.0.0.1", "169.254.169.254", "10.0.0.1"):
        with pytest.raises(UnsafeAddress):
            factory((*v4, (refused, 443)))
    with pytest.raises(UnsafeAddress):
        factory((socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", 443, 0, 0)))
    made = factory((*v4, ("93.184.216.34", 443)))
    try:
        assert made.family == socket.AF_INET
    finally:
        made.close()
    local = guarded_socket_factory(DEVELOPMENT)((*v4, ("127.0.0.1", 8026)))
    local.close()
