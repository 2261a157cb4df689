"""Every test carries its layer's marker, so ``make unit`` (``-m "not
integration and not e2e"``) runs exactly the tests that need no broker, no
store and no service process."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.conftest import TESTS_DIR, layer_of


def a_test(path: str, *fixtures: str) -> pytest.Item:
    item = SimpleNamespace(path=TESTS_DIR / path, fixturenames=["request", *fixtures])
    return item  # type: ignore[return-value]  # layer_of reads only these two


def test_a_test_under_e2e_is_e2e_only_though_it_uses_the_broker():
    assert layer_of(a_test("e2e/test_journeys.py", "amqp_url")) == "e2e"


def test_tests_under_integration_and_bench_are_integration():
    assert layer_of(a_test("integration/queue/test_pull.py")) == "integration"
    assert layer_of(a_test("bench/test_queue_bench_smoke.py")) == "integration"


@pytest.mark.parametrize("fixture", ["mongo_url", "own_store", "amqp_url"])
def test_a_test_using_the_real_store_or_broker_is_integration_wherever_it_is(
    fixture,
):
    assert layer_of(a_test("contracts/queue/test_entries.py", fixture)) == (
        "integration"
    )
    assert layer_of(a_test("unit/platform/test_outbox.py", fixture)) == "integration"


def test_a_contract_on_the_memory_adapter_and_a_unit_test_are_unit_tests():
    assert layer_of(a_test("contracts/queue/test_entries.py", "tmp_path")) is None
    assert layer_of(a_test("unit/queue/test_book.py")) is None


def test_this_test_is_a_unit_test(request):
    assert request.node.get_closest_marker("integration") is None
    assert request.node.get_closest_marker("e2e") is None
