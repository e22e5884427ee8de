"""What the pages read from the service's tables: submissions in scope, runs, reports, appraisals,
the province dashboard and the difference between two rounds."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth.tokens import Principal, Role
from service.storage.models import Appraisal, Round, RoundFile, Run, Submission
from service.web.bands import Bands, index_of
from verifier.report.json_report import report_from_dict
from verifier.results import Report, Severity


def report_of(run: Run | None) -> Report | None:
    if run is None or run.status != "done" or not run.report:
        return None
    return report_from_dict(json.loads(run.report))


def visible_submissions(s: Session, p: Principal) -> list[Submission]:
    """Every submission the principal may see, newest first (the same scope as service/auth/policy)."""
    stmt = select(Submission).order_by(Submission.created_at.desc())
    if p.role is Role.UNIT:
        stmt = stmt.where(Submission.unit_key == (p.unit_key or ""))
        if p.province is not None:
            stmt = stmt.where(Submission.province == p.province)
    elif p.role is Role.COUNCIL:
        stmt = stmt.where(Submission.province == (p.province or ""))
    elif p.role is Role.AUDITOR:
        if p.province is not None:
            stmt = stmt.where(Submission.province == p.province)
    else:
        return []
    return list(s.execute(stmt).scalars())


def runs_of(s: Session, submission_id: str) -> list[Run]:
    return list(s.execute(select(Run).where(Run.submission_id == submission_id).order_by(Run.id)).scalars())


def round_numbers(s: Session, submission_id: str) -> dict[int, int]:
    """Round id -> round number."""
    rows = s.execute(select(Round.id, Round.number).where(Round.submission_id == submission_id)).all()
    return {rid: num for rid, num in rows}


def latest_done(runs: list[Run]) -> Run | None:
    done = [r for r in runs if r.status == "done"]
    return done[-1] if done else None


def blob_sha(s: Session, run: Run, relative: str) -> str | None:
    """The content hash of a file as it was in the run's round."""
    return s.execute(select(RoundFile.sha256).where(RoundFile.round_id == run.round_id,
                                                   RoundFile.relative == relative)).scalar_one_or_none()


@dataclass(frozen=True)
class Recorded:
    score: Decimal
    opinion: str
    by: str
    at: dt.datetime


def recorded_appraisals(s: Session, submission_id: str, round_id: int) -> dict[str, Recorded]:
    """The latest recorded appraisal of every criterion in one round."""
    rows = s.execute(select(Appraisal).where(Appraisal.submission_id == submission_id,
                                             Appraisal.round_id == round_id).order_by(Appraisal.id)).scalars()
    return {a.criterion: Recorded(Decimal(a.score), a.opinion, a.recorded_by, a.recorded_at) for a in rows}


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
    """Criteria whose status, suggested score or number of findings changed between two rounds."""
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


@dataclass(frozen=True)
class UnitRow:
    submission_id: str
    unit: str
    year: int | None
    self_total: Decimal
    suggested_total: Decimal
    maximum: Decimal
    index: Decimal
    band: str
    flags: dict[str, int]
    rank: int = 0


def dashboard_rows(s: Session, subs: list[Submission], bands: Bands) -> list[UnitRow]:
    """One row per unit (its latest checked submission), ranked by the suggested total's index."""
    latest: dict[str, tuple[Submission, Report]] = {}
    for sub in subs:  # newest first: the first report seen for a unit and year wins
        report = report_of(latest_done(runs_of(s, sub.id)))
        key = f"{sub.unit_key}|{sub.year}"
        if report is not None and key not in latest:
            latest[key] = (sub, report)
    rows = []
    for sub, report in latest.values():
        flags = Counter(f.kind.value for c in report.criteria for f in c.findings
                        if f.severity is not Severity.INFO)
        flags.update(f.kind.value for f in report.findings if f.severity is not Severity.INFO)
        idx = index_of(report.totals.suggested, report.totals.max)
        rows.append(UnitRow(sub.id, sub.unit, sub.year or report.year, report.totals.self, report.totals.suggested,
                            report.totals.max, idx, bands.band(idx), dict(sorted(flags.items()))))
    rows.sort(key=lambda r: (-r.index, r.unit))
    return [UnitRow(**{**r.__dict__, "rank": i}) for i, r in enumerate(rows, start=1)]
