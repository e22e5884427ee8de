"""Dossiers and their statuses, as appraisal councils name them, and the deadlines that lock them.

    Đang tự đánh giá -> Đã gửi -> Đang thẩm định (vòng 1) -> Chờ giải trình
                     -> Đang thẩm định (vòng 2) -> Đã thẩm định

One dossier per unit and year (the framework follows from the province, the unit's level and the
year). A new upload is a new version inside the dossier, never a new dossier. The unit may upload
while its dossier is being prepared (before the "self" deadline) and while the council waits for its
replies (before the "reply" deadline); every other time the dossier is locked. The council can
reopen a dossier to an earlier status with a new deadline for that unit. Every move is a
``status_changes`` row and an audit entry naming who made it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.audit.log import Action, append
from service.auth.tokens import Principal, Role
from service.storage.models import Deadline, StatusChange, Submission, Unit, utcnow
from verifier.text import one_line


class DossierStatus(StrEnum):
    DRAFT = "draft"                      # Đang tự đánh giá
    SENT = "sent"                        # Đã gửi
    ROUND1 = "round1"                    # Đang thẩm định (vòng 1)
    AWAITING_REPLY = "awaiting_reply"    # Chờ giải trình
    ROUND2 = "round2"                    # Đang thẩm định (vòng 2)
    DONE = "done"                        # Đã thẩm định


LABELS: dict[DossierStatus, tuple[str, str]] = {
    DossierStatus.DRAFT: ("Đang tự đánh giá", "Self-assessment in progress"),
    DossierStatus.SENT: ("Đã gửi", "Sent"),
    DossierStatus.ROUND1: ("Đang thẩm định (vòng 1)", "In appraisal (round 1)"),
    DossierStatus.AWAITING_REPLY: ("Chờ giải trình", "Awaiting explanations"),
    DossierStatus.ROUND2: ("Đang thẩm định (vòng 2)", "In appraisal (round 2)"),
    DossierStatus.DONE: ("Đã thẩm định", "Appraised"),
}


class Phase(StrEnum):
    SELF = "self"      # the unit prepares and sends its dossier
    REPLY = "reply"    # the unit answers the council's round 1


PHASE_LABELS: dict[Phase, tuple[str, str]] = {
    Phase.SELF: ("Hạn nộp hồ sơ tự đánh giá", "Self-assessment deadline"),
    Phase.REPLY: ("Hạn giải trình", "Explanation deadline"),
}


class Move(StrEnum):
    SEND = "send"                    # the unit sends its dossier
    START_ROUND1 = "start_round1"    # the council starts appraising
    REQUEST_REPLY = "request_reply"  # the council publishes round 1 and asks for explanations
    SEND_REPLY = "send_reply"        # the unit sends its explanations
    START_ROUND2 = "start_round2"    # the council starts round 2 (explanations in or deadline passed)
    FINISH = "finish"                # the council closes the appraisal
    REOPEN = "reopen"                # the council reopens to an earlier status, with a new deadline


MOVE_LABELS: dict[Move, tuple[str, str]] = {
    Move.SEND: ("Gửi hồ sơ", "Send the dossier"),
    Move.START_ROUND1: ("Bắt đầu thẩm định vòng 1", "Start round 1"),
    Move.REQUEST_REPLY: ("Gửi kết quả vòng 1, đề nghị giải trình", "Publish round 1 and ask for explanations"),
    Move.SEND_REPLY: ("Gửi giải trình", "Send the explanations"),
    Move.START_ROUND2: ("Bắt đầu thẩm định vòng 2", "Start round 2"),
    Move.FINISH: ("Hoàn thành thẩm định", "Finish the appraisal"),
    Move.REOPEN: ("Mở lại", "Reopen"),
}

S = DossierStatus
# move -> (statuses it leaves, status it reaches, roles that may make it)
MOVES: dict[Move, tuple[frozenset[DossierStatus], DossierStatus, frozenset[Role]]] = {
    Move.SEND: (frozenset({S.DRAFT}), S.SENT, frozenset({Role.UNIT, Role.COUNCIL})),
    Move.START_ROUND1: (frozenset({S.SENT, S.DRAFT}), S.ROUND1, frozenset({Role.COUNCIL})),
    Move.REQUEST_REPLY: (frozenset({S.ROUND1}), S.AWAITING_REPLY, frozenset({Role.COUNCIL})),
    Move.SEND_REPLY: (frozenset({S.AWAITING_REPLY}), S.ROUND2, frozenset({Role.UNIT, Role.COUNCIL})),
    Move.START_ROUND2: (frozenset({S.AWAITING_REPLY}), S.ROUND2, frozenset({Role.COUNCIL})),
    Move.FINISH: (frozenset({S.ROUND1, S.ROUND2}), S.DONE, frozenset({Role.COUNCIL})),
}
# Reopening steps back to where the unit can act again, and sets that unit's deadline.
REOPEN_TO: dict[DossierStatus, tuple[DossierStatus, Phase]] = {
    S.DRAFT: (S.DRAFT, Phase.SELF),
    S.SENT: (S.DRAFT, Phase.SELF),
    S.ROUND1: (S.DRAFT, Phase.SELF),
    S.AWAITING_REPLY: (S.AWAITING_REPLY, Phase.REPLY),
    S.ROUND2: (S.AWAITING_REPLY, Phase.REPLY),
    S.DONE: (S.AWAITING_REPLY, Phase.REPLY),
}
OPEN_PHASE: dict[DossierStatus, Phase] = {S.DRAFT: Phase.SELF, S.AWAITING_REPLY: Phase.REPLY}
APPRAISAL_ROUND: dict[DossierStatus, int] = {S.SENT: 1, S.ROUND1: 1, S.ROUND2: 2}


class WorkflowError(Exception):
    """A move the dossier's status or deadline does not allow: 409, with a stable code."""

    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(en)
        self.code, self.message_vi, self.message_en = code, vi, en

    def detail(self) -> dict[str, str]:
        return {"code": self.code, "message_vi": self.message_vi, "message_en": self.message_en}


