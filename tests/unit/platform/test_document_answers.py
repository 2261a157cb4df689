"""What the README says every answer carries, and what ``/metrics`` shows,
is what a service answers: the referral service's app, which opens no store
or broker until its platform is added, asked through a test client (the
headers and metrics are the shared app's, ``shared/http/app.py``, in every
service)."""

from __future__ import annotations

import re

from services.referral.bootstrap import http_app as referral_app
from services.referral.settings import ReferralSettings
from tests.documents import Document


def every_answers_headers() -> dict[str, str]:
    """``Name: value`` in the README's paragraph on what every answer carries."""
    readme = Document.at("README.md").section("Privacy and security")
    [paragraph] = [p for p in readme.paragraphs() if "Every answer carries" in p]
    spans = Document(readme.path, paragraph).inline_code()
    return dict(s.split(": ", 1) for s in spans if re.fullmatch(r"[A-Z][\w-]+: \S+", s))


async def test_every_answer_carries_the_headers_the_readme_says(aiohttp_client):
    headers = every_answers_headers()
    assert {"Cache-Control", "X-Frame-Options", "Server"} <= set(headers)
    client = await aiohttp_client(referral_app(ReferralSettings()))
    for path in ("/healthz", "/openapi.json", "/v1/no-such-route"):
        answer = await client.get(path)
        for name, value in headers.items():
            assert answer.headers.get(name) == value, (path, name)
        assert answer.headers.get("X-Content-Type-Options") == "nosniff"


def metric_names() -> list[tuple[str, list[str]]]:
    """Each metric the Operations table names, with its labels if given."""
    rows = Document.at("README.md").section("Operations").table_rows()
    [what] = [row[1] for row in rows if "`/metrics`" in row[0]]
    named = re.findall(r"`(kezek_\w+)(?:\{([\w,]+)\})?`", what)
    return [(name, labels.split(",") if labels else []) for name, labels in named]


async def test_the_metrics_the_readme_names_are_served_with_their_labels(
    aiohttp_client,
):
    client = await aiohttp_client(referral_app(ReferralSettings()))
    await client.get("/healthz")
    text = await (await client.get("/metrics")).text()
    assert len(metric_names()) >= 2
    for name, labels in metric_names():
        lines = [line for line in text.splitlines() if line.startswith(name)]
        assert lines, f"/metrics shows no {name}"
        for label in labels:
            assert any(f"{label}=" in line for line in lines), (name, label)
