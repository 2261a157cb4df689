"""English names (the catalogues' msgids) of the codes the bureau's pages
show: the maximum-wait flags the queue service answers."""

from __future__ import annotations

FLAGGED = {
    "in_breach": "In breach",
    "breach_expected": "Breach expected",
    "at_risk": "At risk",
}
"""The flags the maximum-wait list filters by, worst first."""
FLAGS = {**FLAGGED, "on_track": "On track", "unknown": "No estimate yet"}
