"""API tokens: random secrets shown once, stored only as their SHA-256.

A token is 32 random bytes; a plain SHA-256 suffices for storage because the secret has full
entropy (nothing to brute-force from the hash, unlike a password). The first characters are kept
as a ``prefix`` so logs and the audit trail can name a token without revealing it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.audit.log import Action, append
from service.storage.models import ApiToken
from verifier.text import fold, one_line

TOKEN_PREFIX = "pv_"


class Role(StrEnum):
    UNIT = "unit"          # its own unit only
    COUNCIL = "council"    # every unit of its province
    AUDITOR = "auditor"    # read-only, including the audit log
    ADMIN = "admin"        # tokens


@dataclass(frozen=True)
class Principal:
    token_id: int
    prefix: str
    role: Role
    unit: str | None
    unit_key: str | None
    province: str | None

    @property
    def actor(self) -> str:
        scope = self.unit or self.province or "*"
        return f"{self.role.value}:{scope}:{self.prefix}"


def unit_key(unit: str) -> str:
    """The matching key of a unit name: 'Huyện Kon Rẫy' and 'huyen kon ray' are one unit."""
    return fold(one_line(unit))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, role: Role, *, unit: str | None = None, province: str | None = None,
                 label: str = "", actor: str = "cli") -> str:
    """Store a new token and return its secret (the only time it exists in clear)."""
    if role is Role.UNIT and not unit:
        raise ValueError("a unit token needs --unit")
    if role is Role.COUNCIL and not province:
        raise ValueError("a council token needs --province")
    clean_unit = one_line(unit) if unit else None
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(token_hash=_digest(secret), prefix=secret[:10], role=role.value, unit=clean_unit,
                   unit_key=unit_key(clean_unit) if clean_unit else None, province=province, label=label)
    session.add(row)
    session.flush()
    append(session, Action.TOKEN_CREATED, actor, unit=clean_unit,
           details={"token": row.prefix, "role": role.value, "province": province, "label": label})
    return secret


def lookup(session: Session, secret: str) -> Principal | None:
    """The principal of a token, or None when it is unknown or revoked."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    digest = _digest(secret)
    row = session.execute(select(ApiToken).where(ApiToken.token_hash == digest)).scalar_one_or_none()
    # Compare again in constant time: the index lookup alone could leak timing on a near match.
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.token_hash, digest):
        return None
    return Principal(row.id, row.prefix, Role(row.role), row.unit, row.unit_key, row.province)
