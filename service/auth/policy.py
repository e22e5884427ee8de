"""Who may do what. Two questions, asked in this order, so a refusal reveals nothing:

1. Does the role allow this kind of request at all?  No -> 403, whatever the target.
2. Is the target inside the principal's scope?        No -> 404, exactly as if it did not exist.

A unit sees only its own unit (by id, never by name); a council every unit of its province; an
auditor everything (or its province when it has one), read-only; an admin manages accounts, units
and tokens (of its province, or all) and sees no dossier.
"""

from __future__ import annotations

from enum import StrEnum

from service.auth.tokens import Principal, Role
from service.storage.models import Submission


class Op(StrEnum):
    SUBMIT = "submit"
    READ = "read"
    SUPPLEMENT = "supplement"
    APPRAISE = "appraise"
    AUDIT = "audit"
    TOKENS = "tokens"
    STATUS = "status"
    ACCOUNTS = "accounts"       # accounts and units
    SEND = "send"               # the unit's moves: send the dossier, send the replies
    REPLY = "reply"             # answer the council per criterion
    MANAGE = "manage"           # the council's moves: rounds, deadlines, reopening


ROLE_OPS: dict[Role, frozenset[Op]] = {
    Role.UNIT: frozenset({Op.SUBMIT, Op.READ, Op.SUPPLEMENT, Op.SEND, Op.REPLY}),
    Role.COUNCIL: frozenset({Op.SUBMIT, Op.READ, Op.SUPPLEMENT, Op.APPRAISE, Op.STATUS, Op.SEND, Op.MANAGE}),
    Role.AUDITOR: frozenset({Op.READ, Op.AUDIT, Op.STATUS}),
    Role.ADMIN: frozenset({Op.TOKENS, Op.STATUS, Op.ACCOUNTS}),
}


def role_allows(principal: Principal, op: Op) -> bool:
    return op in ROLE_OPS[principal.role]


def in_scope(principal: Principal, unit_id: int | None, province: str) -> bool:
    """Whether a dossier of unit ``unit_id`` in ``province`` is visible to ``principal``."""
    if principal.role is Role.UNIT:
        return principal.unit_id is not None and principal.unit_id == unit_id
    if principal.role is Role.COUNCIL:
        return principal.province == province
    if principal.role is Role.AUDITOR:
        return principal.province in (None, province)
    return False


def sees(principal: Principal, submission: Submission) -> bool:
    return in_scope(principal, submission.unit_id, submission.province)


def administers(principal: Principal, province: str | None) -> bool:
    """An admin of a province manages that province's accounts, units and tokens; one without a
    province manages all."""
    return principal.role is Role.ADMIN and principal.province in (None, province)
