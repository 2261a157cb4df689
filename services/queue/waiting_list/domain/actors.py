"""Who made a change: recorded on every event and in the queue log."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("system", "patient", "doctor", "hospital", "admin")


@dataclass(frozen=True)
class Actor:
    role: str
    id: str = ""

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown actor role {self.role!r}")

    def __str__(self) -> str:
        return f"{self.role}:{self.id}" if self.id else self.role

    @classmethod
    def parse(cls, text: str, default_role: str = "system") -> Actor:
        """An actor named by another service (``role:id`` or a bare role)."""
        role, _, rest = text.partition(":")
        if role in ROLES:
            return cls(role, rest)
        return cls(default_role, text)


SYSTEM = Actor("system")
PATIENT = Actor("patient")
