"""Every shell block of the README's journeys, run in order against a freshly
started system, as a newcomer would paste them after ``make run``; then the
README's other ``kezek`` lines that need nothing filled in."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from openpyxl import load_workbook

from services.queue.hospital.entrypoints.sheet_columns import (
    ADMISSION_COLUMNS,
    INPATIENTS_TITLES,
)
from tests.conftest import RUN_PREFIX, remember_namespace
from tests.documents import Document
from tests.e2e.system import ROOT, start_system

DEFAULT_PORTS = {"referral": 8081, "queue": 8082, "notification": 8083}
PLACEHOLDER = re.compile(r"\[|\b[A-Z]{2,}\b")
"""A word to fill in (``--id ID``) or an optional part (``[--sub NAME]``)."""


def journey_blocks() -> list[str]:
    journeys = Document.at("README.md").section("Journeys")
    return [block.text for block in journeys.blocks("sh")]


def kezek_commands() -> list[str]:
    """The README's ``kezek`` lines that need nothing filled in (the dead
    letters' list and replay), as run from the project's virtualenv."""
    lines = [
        line
        for block in Document.at("README.md").blocks("sh")
        for line in block.text.splitlines()
        if line.startswith("kezek ") and not PLACEHOLDER.search(line.split("#")[0])
    ]
    return [f".venv/bin/{line}" for line in lines]


def test_the_readme_has_the_three_journeys():
    script = "\n".join(journey_blocks())
    for call in ("/v1/referrals", "/v1/queue/lookup", "/v1/admissions/pull", "/admit"):
        assert call in script
    assert "kezek token --role doctor" in script
    assert "kezek token --role hospital" in script
    assert ".venv/bin/kezek dlq list   --service queue" in kezek_commands()[0]


def test_every_journey_line_works(tmp_path: Path, amqp_url: str):
    system = start_system(
        tmp_path / "system", remember_namespace(f"{RUN_PREFIX}-readme"), amqp_url
    )
    try:
        script = "\n".join(journey_blocks() + kezek_commands())
        script = script.replace("/tmp/", f"{tmp_path}/")
        for service, port in DEFAULT_PORTS.items():
            script = script.replace(
                f"127.0.0.1:{port}", f"127.0.0.1:{system.ports[service]}"
            )
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=ROOT,
            env={**system.env, "OIDC_ISSUER": system.issuer},  # kezek token's
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    finally:
        system.stop()
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert '"admitted"' in result.stdout
    assert "0 dead letter(s) in" in result.stdout and "replayed 0" in result.stdout
    russian_header = ";".join(c.labels["ru"] for c in ADMISSION_COLUMNS)
    assert f"\ufeff{russian_header}\n" in result.stdout
    workbook = load_workbook(tmp_path / "kezek-inpatients.xlsx")
    assert workbook.active.title == INPATIENTS_TITLES["ru"]