def status_of(sub: Submission) -> DossierStatus:
    try:
        return DossierStatus(sub.status)
    except ValueError:
        return DossierStatus.DRAFT


def label(status: DossierStatus | str, lang: str = "vi") -> str:
    pair = LABELS[DossierStatus(status)]
    return pair[1] if lang == "en" else pair[0]


# ---- deadlines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectiveDeadline:
    phase: Phase
    due_at: dt.datetime | None       # UTC; None: no deadline set
    for_unit: bool                   # a reopening for this unit


def deadline(session: Session, sub: Submission, phase: Phase) -> EffectiveDeadline:
    """The later of the newest province-wide deadline and the newest one set for this unit."""
    if sub.year is None:
        return EffectiveDeadline(phase, None, False)
    rows = session.execute(select(Deadline).where(Deadline.province == sub.province, Deadline.year == sub.year,
                                                  Deadline.phase == phase.value)
                           .order_by(Deadline.id)).scalars().all()
    general = [r for r in rows if r.unit_id is None]
    mine = [r for r in rows if r.unit_id is not None and r.unit_id == sub.unit_id]
    candidates = [(general[-1].due_at, False)] if general else []
    candidates += [(mine[-1].due_at, True)] if mine else []
    if not candidates:
        return EffectiveDeadline(phase, None, False)
    due, for_unit = max(candidates)
    return EffectiveDeadline(phase, due, for_unit)


def set_deadline(session: Session, principal: Principal, *, province: str, year: int, phase: Phase,
                 due_at: dt.datetime, unit_id: int | None = None) -> Deadline:
    row = Deadline(province=province, year=year, phase=phase.value, unit_id=unit_id, due_at=due_at,
                   set_by=principal.actor)
    session.add(row)
    session.flush()
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    append(session, Action.DEADLINE_SET, principal.actor, unit=unit.name if unit else None, year=year,
           province=province, details={"phase": phase.value, "due_at": due_at.isoformat() + "Z",
                                       "unit_id": unit_id})
    return row


def province_deadlines(session: Session, province: str, year: int) -> dict[Phase, dt.datetime | None]:
    out: dict[Phase, dt.datetime | None] = {}
    for phase in Phase:
        row = session.execute(select(Deadline).where(Deadline.province == province, Deadline.year == year,
                                                     Deadline.phase == phase.value, Deadline.unit_id.is_(None))
                              .order_by(Deadline.id.desc()).limit(1)).scalar_one_or_none()
        out[phase] = row.due_at if row else None
    return out


# ---- uploads ----------------------------------------------------------------------------------


def upload_lock(session: Session, sub: Submission, now: dt.datetime | None = None) -> WorkflowError | None:
    """Why the dossier takes no upload now, or None when it does."""
    status = status_of(sub)
    phase = OPEN_PHASE.get(status)
    if phase is None:
        return WorkflowError("E_LOCKED", f"Hồ sơ đang ở trạng thái '{label(status)}': không nộp thêm tệp được",
                             f"The dossier is '{label(status, 'en')}': no more uploads")
    due = deadline(session, sub, phase).due_at
    if due is not None and (now or utcnow()) > due:
        return WorkflowError("E_DEADLINE", f"Đã quá hạn ({_vn_time(due)}); Hội đồng có thể mở lại hồ sơ",
                             f"The deadline has passed ({_vn_time(due)}); the council can reopen the dossier")
    return None


def _vn_time(when: dt.datetime) -> str:
    from service.workflow.timefmt import vn_datetime

    return vn_datetime(when)


def season_year(session: Session, province: str) -> int | None:
    """The year the council is appraising: the newest one it has set a deadline for."""
    newest: int | None = session.execute(select(func.max(Deadline.year))
                                         .where(Deadline.province == province)).scalar_one_or_none()
    return int(newest) if newest is not None else None


def default_year(session: Session, province: str) -> int:
    """The year a page shows by default: the season's, else last year (the index of year N is
    appraised early in year N+1)."""
    return season_year(session, province) or (utcnow() + dt.timedelta(hours=7)).year - 1


