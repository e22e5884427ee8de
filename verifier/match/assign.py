"""Which evidence each criterion may rest on.

A file filed under ``evidence/<code>/`` belongs to that criterion (under a parent code: to every
criterion below it). An unsorted file is assigned by content: to each criterion whose rule it
satisfies (type, topic, issuer, period). Workbooks are recognised by their columns: the system
statistics workbook serves every criterion that has a row in it, a task export serves the task
criteria. What fits nowhere is reported, so the unit can file it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from verifier.evidence import Evidence
from verifier.match.documents import DocView, Fit, fit, views_of
from verifier.match.stats import is_statistics
from verifier.match.tasks import is_task_sheet
from verifier.rules.model import Archetype, Framework

_CODE = re.compile(r"^\d+(?:\.\d+)*")


@dataclass(frozen=True)
class Assignment:
    views: tuple[DocView, ...]                      # every document of every readable evidence file
    pools: dict[str, tuple[DocView, ...]]           # criterion code -> documents filed or assigned to it
    unassigned: tuple[DocView, ...]                 # documents of unsorted files that fit no criterion
    statistics_files: tuple[str, ...]
    task_files: tuple[str, ...]

    def pool(self, code: str) -> tuple[DocView, ...]:
        return self.pools.get(code, ())


def folder_criterion(folder: str | None, framework: Framework) -> str | None:
    """'1.1.1' -> '1.1.1'; '1.1.1. Kế hoạch' -> '1.1.1'; unknown codes -> None."""
    if not folder:
        return None
    m = _CODE.match(folder.strip())
    if not m:
        return None
    code = m.group(0)
    return code if framework.criterion(code) is not None else None


def assign(framework: Framework, evidence: Sequence[Evidence], year: int) -> Assignment:
    views = tuple(v for e in evidence if e.ok for v in views_of(e))
    leaves = [c for c in framework.criteria if framework.is_leaf(c.code)]
    pools: dict[str, list[DocView]] = defaultdict(list)
    unassigned: list[DocView] = []
    stats: list[str] = []
    tasks: list[str] = []
    for v in views:
        if is_statistics(v.evidence, framework.workbooks.statistics):
            stats.append(v.file)
            continue
        is_tasks = is_task_sheet(v.evidence, framework.workbooks.tasks)
        if is_tasks:
            tasks.append(v.file)
        code = folder_criterion(v.evidence.folder_code, framework)
        if code is not None:
            for leaf in leaves:
                if leaf.code == code or leaf.code.startswith(code + "."):
                    pools[leaf.code].append(v)
            continue
        targets = [c.code for c in leaves
                   if (is_tasks and c.rule.archetype is Archetype.WEIGHTED_TASK_COMPLETION)
                   or any(fit(r, v, year) is Fit.FITS for r in c.rule.requires)]
        for t in targets:
            pools[t].append(v)
        if not targets:
            unassigned.append(v)
    return Assignment(views, {k: tuple(v) for k, v in pools.items()}, tuple(unassigned),
                      tuple(stats), tuple(tasks))
