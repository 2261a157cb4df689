"""The address a lookup counts against: X-Forwarded-For only from trusted
proxies, and then its right-most entry that is not a trusted proxy."""

from __future__ import annotations

from ipaddress import ip_network

import pytest
from aiohttp.test_utils import make_mocked_request

from services.queue.patients.entrypoints.client_address import ClientAddresses
from services.queue.settings import QueueSettings
from shared.settings import SettingsError

DEV = {"KEZEK_ENV": "development"}
PROXIES = ClientAddresses([ip_network("10.0.0.0/8"), ip_network("192.0.2.7")])


def request(peer: str, *forwarded: str):
    headers = [("X-Forwarded-For", value) for value in forwarded]
    return make_mocked_request("POST", "/v1/queue/lookup", headers=headers).clone(
        remote=peer
    )


def test_an_untrusted_peers_forwarded_for_is_ignored():
    spoofed = request("203.0.113.9", "198.51.100.1")
    assert PROXIES.of(spoofed) == "203.0.113.9"
    assert ClientAddresses().of(request("10.0.0.5", "198.51.100.1")) == "10.0.0.5"


def test_behind_a_trusted_proxy_the_client_is_the_entry_it_appended():
    assert PROXIES.of(request("10.0.0.5", "198.51.100.1")) == "198.51.100.1"


def test_what_the_client_wrote_left_of_the_proxies_entries_is_ignored():
    chain = request("10.0.0.5", "1.1.1.1, 198.51.100.1, 10.2.3.4, 192.0.2.7")
    assert PROXIES.of(chain) == "198.51.100.1"
    two_headers = request("10.0.0.5", "1.1.1.1", "198.51.100.1, 10.2.3.4")
    assert PROXIES.of(two_headers) == "198.51.100.1"


def test_a_trusted_peer_without_a_client_entry_is_the_client():
    assert PROXIES.of(request("10.0.0.5")) == "10.0.0.5"
    assert PROXIES.of(request("10.0.0.5", "10.9.9.9")) == "10.0.0.5"


def test_an_ipv4_mapped_peer_is_matched_as_ipv4():
    assert PROXIES.of(request("::ffff:10.0.0.5", "198.51.100.1")) == "198.51.100.1"


def test_trusted_proxies_are_read_as_addresses_and_networks():
    settings = QueueSettings(trusted_proxies=" 10.0.0.0/8, 192.0.2.7,2001:db8::/32 ")
    assert [str(n) for n in settings.trusted_networks] == [
        "10.0.0.0/8",
        "192.0.2.7/32",
        "2001:db8::/32",
    ]


def test_a_bad_trusted_proxy_stops_the_service_naming_the_setting():
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES.*'10.0.0.x'"):
        QueueSettings.from_env({**DEV, "TRUSTED_PROXIES": "10.0.0.1,10.0.0.x"})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RATE_LIMIT_STORE", "redis"),
        ("LOOKUP_GUESSES_PER_DAY", "0"),
        ("ONE_TIME_CODE_MINUTES", "1"),
        ("ONE_TIME_CODE_ATTEMPTS", "0"),
    ],
)
def test_a_lookup_limit_that_cannot_work_stops_the_service(name, value):
    with pytest.raises(SettingsError, match=name):
        QueueSettings.from_env({**DEV, name: value})
