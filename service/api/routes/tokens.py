"""Token administration (admin role)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from service.api.deps import CurrentPrincipal, get_settings, require
from service.auth.policy import Op
from service.auth.tokens import Role, create_token
from service.storage.session import session_scope

router = APIRouter(tags=["tokens"])


class TokenIn(BaseModel):
    role: Role
    unit: str | None = Field(default=None, max_length=200)
    province: str | None = Field(default=None, max_length=64)
    label: str = Field(default="", max_length=200)


@router.post("/tokens", status_code=201, operation_id="create_token")
def post_token(body: TokenIn, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    require(request, principal, Op.TOKENS)
    settings = get_settings(request)
    province = body.province or (settings.province if body.role in (Role.UNIT, Role.COUNCIL) else None)
    try:
        with session_scope(settings.database_url) as s:
            secret = create_token(s, body.role, unit=body.unit, province=province, label=body.label,
                                  actor=principal.actor)
    except ValueError as exc:
        raise HTTPException(422, detail={"code": "E_TOKEN", "message_vi": "Thiếu thông tin để tạo token",
                                         "message_en": str(exc)}) from exc
    return {"token": secret, "role": body.role.value, "unit": body.unit, "province": province}
