"""The lookup's direct check of a well-formed body accepts what the schema
accepts, except that it leaves an IIN's birth date and check digit to the
schema, which the lookup runs when nothing matched (anything else goes
through the schema for its messages)."""

import json

from hypothesis import given
from hypothesis import strategies as st
from marshmallow import ValidationError

from services.queue.patients.entrypoints.schemas import (
    LookupRequest,
    well_formed_lookup,
)

SCHEMA = LookupRequest()
values = st.one_of(
    st.sampled_from(["791028302728", "061211600012", "123456789012", "79102830272"]),
    st.sampled_from(["KZ-75-ABC123", "kz-75-x1", "-KZ75", "K", "KZ 75", "KZ-75-X\n"]),
    st.text(max_size=14),
    st.integers(),
    st.none(),
)
bodies = st.dictionaries(st.sampled_from(["code", "iin", "name"]), values, max_size=3)


@given(bodies)
def test_the_direct_check_never_accepts_what_the_schema_refuses(body):
    found = well_formed_lookup(json.dumps(body).encode())
    try:
        loaded = SCHEMA.load(body)
    except ValidationError as refused:
        iin = body.get("iin")
        only_the_iin_digits = (
            set(refused.messages) == {"iin"}
            and isinstance(iin, str)
            and len(iin) == 12
            and iin.isascii()
            and iin.isdigit()
        )
        assert found is None or only_the_iin_digits
    else:
        assert found in (None, (loaded["code"], loaded["iin"]))


def test_a_good_body_is_taken_directly():
    raw = b'{"code": "KZ-75-ABC123", "iin": "791028302728"}'
    assert well_formed_lookup(raw) == ("KZ-75-ABC123", "791028302728")


def test_anything_else_is_left_to_the_schema():
    for raw in (b"[]", b"{nope", b'{"code": "KZ-75-A1", "iin": 791028302728}', b""):
        assert well_formed_lookup(raw) is None
