"""A referral's pre-admission tests as rows of a form (``tests.0.code``,
``tests.0.done_on``, ...) and back, as the API takes them."""

from __future__ import annotations

from services.console.apis import Json

PARTS = ("code", "done_on", "valid_until")
MOST_ROWS = 30


def tests_of(typed: dict[str, str]) -> list[Json]:
    """The rows with a test chosen, in order (empty parts left out)."""
    return [
        {
            part: typed[f"tests.{row}.{part}"]
            for part in PARTS
            if typed.get(f"tests.{row}.{part}")
        }
        for row in range(MOST_ROWS)
        if typed.get(f"tests.{row}.code")
    ]


def typed_rows(tests: list[Json]) -> dict[str, str]:
    """The form's fields for ``tests`` (a referral's, as the API gives them)."""
    return {
        f"tests.{row}.{part}": str(test.get(part) or "")
        for row, test in enumerate(tests)
        for part in PARTS
    }
