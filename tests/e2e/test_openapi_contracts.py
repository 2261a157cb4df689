"""Schemathesis against each service's own OpenAPI document, served by the
running system: no 5xx, every response matches the document, every malformed
request gets a 4xx. A fixed seed and a bounded number of examples keep it
repeatable and short."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.system import System

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
    ]
)
CALLERS = [
    ("referral", "doctor", "KZ-75-P01"),
    ("queue", "hospital", "KZ-75-M01"),
    ("queue", "admin", "KZ-00-MOH"),
    ("notification", "doctor", "KZ-75-P01"),
]


@pytest.mark.parametrize(("service", "role", "facility"), CALLERS)
def test_the_api_keeps_its_documented_contract(
    system: System, service: str, role: str, facility: str, output_dir: Path
):
    token = system.token(role, facility, sub=f"contract-{service}")
    report = output_dir / f"schemathesis-{service}-{role}.xml"
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            system.url(service, "/openapi.json"),
            "--checks",
            CHECKS,
            "--max-examples",
            "12",
            "--seed",
            "20261122",
            "--phases",
            "examples,coverage,fuzzing",
            "--header",
            f"Authorization: Bearer {token}",
            "--workers",
            "1",
            "--request-timeout",
            "15",
            "--generation-database",
            "none",
            "--suppress-health-check",
            "all",
            "--no-color",
            "--report",
            "junit",
            "--report-junit-path",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
