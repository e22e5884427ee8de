"""What the dossier page shows, gathered in one place: status and deadlines, versions, the chosen
run's criteria grouped by field (filtered, searched, collapsed), evidence per criterion, the
council's scores and opinions (to the unit only once round 1 is published), the unit's replies,
the what-to-fix list and, for the council, the deductions it may decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from service.audit.labels import actor_label, actor_names
from service.auth.tokens import Principal, Role
from service.storage.models import Appraisal, Run, Submission
from service.web import data, i18n
from service.workflow import appraisals, dossiers, evidence, replies
from service.workflow.dossiers import DossierStatus, Phase, status_of
from service.workflow.provinces import check_framework
from verifier.report.fix_list import deduction_notes, fix_groups, parent_code
from verifier.results import CriterionResult, Report
from verifier.text import fold, one_line

PAGED = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
# When the unit sees the council's work: round 1 once published, round 2 once the appraisal closes.
UNIT_SEES_ROUND = {1: {DossierStatus.AWAITING_REPLY, DossierStatus.ROUND2, DossierStatus.DONE},
                   2: {DossierStatus.DONE}}


@dataclass
class FieldView:
    code: str
    row: CriterionResult | None
    rows: list[CriterionResult] = field(default_factory=list)
    open: bool = False


def council_visible(principal: Principal, status: DossierStatus, round_no: int) -> bool:
    return principal.role is not Role.UNIT or status in UNIT_SEES_ROUND[round_no]


def _matches(c: CriterionResult, key: str) -> bool:
    return key in fold(f"{c.code} {c.title}")


def group_fields(report: Report, *, status: str, field_code: str, query: str, open_code: str) -> list[FieldView]:
    """Criteria by top-level field; a filter or search keeps the matching rows (and opens their
    field); ``open_code`` opens the field of that row (the fix list's links)."""
    key = fold(one_line(query))
    fields: dict[str, FieldView] = {}
    for c in report.criteria:
        top = c.code.split(".", 1)[0]
        view = fields.setdefault(top, FieldView(top, None))
        if c.code == top:
            view.row = c
            continue
        if status and c.status.value != status:
            continue
        if key and not _matches(c, key):
            continue
        view.rows.append(c)
    out = []
    for code, view in fields.items():
        if field_code and code != field_code:
            continue
        if (status or key) and not view.rows:
            continue
        view.open = bool(status or key or field_code) or open_code.split(".", 1)[0] == code
        out.append(view)
    return out


def dossier_context(s: Session, request: Request, principal: Principal, sub: Submission, runs: list[Run],
                    run_param: str | None) -> dict[str, Any]:
    lang = i18n.request_lang(request)
    q = request.query_params
    numbers = data.round_numbers(s, sub.id)
    done = [r for r in runs if r.status == "done"]
    chosen = next((r for r in done if run_param and run_param.isdigit() and r.id == int(run_param)), done[-1])
    report = data.report_of(chosen, sub)
    assert report is not None          # a done run always stores its report
    version = numbers.get(chosen.round_id, 1)
    earlier = [r for r in done if numbers.get(r.round_id, 1) < version]
    before = data.report_of(earlier[-1], sub) if earlier else None
    status = status_of(sub)
    r1 = appraisals.latest(s, sub.id, 1) if council_visible(principal, status, 1) else {}
    r2 = appraisals.latest(s, sub.id, 2) if council_visible(principal, status, 2) else {}
    current: dict[str, Appraisal] = r2 or r1
    if r1 or r2:
        current = {**r1, **r2}
    version_files = evidence.version_files(s, chosen.round_id)
    relatives = [f.relative for f in version_files if f.role == "evidence"]
    file_ids = {f.relative: f.id for f in version_files}
    lock = dossiers.upload_lock(s, sub)
    parents = {p for c in report.criteria if (p := parent_code(c.code)) is not None}
    views = group_fields(report, status=q.get("status", ""), field_code=q.get("field", ""),
                         query=q.get("q", "")[:100], open_code=q.get("open", ""))
    deadlines = {p: dossiers.deadline(s, sub, p) for p in Phase}
    history = dossiers.history(s, sub.id)
    names = actor_names(s, {a.recorded_by for a in (*r1.values(), *r2.values())} | {h.by for h in history})
    return {
        "who": lambda actor: actor_label(actor, names, lang),
        "sub": sub, "status": status.value, "run": chosen, "report": report, "version": version,
        "versions": data.versions(s, sub.id), "runs": runs, "numbers": numbers,
        "changes": data.diff_reports(before, report) if before else None,
        "table_unit": data.table_unit(chosen),
        "fix_groups": fix_groups(report, lang) if principal.role is not Role.AUDITOR else (),
        "deduction_notes": deduction_notes(report, lang) if principal.role is not Role.UNIT else (),
        "fields": views, "parents": parents, "filters": {k: q.get(k, "") for k in ("status", "field", "q", "open")},
        "statuses": sorted({c.status.value for c in report.criteria}),
        "files": {f.file: f for f in report.files}, "raw_files": data.raw_files(chosen), "file_ids": file_ids,
        "listing": {c.code: evidence.criterion_files(c.code, c.evidence, relatives) for c in report.criteria
                    if c.code not in parents},
        "r1": r1, "r2": r2, "current": current, "council_totals": {1: appraisals.totals(r1), 2: appraisals.totals(
            {**r1, **r2}) if r2 else None},
        "replies": replies.replies_of(s, sub.id), "reply_files": replies.files_of,
        "history": history, "deadlines": deadlines,
        "moves": dossiers.moves_for(status, principal.role) if principal.role in (Role.UNIT, Role.COUNCIL) else [],
        "move_label": lambda m: dossiers.MOVE_LABELS[m][1 if lang == "en" else 0],
        "can_upload": lock is None and principal.role in (Role.UNIT, Role.COUNCIL),
        "lock": (lock.message_en if lang == "en" else lock.message_vi) if lock else None,
        "can_reply": status is DossierStatus.AWAITING_REPLY and lock is None and principal.role in (
            Role.UNIT, Role.COUNCIL),
        "has_pages": lambda name: PurePosixPath(name).suffix.lower() in PAGED,
        "framework_check": check_framework(report.framework, sub.province, sub.unit, sub.year or report.year),
        "year_mismatch": report.year is not None and sub.year is not None and report.year != sub.year,
    }
