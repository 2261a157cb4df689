"""A webhook may point only at https on a public unicast address, however
the address is spelt; the development setting also allows http and this
machine or the local network, nothing else."""

from __future__ import annotations

import socket
from ipaddress import IPv4Address, ip_address

import pytest

from services.notification.domain.webhook_address import (
    BAD_HOST,
    BAD_PORT,
    HTTPS_ONLY,
    NO_USERINFO,
    NOT_PUBLIC,
    AddressPolicy,
    RefusedAddress,
    inet_aton,
    is_public,
)

STRICT, DEVELOPMENT = AddressPolicy(), AddressPolicy(allow_local=True)

LOOPBACK_SPELLINGS = [
    "https://127.0.0.1/",
    "https://127.0.0.1./",
    "https://2130706433/",
    "https://0x7f000001/",
    "https://0x7f.1/",
    "https://0X7F.0x0.0.1/",
    "https://0177.0.0.1/",
    "https://00000000177.1/",
    "https://127.1/",
    "https://127.0.1/",
    "https://127.255.255.254/",
    "https://[::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:7f00:1]/",
    "https://[0:0:0:0:0:ffff:127.0.0.1]/",
    "https://[::127.0.0.1]/",
    "https://[64:ff9b::127.0.0.1]/",
    "https://[2002:7f00:1::1]/",
    "https://localhost/",
    "https://LOCALHOST./",
    "https://api.localhost/",
]
METADATA_AND_LINK_LOCAL = [
    "https://169.254.169.254/latest/meta-data/",
    "https://2852039166/",
    "https://0xa9fea9fe/",
    "https://0251.0376.0251.0376/",
    "https://169.254.43518/",
    "https://[::ffff:169.254.169.254]/",
    "https://[fe80::1]/",
    "https://[fe80::1%25eth0]/",
]
PRIVATE_AND_SPECIAL = [
    "https://10.0.0.1/",
    "https://012.0.0.1/",
    "https://172.16.5.4/",
    "https://172.31.255.255/",
    "https://192.168.1.1/",
    "https://[::ffff:192.168.1.1]/",
    "https://[fd00::1]/",
    "https://[fc00::1]/",
    "https://100.64.0.1/",
    "https://100.127.255.255/",
    "https://0.0.0.0/",
    "https://0/",
    "https://0.1.2.3/",
    "https://[::]/",
    "https://224.0.0.1/",
    "https://239.255.255.250/",
    "https://[ff02::1]/",
    "https://[ff0e::1]/",
    "https://240.0.0.1/",
    "https://255.255.255.255/",
    "https://198.18.0.1/",
    "https://198.19.255.255/",
    "https://[2001:2::1]/",
    "https://192.0.2.1/",
    "https://198.51.100.7/",
    "https://203.0.113.9/",
    "https://[2001:db8::1]/",
    "https://[3fff::1]/",
    "https://192.0.0.8/",
    "https://192.88.99.1/",
    "https://[fec0::1]/",
    "https://[100::1]/",
    "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
    "https://[2002:c0a8:101::1]/",
    "https://[64:ff9b:1::1]/",
]


@pytest.mark.parametrize(
    "url", LOOPBACK_SPELLINGS + METADATA_AND_LINK_LOCAL + PRIVATE_AND_SPECIAL
)
def test_an_address_that_is_not_public_is_refused_in_any_spelling(url):
    with pytest.raises(RefusedAddress, match="public internet address"):
        STRICT.target(url)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://93.184.216.34/hook", HTTPS_ONLY),
        ("http://his.clinic.example.kz/hook", HTTPS_ONLY),
        ("ftp://his.clinic.example.kz/hook", HTTPS_ONLY),
        ("//his.clinic.example.kz/hook", HTTPS_ONLY),
        ("https://user:password@his.clinic.example.kz/", NO_USERINFO),
        ("https://user@his.clinic.example.kz/", NO_USERINFO),
        ("https://his.clinic.example.kz@127.0.0.1/", NO_USERINFO),
        ("https://his.clinic.example.kz:22/", BAD_PORT),
        ("https://his.clinic.example.kz:25/", BAD_PORT),
        ("https://his.clinic.example.kz:0/", BAD_PORT),
        ("https://his.clinic.example.kz:65536/", BAD_PORT),
        ("https://his.clinic.example.kz:https/", BAD_PORT),
        ("https:///hook", BAD_HOST),
        ("https://his clinic.kz/", BAD_HOST),
        ("https://his.clinic.kz\\@127.0.0.1/", BAD_HOST),
        ("https://his.clinic.kz\t/", BAD_HOST),
        ("https://%31%32%37.0.0.1/", BAD_HOST),
        ("https://-his-.clinic.kz/", BAD_HOST),
        ("https://his_clinic.kz/", BAD_HOST),
        ("https://[not-an-address]/", BAD_HOST),
        ("https://[127.0.0.1]/", BAD_HOST),
    ],
)
def test_scheme_credentials_port_and_host_are_checked(url, reason):
    with pytest.raises(RefusedAddress) as refused:
        STRICT.target(url)
    assert str(refused.value) == reason


