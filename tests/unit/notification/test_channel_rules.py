import hashlib
import hmac

import pytest

from services.notification.adapters.channels import check_http_status
from services.notification.adapters.channels.email import smtp_failure
from services.notification.adapters.channels.sms import e164, fill
from services.notification.domain.channels import PermanentFailure, TransientFailure
from services.notification.domain.model import (
    Contact,
    delivery_key,
    mask_recipient,
)
from services.notification.domain.signing import signature_header


@pytest.mark.parametrize("status", [200, 201, 202, 204])
def test_2xx_is_accepted(status):
    check_http_status(status)


@pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 504])
def test_timeouts_throttling_and_5xx_are_transient(status):
    with pytest.raises(TransientFailure) as failure:
        check_http_status(status)
    assert failure.value.reason == f"HTTP {status}"


@pytest.mark.parametrize("status", [301, 400, 401, 403, 404, 422])
def test_other_answers_are_permanent(status):
    with pytest.raises(PermanentFailure) as failure:
        check_http_status(status)
    assert failure.value.reason == f"HTTP {status}"


def test_smtp_4xx_is_transient_and_5xx_permanent():
    assert isinstance(smtp_failure(451, "rejected"), TransientFailure)
    assert isinstance(smtp_failure(550, "recipient"), PermanentFailure)


def test_phone_numbers_are_normalised_or_refused():
    assert e164("8 (701) 123-45-67") == "+77011234567"
    assert e164("+7 701 123 4567") == "+77011234567"
    assert e164("12345") is None
    assert e164("not a number") is None


def test_the_payload_template_keeps_shape_and_types():
    template = {
        "messages": [{"destinations": [{"to": "{to}"}], "text": "{text}"}],
        "from": "{sender}",
        "ref": "kezek-{key}",
        "parts": "{segments}",
    }
    filled = fill(
        template,
        {
            "to": "+7701",
            "text": "Hi {x}",
            "sender": "Kezek",
            "key": "k1",
            "segments": 2,
        },
    )
    assert filled == {
        "messages": [{"destinations": [{"to": "+7701"}], "text": "Hi {x}"}],
        "from": "Kezek",
        "ref": "kezek-k1",
        "parts": 2,
    }


def test_the_delivery_key_is_stable_distinct_and_carries_no_contact_data():
    key = delivery_key("event1", "sms", "+77011234567")
    assert key == delivery_key("event1", "sms", "+77011234567")
    assert key != delivery_key("event1", "email", "+77011234567")
    assert key != delivery_key("event2", "sms", "+77011234567")
    assert "7011234567" not in key and len(key) == 32


def test_recipients_are_masked():
    assert mask_recipient("sms", "+77011234567") == "+*********67"
    assert mask_recipient("email", "aigerim@mail.kz") == "a***@***.kz"
    assert mask_recipient("webhook", "KZ-75-P01") == "KZ-75-P01"


def test_without_consent_there_is_no_address_to_write_to():
    contact = Contact("r", "c", "f", "kk", consent=False, phone="+7701", email="a@b")
    assert contact.patient_addresses() == []
    consenting = Contact("r", "c", "f", "kk", consent=True, phone="+7701")
    assert consenting.patient_addresses() == [("sms", "+7701")]


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body():
    body = b'{"type":"referral.admitted"}'
    expected = hmac.new(b"whsec_x", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert signature_header("whsec_x", "1700000000", body) == f"v1={expected}"
