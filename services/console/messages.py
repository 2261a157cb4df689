"""Every text the console shows, as the catalogues' msgids: the templates'
``_("...")`` calls and the names in ``labels.py`` (a test holds each
language's catalogue to this list)."""

from __future__ import annotations

import re
from pathlib import Path

from services.console import bureau_labels, labels
from shared.contracts.reasons import PRE_ADMISSION_TESTS

TEMPLATES_DIR = Path(__file__).with_name("templates")
CALL = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def template_texts() -> set[str]:
    found: set[str] = set()
    for template in TEMPLATES_DIR.glob("*.html"):
        for double, single in CALL.findall(template.read_text(encoding="utf-8")):
            found.add(double or single)
    return found


def label_texts() -> set[str]:
    names = {*labels.STATUSES.values(), *labels.STEPS.values(), *labels.DONE.values()}
    names |= {*labels.CHANNELS.values(), *labels.DELIVERIES.values()}
    names |= set(labels.WAIT_FLAGS.values())
    names |= set(PRE_ADMISSION_TESTS.values()) | set(labels.ENTRY_DONE.values())
    names |= {labels.PULLED, labels.TAKEN, labels.EMERGENCY_DONE, labels.SHORTER_WAIT}
    names.add(labels.SECOND_NO_SHOW)
    names |= set(labels.BED_PROFILES.values())
    for reasons in labels.CLERK_REASONS.values():
        names |= set(reasons.values())
    names |= set(bureau_labels.FLAGS.values())
    for reasons in labels.ACTION_REASONS.values():
        names |= set(reasons.values())
    return names


def console_texts() -> set[str]:
    return template_texts() | label_texts()
