"""Principals, and API tokens: random secrets shown once, stored only as their SHA-256.

A token is 32 random bytes; a plain SHA-256 suffices for storage because the secret has full
entropy (nothing to brute-force from the hash, unlike a password). The first characters are kept
as a ``prefix`` so logs and the audit trail can name a token without revealing it. Tokens expire
(``VERIFIER_TOKEN_DAYS`` by default) and can be revoked; a unit token names a unit id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.audit.log import Action, append
from service.storage.models import ApiToken, Unit, utcnow
from verifier.text import fold, one_line

TOKEN_PREFIX = "pv_"


class Role(StrEnum):
    UNIT = "unit"          # its own unit only
    COUNCIL = "council"    # every unit of its province
    AUDITOR = "auditor"    # read-only, including the audit log
    ADMIN = "admin"        # accounts, units and tokens (of its province, or all without one)


class Via(StrEnum):
    TOKEN = "token"
    ACCOUNT = "account"


@dataclass(frozen=True)
class Principal:
    """Who is asking: a token (scripts) or a signed-in account (pages)."""

    via: Via
    id: int                      # token id or account id
    name: str                    # token prefix or username
    role: Role
    unit_id: int | None
    unit: str | None             # the unit's name, for display and the log
    province: str | None
    display: str = ""            # a person's name (accounts)

    @property
    def actor(self) -> str:
        """How the audit log names this principal (service/audit/labels.py puts it in words)."""
        if self.via is Via.ACCOUNT:
            return f"user:{self.name}"
        scope = self.unit or self.province or "*"
        return f"{self.role.value}:{scope}:{self.name}"

    @property
    def token_id(self) -> int | None:
        return self.id if self.via is Via.TOKEN else None


def unit_key(unit: str) -> str:
    """The accent-folded key of a unit name: for search only, never for scope."""
    return fold(one_line(unit))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenError(ValueError):
    """A token that cannot be created as asked (a unit token without a unit, ...)."""


def create_token(session: Session, role: Role, *, unit: str | None = None, unit_id: int | None = None,
                 province: str | None = None, label: str = "", actor: str = "cli",
                 days: int | None = 365) -> str:
    """Store a new token and return its secret (the only time it exists in clear).

    A unit token names its unit by id, or by its exact name (the unit record is created when the
    province has none of that name yet)."""
    from service.workflow import units

    record: Unit | None = None
    if unit_id is not None:
        record = session.get(Unit, unit_id)
        if record is None:
            raise TokenError(f"no unit with id {unit_id}")
        province = record.province
    elif unit:
        record = units.ensure(session, province or "", unit, actor=actor)
    if role is Role.UNIT and record is None:
        raise TokenError("a unit token needs --unit (or --unit-id)")
    if role is Role.COUNCIL and not province:
        raise TokenError("a council token needs --province")
    if days is not None and days <= 0:
        raise TokenError("the lifetime in days must be positive")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = utcnow() + dt.timedelta(days=days) if days is not None else None
    row = ApiToken(token_hash=_digest(secret), prefix=secret[:10], role=role.value,
                   unit=record.name if record else None, unit_key=record.name_key if record else None,
                   unit_id=record.id if record else None, province=province, label=one_line(label)[:200],
                   expires_at=expires, created_by=actor)
    session.add(row)
    session.flush()
    append(session, Action.TOKEN_CREATED, actor, unit=row.unit, province=province,
           details={"token": row.prefix, "role": role.value, "province": province, "label": row.label,
                    "unit_id": row.unit_id, "expires": expires.isoformat() + "Z" if expires else None})
    return secret


def lookup(session: Session, secret: str) -> Principal | None:
    """The principal of a token, or None when it is unknown, revoked or expired."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200 or not secret.isascii():
        return None
    digest = _digest(secret)
    row = session.execute(select(ApiToken).where(ApiToken.token_hash == digest)).scalar_one_or_none()
    # Compare again in constant time: the index lookup alone could leak timing on a near match.
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.token_hash, digest):
        return None
    if row.expires_at is not None and row.expires_at <= utcnow():
        return None
    return Principal(Via.TOKEN, row.id, row.prefix, Role(row.role), row.unit_id, row.unit, row.province,
                     row.label)


def revoke_token(session: Session, prefix_or_id: str, *, actor: str, province: str | None = None) -> ApiToken:
    """Revoke one token (by id or by the prefix the log shows). ``province``: only within it."""
    stmt = select(ApiToken)
    stmt = stmt.where(ApiToken.id == int(prefix_or_id)) if prefix_or_id.isdigit() else \
        stmt.where(ApiToken.prefix == prefix_or_id)
    rows = list(session.execute(stmt).scalars())
    if province is not None:
        rows = [r for r in rows if r.province == province]
    if len(rows) != 1:
        raise TokenError(f"no single token matches {prefix_or_id!r}")
    row = rows[0]
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
        append(session, Action.TOKEN_REVOKED, actor, unit=row.unit, province=row.province,
               details={"token": row.prefix, "role": row.role})
    return row


def list_tokens(session: Session, province: str | None, offset: int = 0, limit: int = 50) -> list[ApiToken]:
    stmt = select(ApiToken).order_by(ApiToken.id.desc())
    if province is not None:
        stmt = stmt.where(ApiToken.province == province)
    return list(session.execute(stmt.offset(offset).limit(limit)).scalars())
