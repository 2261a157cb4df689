"""What the bureau's pages filter by: a region, a bed profile, a hospital,
each one the registry knows (anything else in a URL is ignored), named in
the reader's language."""

from __future__ import annotations

from collections.abc import Collection

from aiohttp import web

from services.console.words import page_language
from shared.http import REGISTRY

MOST_PAGES = 10_000


def chosen(request: web.Request, name: str, allowed: Collection[str]) -> str:
    raw = request.query.get(name, "")
    return raw if raw in allowed else ""


def page_number(request: web.Request) -> int:
    raw = request.query.get("page", "")
    return int(raw) if raw.isdigit() and 0 < int(raw) <= MOST_PAGES else 1


def choices(request: web.Request) -> dict[str, object]:
    """The filters' options: regions and hospitals by their names in the
    reader's language, the bed profiles by their codes."""
    registry = request.app[REGISTRY]
    language = page_language(request)
    regions = {
        code: names.get(language, code) for code, names in registry.regions.items()
    }
    hospitals = {f.id: f.name_in(language) for f in registry.hospitals()}
    return {
        "regions": regions,
        "bed_profiles": registry.bed_profiles,
        "hospitals": hospitals,
    }
