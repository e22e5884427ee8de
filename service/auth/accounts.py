"""Named accounts: a username, a person's name, a role, its unit or province, and an argon2id hash.

An admin of a province creates the unit and council accounts of that province (an admin without a
province, created with ``verifier account create``, administers every province). Disabling an
account ends its sessions at once.
"""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.audit.log import Action, append
from service.auth import passwords
from service.auth.tokens import Principal, Role, Via
from service.storage.models import Account, Unit, WebSession, utcnow
from verifier.text import one_line

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


class AccountError(ValueError):
    """An account that cannot be created or changed as asked; the message is bilingual."""


def normal_username(raw: str) -> str:
    return one_line(raw).lower()


def create_account(session: Session, *, username: str, display_name: str, password: str, role: Role,
                   unit_id: int | None = None, province: str | None = None, actor: str) -> Account:
    name = normal_username(username)
    if not USERNAME.match(name):
        raise AccountError("tên đăng nhập gồm 3-64 chữ thường không dấu, số, '.', '_' hoặc '-' / a username is "
                           "3-64 lower-case ASCII letters, digits, '.', '_' or '-'")
    if session.execute(select(Account.id).where(Account.username == name)).first() is not None:
        raise AccountError(f"tên đăng nhập '{name}' đã có / the username '{name}' is taken")
    unit: Unit | None = None
    if role is Role.UNIT:
        unit = session.get(Unit, unit_id) if unit_id is not None else None
        if unit is None:
            raise AccountError("tài khoản đơn vị cần chọn đơn vị / a unit account needs a unit")
        province = unit.province
    elif role is Role.COUNCIL and not province:
        raise AccountError("tài khoản Hội đồng cần tỉnh / a council account needs a province")
    try:
        digest = passwords.hash_password(password)
    except passwords.PasswordRejected as exc:
        raise AccountError(str(exc)) from exc
    shown = one_line(display_name)[:200] or name
    account = Account(username=name, display_name=shown, password_hash=digest, role=role.value,
                      unit_id=unit.id if unit else None, province=province, created_by=actor,
                      password_changed_at=utcnow())
    session.add(account)
    session.flush()
    append(session, Action.ACCOUNT_CREATED, actor, unit=unit.name if unit else None, province=province,
           details={"username": name, "display_name": shown, "role": role.value,
                    "unit_id": account.unit_id})
    return account


def principal_of(session: Session, account: Account) -> Principal:
    unit = session.get(Unit, account.unit_id) if account.unit_id is not None else None
    return Principal(Via.ACCOUNT, account.id, account.username, Role(account.role), account.unit_id,
                     unit.name if unit else None, account.province, account.display_name)


def authenticate(session: Session, username: str, password: str) -> Account | None:
    """The account when the password matches and the account is enabled; None otherwise, after the
    same argon2 work either way."""
    name = normal_username(username)
    account = session.execute(select(Account).where(Account.username == name)).scalar_one_or_none() \
        if USERNAME.match(name) else None
    if account is None:
        passwords.burn_time(password)
        return None
    ok, rehash = passwords.verify(account.password_hash, password)
    if not ok or account.disabled_at is not None:
        return None
    if rehash:
        account.password_hash = passwords.hash_password(password)
    return account


def set_password(session: Session, account: Account, password: str, *, actor: str) -> None:
    try:
        account.password_hash = passwords.hash_password(password)
    except passwords.PasswordRejected as exc:
        raise AccountError(str(exc)) from exc
    account.password_changed_at = utcnow()
    end_sessions(session, account.id)
    append(session, Action.ACCOUNT_CHANGED, actor, province=account.province,
           details={"username": account.username, "change": "password"})


def set_disabled(session: Session, account: Account, disabled: bool, *, actor: str) -> None:
    account.disabled_at = utcnow() if disabled else None
    if disabled:
        end_sessions(session, account.id)
    append(session, Action.ACCOUNT_CHANGED, actor, province=account.province,
           details={"username": account.username, "change": "disabled" if disabled else "enabled"})


def end_sessions(session: Session, account_id: int) -> int:
    result = session.execute(update(WebSession).where(WebSession.account_id == account_id,
                                                      WebSession.revoked_at.is_(None)).values(revoked_at=utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


def list_accounts(session: Session, province: str | None, offset: int = 0, limit: int = 50) -> list[Account]:
    stmt = select(Account).order_by(Account.username)
    if province is not None:
        stmt = stmt.where(Account.province == province)
    return list(session.execute(stmt.offset(offset).limit(limit)).scalars())


def count_accounts(session: Session) -> int:
    return len(session.execute(select(Account.id).limit(1)).all())
