"""The patients' routes (the status page's forms, the lookup API) as the
queue service serves them, on the memory harness: what a browser without
JavaScript posts, answered without a broker or a store."""

from __future__ import annotations

import html
import re
from typing import Any

from services.queue.patients.entrypoints.client_address import ClientAddresses
from services.queue.patients.entrypoints.keys import CLIENTS, GATE, LIMITS, PATIENTS
from services.queue.patients.entrypoints.routes import setup_patient_routes
from services.queue.patients.status_page.catalogues import (
    PAGE_TEXTS,
    PageTexts,
    catalogue,
)
from services.queue.waiting_list.entrypoints.keys import BUS
from shared.http import OpenApi, create_app, finish_routes
from tests.unit.queue.patients.patient_side import PatientSide

CATALOGUES = re.compile(r'<script id="catalogues".*?</script>', re.S)
ELEMENT = r'<(?P<tag>\w+) [^>]*id="{id}"(?P<attrs>[^>]*)>(?P<body>.*?)</(?P=tag)>'


async def page_client(aiohttp_client: Any, side: PatientSide) -> Any:
    app = create_app(side.settings)
    app[PATIENTS], app[GATE], app[LIMITS] = (
        side.queue.patients,
        side.gate,
        side.gate.limits,
    )
    app[CLIENTS], app[BUS] = ClientAddresses(), side.queue.bus
    app[PAGE_TEXTS] = PageTexts.of(side.settings)
    api = OpenApi("queue", "test")
    setup_patient_routes(app, api)
    api.setup(app)
    finish_routes(app)
    return await aiohttp_client(app)


class Page:
    """An answer of the status page: its status, headers and what it shows."""

    def __init__(self, status: int, headers: Any, text: str):
        self.status, self.headers = status, headers
        self.text = CATALOGUES.sub("", text)
        """The page without its embedded catalogues (every text is there)."""

    def element(self, element_id: str) -> re.Match[str]:
        found = re.search(ELEMENT.format(id=element_id), self.text, re.S)
        assert found is not None, element_id
        return found

    def shown(self, element_id: str) -> str:
        """The element's text, or "" when it is hidden."""
        found = self.element(element_id)
        if " hidden" in found["attrs"]:
            return ""
        return html.unescape(re.sub(r"<[^>]+>", "", found["body"])).strip()

    def hidden(self, element_id: str) -> bool:
        return " hidden" in self.element(element_id)["attrs"]

    def says(self, language: str, key: str, **values: object) -> bool:
        text = catalogue(language)[key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return html.escape(text) in self.text


async def posted(client: Any, path: str, **form: str) -> Page:
    response = await client.post(path, data=form)
    return Page(response.status, response.headers, await response.text())
