"""Units are records with ids. A token or an account names a unit id, and a dossier belongs to a
unit id: scope never compares names, so "Huyện Kon Rấy" is not "Huyện Kon Rẫy" (issue 12, item 8).

Names are kept exactly as the province writes them (NFC, one line). The accent-folded ``name_key``
serves search only ("kon ray" finds both, and the person picks one).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.audit.log import Action, append
from service.storage.models import Unit
from verifier.text import fold, one_line


class UnitError(ValueError):
    """A unit name that cannot be stored (empty, too long)."""


def clean_name(name: str) -> str:
    text = one_line(name)
    if not text:
        raise UnitError("thiếu tên đơn vị / the unit name is empty")
    if len(text) > 200:
        raise UnitError("tên đơn vị quá dài (tối đa 200 ký tự) / the unit name is over 200 characters")
    return text


def find(session: Session, province: str, name: str) -> Unit | None:
    """The unit of exactly this name in the province (no folding)."""
    return session.execute(select(Unit).where(Unit.province == province, Unit.name == clean_name(name))
                           ).scalar_one_or_none()


def ensure(session: Session, province: str, name: str, *, actor: str) -> Unit:
    """The unit of exactly this name, created (and logged) when the province has none yet."""
    found = find(session, province, name)
    if found is not None:
        return found
    unit = Unit(province=province, name=clean_name(name), name_key=fold(clean_name(name)), created_by=actor)
    session.add(unit)
    session.flush()
    append(session, Action.UNIT_CREATED, actor, unit=unit.name, province=province,
           details={"unit_id": unit.id, "name": unit.name})
    return unit


def search(session: Session, province: str | None, text: str, limit: int = 200) -> list[Unit]:
    """Units whose folded name contains the folded ``text``, in one province or all."""
    stmt = select(Unit).order_by(Unit.name)
    if province is not None:
        stmt = stmt.where(Unit.province == province)
    key = fold(one_line(text))
    if key:
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Unit.name_key.like(f"%{escaped}%", escape="\\"))
    return list(session.execute(stmt.limit(limit)).scalars())


def names_matching(session: Session, province: str | None, text: str) -> list[str]:
    return [u.name for u in search(session, province, text, limit=1000)]


def of_province(session: Session, province: str | None) -> list[Unit]:
    return search(session, province, "", limit=10_000)
