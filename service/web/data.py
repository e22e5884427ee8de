"""What the pages read from the service's tables: dossiers in scope, runs, reports, and the
difference between two versions. The dashboard's rows come from service/workflow/board.py."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.auth.tokens import Principal, Role
from service.storage.models import Round, RoundFile, Run, Submission
from verifier.report.json_report import report_from_dict
from verifier.results import Report


def report_of(run: Run | None, sub: Submission | None = None) -> Report | None:
    """The run's report; the dossier's unit names it (the table's "Đơn vị" never wins)."""
    if run is None or run.status != "done" or not run.report:
        return None
    report = report_from_dict(json.loads(run.report))
    if sub is not None and report.unit != sub.unit:
        report = dataclasses.replace(report, unit=sub.unit)
    return report


def table_unit(run: Run | None) -> str | None:
    """The unit the uploaded table names (shown when it differs from the dossier's)."""
    if run is None or not run.report:
        return None
    unit = json.loads(run.report).get("unit")
    return str(unit) if unit else None


def raw_files(run: Run | None) -> dict[str, dict[str, Any]]:
    """The report's ``files[]`` entries as stored, by path: the keys the report format grows
    (``documents``, ``signatures``) are read from here, and missing ones are simply absent."""
    if run is None or not run.report:
        return {}
    files = json.loads(run.report).get("files") or []
    return {str(f.get("file")): f for f in files if isinstance(f, dict)}


def visible_submissions(s: Session, p: Principal, *, offset: int = 0, limit: int = 50) -> list[Submission]:
    """Dossiers the principal may see, newest first (the same scope as service/auth/policy)."""
    stmt = select(Submission).order_by(Submission.created_at.desc())
    if p.role is Role.UNIT:
        stmt = stmt.where(Submission.unit_id == (p.unit_id if p.unit_id is not None else -1))
    elif p.role is Role.COUNCIL:
        stmt = stmt.where(Submission.province == (p.province or ""))
    elif p.role is Role.AUDITOR:
        if p.province is not None:
            stmt = stmt.where(Submission.province == p.province)
    else:
        return []
    return list(s.execute(stmt.offset(offset).limit(limit)).scalars())


def runs_of(s: Session, submission_id: str) -> list[Run]:
    return list(s.execute(select(Run).where(Run.submission_id == submission_id).order_by(Run.id)).scalars())


def newest_runs(s: Session, submission_ids: list[str]) -> dict[str, Run]:
    if not submission_ids:
        return {}
    ids = select(func.max(Run.id)).where(Run.submission_id.in_(submission_ids)).group_by(Run.submission_id)
    return {r.submission_id: r for r in s.execute(select(Run).where(Run.id.in_(ids))).scalars()}


def round_numbers(s: Session, submission_id: str) -> dict[int, int]:
    """Version id -> version number."""
    rows = s.execute(select(Round.id, Round.number).where(Round.submission_id == submission_id)).all()
    return {rid: num for rid, num in rows}


def versions(s: Session, submission_id: str) -> list[Round]:
    return list(s.execute(select(Round).where(Round.submission_id == submission_id).order_by(Round.number))
                .scalars())


def latest_done(runs: list[Run]) -> Run | None:
    done = [r for r in runs if r.status == "done"]
    return done[-1] if done else None


def blob_sha(s: Session, run: Run, relative: str) -> str | None:
    """The content hash of a file as it was in the run's version."""
    return s.execute(select(RoundFile.sha256).where(RoundFile.round_id == run.round_id,
                                                   RoundFile.relative == relative)).scalar_one_or_none()


@dataclass(frozen=True)
class Change:
    code: str
    title: str
    before_status: str | None
    after_status: str
    before_score: Decimal | None
    after_score: Decimal | None
    findings_before: int
    findings_after: int


def diff_reports(before: Report, after: Report) -> list[Change]:
    """Criteria whose status, suggested score or number of findings changed between two versions."""
    old = {c.code: c for c in before.criteria}
    changes = []
    for c in after.criteria:
        o = old.get(c.code)
        if (o is not None and o.status == c.status and o.suggested_score == c.suggested_score
                and len(o.findings) == len(c.findings)):
            continue
        changes.append(Change(c.code, c.title, o.status.value if o else None, c.status.value,
                              o.suggested_score if o else None, c.suggested_score,
                              len(o.findings) if o else 0, len(c.findings)))
    return changes
