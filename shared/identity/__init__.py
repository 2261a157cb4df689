"""Who is calling: bearer tokens from the identity provider, verified by its
published keys (JWKS), and the principal they name."""

from shared.identity.keys import IdentityUnavailable, IssuerKeys, SigningKeys
from shared.identity.principal import (
    FACILITY_ROLES,
    ROLES,
    ClaimNames,
    InvalidToken,
    Principal,
)
from shared.identity.tokens import (
    ALGORITHMS,
    MAX_LIFETIME,
    verified_claims,
    verify_token,
)

__all__ = [
    "ALGORITHMS",
    "FACILITY_ROLES",
    "MAX_LIFETIME",
    "ROLES",
    "ClaimNames",
    "IdentityUnavailable",
    "InvalidToken",
    "IssuerKeys",
    "Principal",
    "SigningKeys",
    "verified_claims",
    "verify_token",
]
