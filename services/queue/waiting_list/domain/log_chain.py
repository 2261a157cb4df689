"""The append-only, hash-chained queue log.

Each record's hash is SHA-256 over the previous record's hash and the
canonical JSON of the record itself (who, why, when, which entry, which
event), so changing, removing or reordering a stored record breaks the chain
from that record on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(record: Mapping[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, record: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(record)).encode()).hexdigest()


@dataclass(frozen=True)
class Verification:
    intact: bool
    checked: int
    first_broken: int | None = None
    problem: str | None = None


class ChainVerifier:
    """Feed records in order of ``n``; ``result`` says whether the chain is
    intact, or which record is the first broken one and why."""

    def __init__(self) -> None:
        self._expected_n = 1
        self._prev = GENESIS
        self._broken: tuple[int, str] | None = None

    def feed(
        self, n: int, prev_hash: str, hash_: str, record: Mapping[str, Any]
    ) -> None:
        if self._broken is not None:
            return
        if n != self._expected_n:
            self._broken = (self._expected_n, f"record {self._expected_n} is missing")
        elif prev_hash != self._prev:
            self._broken = (n, "does not link to the previous record")
        elif chain_hash(prev_hash, record) != hash_:
            self._broken = (n, "content does not match its hash")
        self._prev = hash_
        self._expected_n += 1

    def result(self, head_hash: str | None, length: int) -> Verification:
        checked = self._expected_n - 1
        if self._broken is not None:
            n, problem = self._broken
            return Verification(False, checked, n, problem)
        if checked != length:
            return Verification(
                False, checked, checked + 1, f"record {checked + 1} is missing"
            )
        if checked and head_hash != self._prev:
            return Verification(
                False, checked, checked, "the last record is not the queue's head"
            )
        return Verification(True, checked)
