"""Everything evaluating one criterion needs, computed once per submission."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from verifier.assessment.model import AssessmentTable
from verifier.evidence import Evidence
from verifier.match.assign import Assignment, assign, folder_criterion
from verifier.match.cited import DocIndex
from verifier.match.documents import DocView
from verifier.match.stats import SystemFigure, read_statistics_rows
from verifier.results import Finding
from verifier.rules.model import Framework
from verifier.score.integrity import file_findings


@dataclass(frozen=True)
class Context:
    framework: Framework
    table: AssessmentTable
    evidence: tuple[Evidence, ...]
    year: int
    as_of: dt.date
    window: tuple[dt.date, dt.date]
    assignment: Assignment
    index: DocIndex
    statistics: dict[str, tuple[SystemFigure, ...]]
    broken: dict[str, tuple[Evidence, ...]]        # criterion code -> unreadable files filed under it
    duplicates: dict[str, str]                     # file -> the earlier file with the same content
    integrity: dict[tuple[str, int], list[Finding]] = field(default_factory=dict)  # DocView.ref -> findings

    def integrity_findings(self, views: Sequence[DocView], code: str | None) -> list[Finding]:
        """The integrity findings of ``views`` (score/integrity.py), placed on criterion ``code``."""
        out: list[Finding] = []
        for ref in dict.fromkeys(v.ref for v in views):
            out.extend(dataclasses.replace(f, criterion=code) for f in self.integrity.get(ref, ()))
        return out

    def pool(self, code: str, also_from: Sequence[str] = (), extra: Sequence[DocView] = ()) -> tuple[DocView, ...]:
        seen: set[tuple[str, int]] = set()
        out: list[DocView] = []
        for v in (*self.assignment.pool(code), *(x for c in also_from for x in self.assignment.pool(c)), *extra):
            if v.ref not in seen:
                seen.add(v.ref)
                out.append(v)
        return tuple(out)


def build_context(framework: Framework, table: AssessmentTable, evidence: Sequence[Evidence],
                  as_of: dt.date | None) -> Context:
    year = framework.year
    window = framework.window.resolve(year)
    cutoff = framework.cutoff(year)
    assignment = assign(framework, evidence, year)
    broken: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        if not e.ok:
            code = folder_criterion(e.folder_code, framework)
            broken[code or ""].append(e)
    first: dict[str, str] = {}
    duplicates: dict[str, str] = {}
    for e in sorted(evidence, key=lambda x: x.file):
        if e.sha256:
            if e.sha256 in first:
                duplicates[e.file] = first[e.sha256]
            else:
                first[e.sha256] = e.file
    return Context(
        framework=framework, table=table, evidence=tuple(evidence), year=year,
        as_of=as_of or cutoff, window=window, assignment=assignment, index=DocIndex(assignment.views),
        statistics=read_statistics_rows((e for e in evidence if e.ok), framework.workbooks.statistics),
        broken={k: tuple(v) for k, v in broken.items()}, duplicates=duplicates,
        integrity=dict(file_findings(assignment.views, framework.integrity.signing_tolerance_days)),
    )
