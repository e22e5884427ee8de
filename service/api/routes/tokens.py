"""Token administration (admin role): create (the secret is shown once), list, revoke.

An admin of a province creates and revokes tokens of that province only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from service.api.deps import CurrentPrincipal, error, get_settings, require
from service.auth.policy import Op, administers
from service.auth.tokens import Principal, Role, TokenError, create_token, list_tokens, revoke_token
from service.storage.models import ApiToken, Unit
from service.storage.session import session_scope

router = APIRouter(tags=["tokens"])


class TokenIn(BaseModel):
    role: Role
    unit_id: int | None = None
    unit: str | None = Field(default=None, max_length=200, description="a unit's exact name, instead of unit_id")
    province: str | None = Field(default=None, max_length=64)
    label: str = Field(default="", max_length=200)
    days: int | None = Field(default=None, ge=1, le=3650, description="lifetime; default VERIFIER_TOKEN_DAYS")


def token_view(row: ApiToken) -> dict[str, Any]:
    return {"id": row.id, "prefix": row.prefix, "role": row.role, "unit_id": row.unit_id, "unit": row.unit,
            "province": row.province, "label": row.label, "created_by": row.created_by,
            "created_at": row.created_at.isoformat() + "Z",
            "expires_at": row.expires_at.isoformat() + "Z" if row.expires_at else None,
            "revoked_at": row.revoked_at.isoformat() + "Z" if row.revoked_at else None}


def issue_token(request: Request, principal: Principal, body: TokenIn) -> dict[str, Any]:
    settings = get_settings(request)
    province = principal.province or body.province or (
        settings.province if body.role in (Role.UNIT, Role.COUNCIL) else None)
    if body.role is Role.ADMIN and principal.province is not None:
        raise error(403, "E_FORBIDDEN", "Quản trị tỉnh không tạo được token quản trị",
                    "A provincial admin cannot create admin tokens")
    try:
        with session_scope(settings.database_url) as s:
            if body.unit_id is not None:
                unit = s.get(Unit, body.unit_id)
                if unit is None or not administers(principal, unit.province):
                    raise TokenError(f"no unit with id {body.unit_id}")
            secret = create_token(s, body.role, unit_id=body.unit_id, unit=body.unit, province=province,
                                  label=body.label, actor=principal.actor, days=body.days or settings.token_days)
            row = s.query(ApiToken).filter(ApiToken.prefix == secret[:10]).one()
            view = token_view(row)
    except TokenError as exc:
        raise error(422, "E_TOKEN", "Thiếu hoặc sai thông tin để tạo token", str(exc)) from exc
    return {"token": secret, **view}


@router.post("/tokens", status_code=201, operation_id="create_token")
def post_token(body: TokenIn, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    require(request, principal, Op.TOKENS)
    return issue_token(request, principal, body)


@router.get("/tokens", operation_id="list_tokens")
def get_tokens(request: Request, principal: CurrentPrincipal, page: int = 1) -> dict[str, Any]:
    require(request, principal, Op.TOKENS)
    page = max(1, min(page, 100_000))
    with session_scope(get_settings(request).database_url) as s:
        rows = list_tokens(s, principal.province, offset=(page - 1) * 50, limit=51)
        return {"page": page, "more": len(rows) > 50, "tokens": [token_view(r) for r in rows[:50]]}


@router.post("/tokens/{token}/revoke", operation_id="revoke_token")
def post_revoke(token: str, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    require(request, principal, Op.TOKENS)
    try:
        with session_scope(get_settings(request).database_url) as s:
            row = revoke_token(s, token[:32], actor=principal.actor, province=principal.province)
            return token_view(row)
    except TokenError as exc:
        raise error(404, "E_NOT_FOUND", "Không tìm thấy token", str(exc)) from exc
