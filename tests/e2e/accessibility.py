"""axe-core (the copy axe-playwright-python carries, nothing fetched) run on
the page a browser shows: the violations of serious or critical impact,
each as ``rule: the elements it found``."""

from __future__ import annotations

from typing import Any

BLOCKING = frozenset({"serious", "critical"})


def serious_violations(page: Any) -> list[str]:
    """What axe finds on ``page`` as it is now that would stop someone using
    it (a screen reader, the keyboard, low vision), described for the
    assertion message."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING:
            targets = [", ".join(n["target"]) for n in violation["nodes"]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found
