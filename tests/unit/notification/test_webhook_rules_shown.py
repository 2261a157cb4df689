"""What WEBHOOKS.md says of the URLs it accepts is what the address policy
does: every spelling it shows is refused, the ports it names are the ones
taken, the URLs it shows as examples are accepted where it says."""

from __future__ import annotations

import re

import pytest

from services.notification.domain.webhook_address import (
    BAD_PORT,
    NOT_PUBLIC,
    AddressPolicy,
    RefusedAddress,
)
from tests.documents import Document

DOC = "services/notification/WEBHOOKS.md"
STRICT, DEVELOPMENT = AddressPolicy(), AddressPolicy(allow_local=True)
PUBLIC = "93.184.216.34"


def accepted() -> Document:
    return Document.at(DOC).section("Which URLs are accepted")


def spellings() -> list[str]:
    """The hosts shown in backticks: addresses in any spelling, and names."""
    spans = accepted().inline_code()
    return [s for s in spans if re.fullmatch(r"[a-z0-9.:\[\]]+", s) and "/" not in s]


@pytest.mark.parametrize("host", spellings())
def test_every_host_the_document_shows_as_refused_is_refused(host):
    with pytest.raises(RefusedAddress) as refused:
        STRICT.target(f"https://{host}/kezek")
    assert str(refused.value) == NOT_PUBLIC


def test_the_document_shows_the_spellings():
    assert {"2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "localhost"} <= set(
        spellings()
    )


def test_the_ports_the_document_names_are_the_ones_taken():
    text = " ".join(accepted().prose().split())
    said = re.search(r"the port is (\d+), (\d+), or (\d+)–(\d+)", text)
    assert said, "WEBHOOKS.md no longer says which ports it takes"
    single, other, low, high = (int(n) for n in said.groups())
    for port in (single, other, low, high):
        assert STRICT.target(f"https://{PUBLIC}:{port}/").port == port
    for port in (low - 1, high + 1, 22):
        with pytest.raises(RefusedAddress, match=re.escape(BAD_PORT)):
            STRICT.target(f"https://{PUBLIC}:{port}/")


def test_the_urls_the_document_shows_are_accepted_where_it_says():
    local = [s for s in accepted().inline_code() if re.match(r"http://\d", s)]
    assert local, "WEBHOOKS.md no longer shows the local sink's URL"
    for url in local:
        assert DEVELOPMENT.target(url.replace("NAME", "clinic")).port == 8026
        with pytest.raises(RefusedAddress):
            STRICT.target(url)
    registration = Document.at(DOC).section("Registering a URL").blocks("")[0]
    [url] = re.findall(r'"url": "([^"]+)"', registration.text)
    assert STRICT.target(url).host == "his.clinic.example.kz"
