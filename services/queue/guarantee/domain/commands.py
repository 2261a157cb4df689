"""What the guarantee's sweep orders: tell one entry's patient and referring
facility that its wait passes (or may pass) the maximum, once per level."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class TellWaitGuarantee:
    entry_id: str
