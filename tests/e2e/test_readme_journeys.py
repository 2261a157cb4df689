"""Every shell block of the README's journeys, run in order against a freshly
started system, as a newcomer would paste them after ``make run``."""

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
from tests.e2e.system import ROOT, start_system

DEFAULT_PORTS = {"referral": 8081, "queue": 8082, "notification": 8083}


def journey_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Journeys", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.S)


def test_the_readme_has_the_three_journeys():
    script = "\n".join(journey_blocks())
    for call in ("/v1/referrals", "/v1/queue/lookup", "/v1/admissions/pull", "/admit"):
        assert call in script
    assert "kezek token --role doctor" in script
    assert "kezek token --role hospital" in script


def test_every_journey_line_works(tmp_path: Path, amqp_url: str):
    system = start_system(
        tmp_path / "system", remember_namespace(f"{RUN_PREFIX}-readme"), amqp_url
    )
    try:
        script = "\n".join(journey_blocks()).replace("/tmp/", f"{tmp_path}/")
        for service, port in DEFAULT_PORTS.items():
            script = script.replace(
                f"127.0.0.1:{port}", f"127.0.0.1:{system.ports[service]}"
            )
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=ROOT,
            env=system.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    finally:
        system.stop()
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert '"admitted"' in result.stdout
    russian_header = ";".join(c.labels["ru"] for c in ADMISSION_COLUMNS)
    assert f"\ufeff{russian_header}\n" in result.stdout
    workbook = load_workbook(tmp_path / "kezek-inpatients.xlsx")
    assert workbook.active.title == INPATIENTS_TITLES["ru"]
