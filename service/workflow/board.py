"""The province dashboard: every unit, its dossier's status, and its totals per round, read from
stored totals (runs.total_*, written when a run finishes) and one grouped query over appraisals,
never from whole reports, so a page costs the same with one report or a thousand."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from service.auth.tokens import Principal, Role
from service.storage.models import Run, Submission, Unit
from service.workflow.appraisals import CouncilTotal, council_totals, stored
from service.workflow.bands import Bands, index_of
from service.workflow.dossiers import DossierStatus, status_of
from service.workflow.totals import fill_missing_totals
from verifier.text import fold, one_line


def _dec(text: str | None) -> Decimal | None:
    return stored(text)


@dataclass(frozen=True)
class BoardRow:
    unit_id: int | None
    unit: str
    submission_id: str | None
    year: int | None
    status: str                      # a DossierStatus value, or "none" (no dossier yet)
    run_status: str | None           # the newest run's: queued, running, done, failed
    framework: str | None
    max_total: Decimal | None
    self_total: Decimal | None
    suggested_total: Decimal | None
    council: dict[int, CouncilTotal]
    index: Decimal | None
    band: str | None


def scope_filter(principal: Principal) -> tuple[bool, str | None]:
    """(sees anything, province or None for all)."""
    if principal.role is Role.COUNCIL:
        return True, principal.province or ""
    if principal.role is Role.AUDITOR:
        return True, principal.province
    return False, None


def board(session: Session, principal: Principal, *, year: int, search: str = "",
          status: str = "", bands: Bands | None = None) -> list[BoardRow]:
    """One row per unit of the province (units without a dossier of ``year`` too), sorted by name."""
    visible, province = scope_filter(principal)
    if not visible:
        return []
    bands = bands or Bands()
    unit_stmt = select(Unit).order_by(Unit.name)
    # A dossier whose year is not known yet (its first check still running) shows in every year.
    sub_stmt = select(Submission).where(or_(Submission.year == year, Submission.year.is_(None)))
    if province is not None:
        unit_stmt = unit_stmt.where(Unit.province == province)
        sub_stmt = sub_stmt.where(Submission.province == province)
    key = fold(one_line(search))
    units = [u for u in session.execute(unit_stmt).scalars() if not key or key in u.name_key]
    subs = [s for s in session.execute(sub_stmt.order_by(Submission.created_at)).scalars()
            if not key or key in fold(s.unit)]
    ids = [s.id for s in subs]
    newest = dict(session.execute(select(Run.submission_id, func.max(Run.id)).where(Run.submission_id.in_(ids))
                                  .group_by(Run.submission_id)).all()) if ids else {}
    newest_done = dict(session.execute(select(Run.submission_id, func.max(Run.id))
                                       .where(Run.submission_id.in_(ids), Run.status == "done")
                                       .group_by(Run.submission_id)).all()) if ids else {}
    fill_missing_totals(session, list(newest_done.values()))
    run_ids = set(newest.values()) | set(newest_done.values())
    runs = {r.id: r for r in session.execute(select(Run).where(Run.id.in_(run_ids))).scalars()} if run_ids else {}
    council = council_totals(session, ids)
    rows: list[BoardRow] = []
    with_dossier: set[int] = set()
    for sub in subs:
        if sub.unit_id is not None:
            with_dossier.add(sub.unit_id)
        last = runs.get(newest.get(sub.id, -1))
        done = runs.get(newest_done.get(sub.id, -1))
        suggested = _dec(done.total_suggested) if done else None
        maximum = _dec(done.total_max) if done else None
        idx = index_of(suggested, maximum) if suggested is not None and maximum else None
        rows.append(BoardRow(sub.unit_id, sub.unit, sub.id, sub.year, status_of(sub).value,
                             last.status if last else None, done.framework if done else None, maximum,
                             _dec(done.total_self) if done else None, suggested, council.get(sub.id, {}),
                             idx, bands.band(idx) if idx is not None else None))
    for u in units:
        if u.id not in with_dossier:
            rows.append(BoardRow(u.id, u.name, None, year, "none", None, None, None, None, None, {}, None, None))
    if status:
        rows = [r for r in rows if r.status == status]
    rows.sort(key=lambda r: (fold(r.unit), r.submission_id or ""))
    return rows


def years(session: Session, principal: Principal) -> list[int]:
    visible, province = scope_filter(principal)
    if not visible:
        return []
    stmt = select(Submission.year).where(Submission.year.is_not(None)).distinct()
    if province is not None:
        stmt = stmt.where(Submission.province == province)
    return sorted({int(y) for (y,) in session.execute(stmt).all() if y is not None}, reverse=True)


STATUS_FILTERS = ["none", *[s.value for s in DossierStatus]]