@pytest.mark.parametrize(
    ("url", "host", "port", "address"),
    [
        ("https://93.184.216.34/hook", "93.184.216.34", 443, "93.184.216.34"),
        ("https://1.1.1.1:8443/", "1.1.1.1", 8443, "1.1.1.1"),
        ("https://[2606:4700::1111]/", "2606:4700::1111", 443, "2606:4700::1111"),
        ("https://[::ffff:93.184.216.34]/", "::ffff:93.184.216.34", 443, None),
        ("https://[2002:5db8:d822::1]/", "2002:5db8:d822::1", 443, None),
        ("https://his.clinic.example.kz/kezek", "his.clinic.example.kz", 443, None),
        ("https://HIS.Clinic.example.kz.:8443/k", "his.clinic.example.kz", 8443, None),
        ("https://емхана.kz/k", "xn--80aan2ag0c.kz", 443, None),
        ("https://his.clinic.example.kz:80/k", "his.clinic.example.kz", 80, None),
    ],
)
def test_a_public_address_or_name_is_accepted(url, host, port, address):
    target = STRICT.target(url)
    assert (target.host, target.port) == (host, port)
    if address is not None:
        assert target.address == ip_address(address)


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001::1"]
)
def test_public_unicast_addresses_are_public(address):
    assert is_public(ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8026/webhooks/clinic",
        "http://localhost:8080/hook",
        "http://[::1]:9000/hook",
        "http://[::ffff:127.0.0.1]:9000/hook",
        "http://10.1.2.3:8080/hook",
        "http://192.168.0.10/hook",
        "http://[fd00::1]:8080/hook",
        "https://his.clinic.example.kz/hook",
    ],
)
def test_the_development_setting_allows_http_and_local_addresses(url):
    DEVELOPMENT.target(url)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", NOT_PUBLIC),
        ("http://0.0.0.0:8080/", NOT_PUBLIC),
        ("http://[::]:8080/", NOT_PUBLIC),
        ("http://224.0.0.1:8080/", NOT_PUBLIC),
        ("http://100.64.0.1:8080/", NOT_PUBLIC),
        ("http://[fe80::1]:8080/", NOT_PUBLIC),
        ("ftp://127.0.0.1/", HTTPS_ONLY),
        ("http://user:pw@127.0.0.1:8080/", NO_USERINFO),
        ("http://127.0.0.1:22/", BAD_PORT),
    ],
)
def test_the_development_setting_still_refuses_the_rest(url, reason):
    with pytest.raises(RefusedAddress) as refused:
        DEVELOPMENT.target(url)
    assert str(refused.value) == reason


NUMERIC_SPELLINGS = [
    "127.0.0.1",
    "127.1",
    "127.0.1",
    "2130706433",
    "0x7f000001",
    "0x7f.1",
    "0X7F.0x0.0.1",
    "0177.0.0.1",
    "00000000177.1",
    "0x0000007f.1",
    "1.16777215",
    "4294967295",
    "0xffffffff",
    "0",
    "1.16777216",
    "4294967296",
    "256.0.0.1",
    "1.2.3.4.5",
    "08.1",
    "0x",
    "1..2",
    "example.kz",
]


@pytest.mark.parametrize("spelling", NUMERIC_SPELLINGS)
def test_ipv4_spellings_are_read_as_the_c_library_reads_them(spelling):
    try:
        expected: IPv4Address | None = IPv4Address(socket.inet_aton(spelling))
    except OSError:
        expected = None
    assert inet_aton(spelling) == expected
