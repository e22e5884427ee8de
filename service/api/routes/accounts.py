"""Accounts and units (admin role). An admin of a province manages that province's only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from service.api.deps import CurrentPrincipal, error, get_settings, require
from service.auth.accounts import AccountError, create_account, list_accounts
from service.auth.policy import Op, administers
from service.auth.tokens import Principal, Role
from service.storage.models import Account, Unit
from service.storage.session import session_scope
from service.workflow import units
from service.workflow.provinces import province_name

router = APIRouter(tags=["accounts"])


class AccountIn(BaseModel):
    username: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    password: str = Field(max_length=200)
    role: Role
    unit_id: int | None = None
    province: str | None = Field(default=None, max_length=64)


def account_view(a: Account) -> dict[str, Any]:
    return {"id": a.id, "username": a.username, "display_name": a.display_name, "role": a.role,
            "unit_id": a.unit_id, "province": a.province, "disabled": a.disabled_at is not None,
            "created_at": a.created_at.isoformat() + "Z"}


def add_account(request: Request, principal: Principal, body: AccountIn) -> dict[str, Any]:
    settings = get_settings(request)
    province = principal.province or body.province or (settings.province if body.role is not Role.ADMIN else None)
    if body.role is Role.ADMIN and principal.province is not None and body.province not in (None, principal.province):
        raise error(403, "E_FORBIDDEN", "Chỉ tạo được tài khoản trong tỉnh của mình",
                    "Accounts of your own province only")
    try:
        with session_scope(settings.database_url) as s:
            if body.unit_id is not None:
                unit = s.get(Unit, body.unit_id)
                if unit is None or not administers(principal, unit.province):
                    raise AccountError("không có đơn vị này / no such unit")
            account = create_account(s, username=body.username, display_name=body.display_name,
                                     password=body.password, role=body.role, unit_id=body.unit_id,
                                     province=province, actor=principal.actor)
            return account_view(account)
    except AccountError as exc:
        vi, _, en = str(exc).partition(" / ")
        raise error(422, "E_ACCOUNT", vi, en or vi) from exc


@router.post("/accounts", status_code=201, operation_id="create_account")
def post_account(body: AccountIn, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    require(request, principal, Op.ACCOUNTS)
    return add_account(request, principal, body)


@router.get("/accounts", operation_id="list_accounts")
def get_accounts(request: Request, principal: CurrentPrincipal, page: int = 1) -> dict[str, Any]:
    require(request, principal, Op.ACCOUNTS)
    page = max(1, min(page, 100_000))
    with session_scope(get_settings(request).database_url) as s:
        rows = list_accounts(s, principal.province, offset=(page - 1) * 50, limit=51)
        return {"page": page, "more": len(rows) > 50, "accounts": [account_view(a) for a in rows[:50]]}


class UnitIn(BaseModel):
    name: str = Field(max_length=200)
    province: str | None = Field(default=None, max_length=64)


def unit_view(u: Unit) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "province": u.province, "province_name": province_name(u.province)}


@router.post("/units", status_code=201, operation_id="create_unit")
def post_unit(body: UnitIn, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    require(request, principal, Op.ACCOUNTS)
    province = principal.province or body.province or get_settings(request).province
    try:
        with session_scope(get_settings(request).database_url) as s:
            return unit_view(units.ensure(s, province, body.name, actor=principal.actor))
    except units.UnitError as exc:
        vi, _, en = str(exc).partition(" / ")
        raise error(422, "E_UNIT", vi, en or vi) from exc


@router.get("/units", operation_id="list_units")
def get_units(request: Request, principal: CurrentPrincipal, q: str = "") -> dict[str, Any]:
    if principal.role not in (Role.ADMIN, Role.COUNCIL, Role.AUDITOR):
        require(request, principal, Op.ACCOUNTS)
    with session_scope(get_settings(request).database_url) as s:
        found = units.search(s, principal.province, q[:200])
        return {"units": [unit_view(u) for u in found]}
