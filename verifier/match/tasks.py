"""Task-tracking exports (1.6.1): each task with its deadline, completion date and status.

Columns: ``STT | Nhiệm vụ | Văn bản giao | Hạn xử lý | Ngày hoàn thành | Trạng thái``. A task is
on time when finished on or before its deadline, late when finished after it, not yet due when
unfinished with its deadline still ahead on the as-of date, and overdue when unfinished past it.
Dates decide; the status text is read only when a date is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from verifier.evidence import Evidence
from verifier.match.sheets import parse_date, sheet_rows
from verifier.text import fold

_REQUIRED = ("Nhiệm vụ", "Hạn xử lý", "Trạng thái")
_OPTIONAL = ("Ngày hoàn thành", "Văn bản giao")


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


def classify(deadline: dt.date | None, done: dt.date | None, status: str, as_of: dt.date) -> TaskState:
    s = fold(status)
    finished = done is not None or ("hoan thanh" in s and "chua hoan thanh" not in s)
    if finished:
        if done is not None and deadline is not None:
            return TaskState.ON_TIME if done <= deadline else TaskState.LATE
        return TaskState.LATE if ("tre han" in s or "qua han" in s) else TaskState.ON_TIME
    if deadline is not None:
        return TaskState.NOT_DUE if deadline >= as_of else TaskState.OVERDUE
    return TaskState.OVERDUE if ("qua han" in s or "tre han" in s) else TaskState.NOT_DUE


def is_task_sheet(e: Evidence) -> bool:
    return next(iter(sheet_rows(e, _REQUIRED)), None) is not None


def read_tasks(evidence: Iterable[Evidence], as_of: dt.date) -> TaskCounts | None:
    """Counts from the first task workbook among ``evidence``; None when there is none."""
    for e in evidence:
        if not e.ok:
            continue
        counts = {s: 0 for s in TaskState}
        seen = False
        for row in sheet_rows(e, _REQUIRED, _OPTIONAL):
            if not row.get(fold("Nhiệm vụ"), "").strip():
                continue
            seen = True
            state = classify(parse_date(row.get(fold("Hạn xử lý"), "")),
                             parse_date(row.get(fold("Ngày hoàn thành"), "")),
                             row.get(fold("Trạng thái"), ""), as_of)
            counts[state] += 1
        if seen:
            return TaskCounts(e.file, counts[TaskState.ON_TIME], counts[TaskState.LATE],
                              counts[TaskState.NOT_DUE], counts[TaskState.OVERDUE])
    return None
