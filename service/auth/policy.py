"""Who may do what. Two questions, asked in this order, so a refusal reveals nothing:

1. Does the role allow this kind of request at all?  No -> 403, whatever the target.
2. Is the target inside the principal's scope?        No -> 404, exactly as if it did not exist.

A unit sees only its own unit; a council every unit of its province; an auditor everything (or its
province when the token names one), read-only; an admin manages tokens and sees no submission.
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


ROLE_OPS: dict[Role, frozenset[Op]] = {
    Role.UNIT: frozenset({Op.SUBMIT, Op.READ, Op.SUPPLEMENT}),
    Role.COUNCIL: frozenset({Op.SUBMIT, Op.READ, Op.SUPPLEMENT, Op.APPRAISE, Op.STATUS}),
    Role.AUDITOR: frozenset({Op.READ, Op.AUDIT, Op.STATUS}),
    Role.ADMIN: frozenset({Op.TOKENS, Op.STATUS}),
}


def role_allows(principal: Principal, op: Op) -> bool:
    return op in ROLE_OPS[principal.role]


def in_scope(principal: Principal, unit_key: str, province: str) -> bool:
    """Whether a submission of ``unit_key`` in ``province`` is visible to ``principal``."""
    if principal.role is Role.UNIT:
        return principal.unit_key == unit_key and (principal.province in (None, province))
    if principal.role is Role.COUNCIL:
        return principal.province == province
    if principal.role is Role.AUDITOR:
        return principal.province in (None, province)
    return False


def sees(principal: Principal, submission: Submission) -> bool:
    return in_scope(principal, submission.unit_key, submission.province)
