"""Task-tracking exports: each task with its deadline, completion date and status.

Which header names mean task, deadline, completion date and status, and which status words mean
done, not done and late, is the framework's data (``workbooks.tasks``; defaults in
rules/library/defaults.yaml). A task is on time when finished on or before its deadline, late when
finished after it, not yet due when unfinished with its deadline still ahead on the as-of date,
and overdue when unfinished past it. Dates decide; the status text is read only when a date is
missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from verifier.evidence import Evidence
from verifier.match.sheets import parse_date, sheet_rows
from verifier.rules.loader import default_workbooks
from verifier.rules.model import TaskSheet
from verifier.text import fold

_REQUIRED = ("task", "deadline", "status")


def _columns(spec: TaskSheet) -> dict[str, tuple[str, ...]]:
    return {"task": spec.task, "deadline": spec.deadline, "status": spec.status, "done_on": spec.done_on,
            "assigned_by": spec.assigned_by}


class TaskState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    NOT_DUE = "not_due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class TaskCounts:
    file: str
    on_time: int
    late: int
    not_due: int
    overdue: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.not_due + self.overdue

    @property
    def due(self) -> int:
        """Tasks that count: not-yet-due ones are left out (domain.md 1.6.1)."""
        return self.on_time + self.late + self.overdue

    def describe(self) -> str:
        return (f"{self.total} nhiệm vụ: {self.on_time} hoàn thành đúng hạn, {self.late} hoàn thành trễ hạn, "
                f"{self.overdue} chưa hoàn thành quá hạn, {self.not_due} chưa đến hạn")


def classify(deadline: dt.date | None, done: dt.date | None, status: str, as_of: dt.date,
             spec: TaskSheet | None = None) -> TaskState:
    words = spec or default_workbooks().tasks
    s = fold(status)
    said_done = any(w in s for w in words.done_words) and not any(w in s for w in words.not_done_words)
    said_late = any(w in s for w in words.late_words)
    if done is not None or said_done:
        if done is not None and deadline is not None:
            return TaskState.ON_TIME if done <= deadline else TaskState.LATE
        return TaskState.LATE if said_late else TaskState.ON_TIME
    if deadline is not None:
        return TaskState.NOT_DUE if deadline >= as_of else TaskState.OVERDUE
    return TaskState.OVERDUE if said_late else TaskState.NOT_DUE


def is_task_sheet(e: Evidence, spec: TaskSheet | None = None) -> bool:
    return next(iter(sheet_rows(e, _columns(spec or default_workbooks().tasks), _REQUIRED)), None) is not None


def read_tasks(evidence: Iterable[Evidence], as_of: dt.date, spec: TaskSheet | None = None) -> TaskCounts | None:
    """Counts from the first task workbook among ``evidence``; None when there is none."""
    sheet = spec or default_workbooks().tasks
    columns = _columns(sheet)
    for e in evidence:
        if not e.ok:
            continue
        counts = {s: 0 for s in TaskState}
        seen = False
        for row in sheet_rows(e, columns, _REQUIRED):
            if not row.get("task", "").strip():
                continue
            seen = True
            state = classify(parse_date(row.get("deadline", "")), parse_date(row.get("done_on", "")),
                             row.get("status", ""), as_of, sheet)
            counts[state] += 1
        if seen:
            return TaskCounts(e.file, counts[TaskState.ON_TIME], counts[TaskState.LATE],
                              counts[TaskState.NOT_DUE], counts[TaskState.OVERDUE])
    return None