def dossier_for_upload(session: Session, unit: Unit, year: int | None) -> tuple[Submission | None, int | None]:
    """The unit's dossier an upload goes into, or None when a new one is due; and its year.

    Without a year: the unit's newest dossier that takes uploads, else the season's (the year the
    council set deadlines for). With no season either, the new dossier's year is left to the table:
    the run sets it when it finishes; and a unit that has dossiers but none open gets its newest (a
    new year needs the year named, or a season). A dossier of the year that exists is always the one returned,
    locked or not, so two uploads never make two dossiers. The caller holds the unit's row lock
    (:func:`lock_unit`) until it has stored the new dossier."""
    if year is None:
        mine = session.execute(select(Submission).where(Submission.unit_id == unit.id)
                               .order_by(Submission.created_at.desc())).scalars().all()
        open_ = [d for d in mine if status_of(d) in OPEN_PHASE]
        if open_:
            return open_[0], open_[0].year
        year = season_year(session, unit.province)
        if year is None:
            # No season: the newest dossier (locked, so the upload is refused with the reason) rather
            # than a second one of a year nobody named.
            return (mine[0], mine[0].year) if mine else (None, None)
    found = session.execute(select(Submission).where(Submission.unit_id == unit.id, Submission.year == year)
                            .order_by(Submission.created_at).limit(1)).scalar_one_or_none()
    return found, year


def lock_unit(session: Session, unit_id: int) -> Unit | None:
    """The unit row, locked for this transaction (PostgreSQL; SQLite transactions are serial already)."""
    return session.execute(select(Unit).where(Unit.id == unit_id).with_for_update()).scalar_one_or_none()


def adopt(sub: Submission, unit: Unit, year: int | None) -> None:
    """Make a submission the intake just created into the unit's new dossier of ``year``."""
    sub.unit_id, sub.unit, sub.unit_key, sub.province = unit.id, unit.name, unit.name_key, unit.province
    sub.year, sub.status = year, DossierStatus.DRAFT.value


# ---- moves ------------------------------------------------------------------------------------


def move(session: Session, sub: Submission, what: Move, principal: Principal, *, note: str = "",
         reopen_until: dt.datetime | None = None) -> DossierStatus:
    """Make one move; raises WorkflowError when the status or the role does not allow it."""
    before = status_of(sub)
    if what is Move.REOPEN:
        if principal.role is not Role.COUNCIL:
            raise WorkflowError("E_ROLE", "Chỉ Hội đồng mở lại được hồ sơ", "Only the council can reopen a dossier")
        if reopen_until is None or reopen_until <= utcnow():
            raise WorkflowError("E_DEADLINE_VALUE", "Cần một hạn mới sau thời điểm hiện tại",
                                "Reopening needs a new deadline in the future")
        after, phase = REOPEN_TO[before]
        if sub.year is not None:
            set_deadline(session, principal, province=sub.province, year=sub.year, phase=phase, due_at=reopen_until,
                         unit_id=sub.unit_id)
    else:
        sources, after, roles = MOVES[what]
        if principal.role not in roles:
            raise WorkflowError("E_ROLE", f"Vai trò này không thực hiện được '{MOVE_LABELS[what][0]}'",
                                f"This role cannot '{MOVE_LABELS[what][1]}'")
        if before not in sources:
            raise WorkflowError("E_STATUS", f"Không thể '{MOVE_LABELS[what][0]}' khi hồ sơ '{label(before)}'",
                                f"Cannot '{MOVE_LABELS[what][1]}' while the dossier is '{label(before, 'en')}'")
        if what is Move.START_ROUND1 and before is S.DRAFT:
            due = deadline(session, sub, Phase.SELF).due_at
            if due is None or utcnow() <= due:
                raise WorkflowError("E_STATUS", "Đơn vị chưa gửi hồ sơ và chưa hết hạn nộp",
                                    "The unit has not sent its dossier and its deadline has not passed")
    sub.status = after.value
    text = one_line(note)[:2000]
    session.add(StatusChange(submission_id=sub.id, action=what.value, from_status=before.value,
                             to_status=after.value, note=text, by=principal.actor))
    session.flush()
    append(session, Action.DOSSIER_STATUS, principal.actor, submission_id=sub.id, unit=sub.unit, year=sub.year,
           details={"move": what.value, "from": before.value, "to": after.value, "note": text,
                    **({"until": reopen_until.isoformat() + "Z"} if reopen_until else {})})
    return after


def history(session: Session, submission_id: str) -> list[StatusChange]:
    return list(session.execute(select(StatusChange).where(StatusChange.submission_id == submission_id)
                                .order_by(StatusChange.id)).scalars())


def moves_for(status: DossierStatus, role: Role) -> list[Move]:
    """The moves a role can offer on a dossier in ``status`` (the page's buttons)."""
    out = [m for m, (sources, _to, roles) in MOVES.items() if status in sources and role in roles]
    if role is Role.COUNCIL:
        out.append(Move.REOPEN)
    return out
