"""A run's totals, stored when the run finishes, so that lists and the dashboard never parse whole
reports (issue 12, "bounded costs"). Runs finished before totals were stored get them the first time
a list needs them."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.models import Run
from verifier.results import Report


def store_totals(run: Run, report: Report) -> None:
    """Keep the report's totals on the run (called when the run finishes)."""
    run.total_max, run.total_self = str(report.totals.max), str(report.totals.self)
    run.total_suggested = str(report.totals.suggested)


def fill_missing_totals(session: Session, run_ids: list[int]) -> None:
    """Totals of done runs stored before totals were kept: parsed once, then stored."""
    if not run_ids:
        return
    for run in session.execute(select(Run).where(Run.id.in_(run_ids), Run.status == "done",
                                                 Run.total_suggested.is_(None))).scalars():
        totals = json.loads(run.report or "{}").get("totals") or {}
        run.total_max, run.total_self = str(totals.get("max")), str(totals.get("self"))
        run.total_suggested = str(totals.get("suggested"))
