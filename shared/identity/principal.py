"""The principal a verified token names: a role, a facility and a subject,
read from claims whose names the deployment chooses (Keycloak puts realm
roles in ``realm_access.roles``)."""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from typing import Any

ROLES = ("doctor", "hospital", "admin")
FACILITY_ROLES = frozenset({"doctor", "hospital"})
"""Roles whose facility decides what they may see: it must be in the registry.
An admin works for the bureau, across facilities."""


class InvalidToken(Exception):
    """The token proves nothing: the caller is not signed in."""


@dataclass(frozen=True)
class Principal:
    role: str
    facility: str
    subject: str
    name: str = ""
    """A display name, when the token carries one (``name``)."""


@dataclass(frozen=True)
class ClaimNames:
    """Where the role and the facility are in the claims: dotted paths."""

    role: str = "role"
    facility: str = "facility"


def claim_at(claims: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` (``realm_access.roles``), or None."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def principal_of(
    claims: Mapping[str, Any],
    names: ClaimNames,
    facilities: Container[str] | None = None,
) -> Principal:
    """The principal of verified ``claims``: a non-empty ``sub``, exactly one
    known role and a facility (a doctor's or hospital's among ``facilities``
    when given)."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip():
        raise InvalidToken("the sub claim is empty")
    role = _role(claim_at(claims, names.role))
    facility = claim_at(claims, names.facility)
    if role is None or not isinstance(facility, str) or not facility:
        raise InvalidToken("token lacks a valid role or facility claim")
    if role in FACILITY_ROLES and facilities is not None and facility not in facilities:
        raise InvalidToken("the token's facility is not in the facility registry")
    name = claims.get("name")
    return Principal(role, facility, subject, name if isinstance(name, str) else "")


def _role(value: Any) -> str | None:
    """A role given alone, or the one known role in a list of roles."""
    if isinstance(value, str):
        return value if value in ROLES else None
    if isinstance(value, list):
        known = {role for role in value if role in ROLES}
        if len(known) > 1:
            raise InvalidToken("the token carries more than one role")
        return known.pop() if known else None
    return None
