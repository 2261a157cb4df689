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
from shared.hospitalization_code import new_code
from tests.queue_builders import typed_loosely

SCHEMA = LookupRequest()
CODE = new_code("75", random_bits=lambda bits: 0x0123456789)
TYPED = typed_loosely(CODE)
values = st.one_of(
    st.sampled_from(["791028302728", "061211600012", "123456789012", "79102830272"]),
    st.sampled_from([CODE, TYPED, CODE[:-1], f" {CODE}\n", "kz-75-x1", "-KZ75", "K"]),
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


def test_a_good_body_is_taken_directly_with_the_code_made_canonical():
    for typed in (CODE, TYPED):
        raw = json.dumps({"code": typed, "iin": "791028302728"}).encode()
        assert well_formed_lookup(raw) == (CODE, "791028302728")


def test_a_code_that_cannot_be_one_is_left_to_the_schema_which_names_it():
    body = {"code": CODE[:-1], "iin": "791028302728"}
    assert well_formed_lookup(json.dumps(body).encode()) is None
    try:
        SCHEMA.load(body)
    except ValidationError as refused:
        assert set(refused.messages) == {"code"}
    else:
        raise AssertionError("a code with a symbol missing was accepted")


def test_anything_else_is_left_to_the_schema():
    for raw in (b"[]", b"{nope", b'{"code": "KZ-75-A1", "iin": 791028302728}', b""):
        assert well_formed_lookup(raw) is None
