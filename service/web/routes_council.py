"""The council's pages: the province dashboard (and its XLSX of all units), the appraisal form of
one dossier, and the province's deadlines.

The form records through the API's own appraisal function (validation, only changed rows, who,
when and the previous value, the audit entry). A refused value comes back beside its field with
everything typed kept, and nothing is recorded until every value is acceptable.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from service.api.deps import require, visible_submission
from service.api.routes.submissions import appraise, latest_done_run, report_object
from service.audit.labels import actor_label, actor_names
from service.auth.policy import Op
from service.auth.tokens import Principal, Role
from service.storage.models import Submission
from service.storage.session import session_scope
from service.web import data, i18n
from service.web.dossier_view import group_fields
from service.web.pages import (
    csrf_ok,
    error_text,
    page_number,
    principal_or_redirect,
    refusal,
    render,
    see_other,
    settings_of,
)
from service.workflow import appraisals, board, dossiers, evidence, replies
from service.workflow.bands import NAMES, Bands
from service.workflow.dossiers import Phase, WorkflowError, status_of
from service.workflow.exports import board_xlsx
from service.workflow.provinces import check_framework
from service.workflow.timefmt import parse_vn_local
from verifier.report.fix_list import deduction_notes, parent_code
from verifier.report.messages import band_label

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


def _board_args(request: Request, principal: Principal) -> tuple[int, str, str]:
    q = request.query_params
    raw_year = q.get("year", "")
    with session_scope(settings_of(request).database_url) as s:
        if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100:
            year = int(raw_year)
        else:   # the season's year, else the newest year with dossiers, else last year
            province = principal.province or settings_of(request).province
            filed = board.years(s, principal)
            year = dossiers.season_year(s, province) or (filed[0] if filed else dossiers.default_year(s, province))
    status = q.get("status", "")
    return year, q.get("q", "")[:100], status if status in board.STATUS_FILTERS else ""


def _board_rows(request: Request, principal: Principal) -> tuple[int, str, str, list[board.BoardRow], list[int]]:
    year, search, status = _board_args(request, principal)
    with session_scope(settings_of(request).database_url) as s:
        rows = board.board(s, principal, year=year, search=search, status=status, bands=Bands.from_env())
        years = sorted(set(board.years(s, principal)) | {year}, reverse=True)
    return year, search, status, rows, years


@router.get("/ui/council", response_class=HTMLResponse)
def dashboard(request: Request, page: str | None = None) -> Response:
    principal = principal_or_redirect(request)
    if principal.role not in (Role.COUNCIL, Role.AUDITOR):
        try:
            require(request, principal, Op.APPRAISE)
        except HTTPException as exc:
            return refusal(request, principal, exc)
    year, search, status, rows, years = _board_rows(request, principal)
    number = page_number(page)
    shown = rows[(number - 1) * PER_PAGE: number * PER_PAGE]
    bands = Bands.from_env()
    legend = [(name, cut) for name, cut in zip(NAMES, (*bands.cutoffs, None), strict=True)]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return render(request, "council_dashboard.html", {
        "rows": shown, "total_rows": len(rows), "page": number, "more": len(rows) > number * PER_PAGE,
        "year": year, "years": years, "search": search, "status": status, "statuses": board.STATUS_FILTERS,
        "counts": counts, "band_legend": legend}, principal=principal)


@router.get("/ui/council/export.xlsx")
def dashboard_xlsx(request: Request) -> Response:
    principal = principal_or_redirect(request)
    if principal.role not in (Role.COUNCIL, Role.AUDITOR):
        try:
            require(request, principal, Op.APPRAISE)
        except HTTPException as exc:
            return refusal(request, principal, exc)
    year, _search, _status, rows, _years = _board_rows(request, principal)
    lang = i18n.request_lang(request)
    body = board_xlsx(rows, province=principal.province, year=year, lang=lang,
                      band_names={n: band_label(n, lang) for n in NAMES})
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="tong-hop-{year}.xlsx"'})


def _review(request: Request, principal: Principal, submission_id: str, typed: dict[str, str] | None = None,
            errors: dict[str, appraisals.RowError] | None = None, notice: str | None = None,
            error: str | None = None, status_code: int = 200) -> Response:
    try:
        sub = visible_submission(request, principal, Op.APPRAISE, submission_id)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    lang = i18n.request_lang(request)
    with session_scope(settings_of(request).database_url) as s:
        fresh = s.get_one(Submission, sub.id)
        run = latest_done_run(s, sub.id)
        if run is None:
            return refusal(request, principal, HTTPException(409, detail={
                "message_vi": "Chưa có kết quả kiểm tra", "message_en": "No report yet"}))
        report = report_object(run, fresh)
        status = status_of(fresh)
        current = dossiers.APPRAISAL_ROUND.get(status)
        r1, r2 = appraisals.latest(s, sub.id, 1), appraisals.latest(s, sub.id, 2)
        mine = (r2 if current == 2 else r1) if current else (r2 or r1)
        newest = appraisals.latest(s, sub.id, current or (2 if r2 else 1), with_cleared=True)
        cleared = {code: a for code, a in newest.items() if a.score == appraisals.CLEARED}
        effective = {**r1, **r2} if current == 2 or (current is None and r2) else r1
        version_files = evidence.version_files(s, run.round_id)
        names = actor_names(s, {a.recorded_by for a in (*r1.values(), *r2.values(), *cleared.values())})
        limits = appraisals.limits_of(report)
        typed = typed or {}
        context: dict[str, Any] = {
            "who": lambda actor: actor_label(actor, names, lang),
            "sub": fresh, "status": status.value, "report": report, "round_no": current, "r1": r1, "r2": r2,
            "mine": mine, "cleared": cleared, "limits": limits, "typed": typed, "row_errors": errors or {},
            "unsaved": unsaved_rows(typed, mine, set(limits)),
            "unavailable": any(lim.unavailable for lim in limits.values()),
            "allowed_text": lambda lim: appraisals.shown_values(lim.allowed, lang) if lim.allowed else "",
            "totals": appraisals.totals(effective), "field_totals": appraisals.field_totals(effective),
            "parents": {p for c in report.criteria if (p := parent_code(c.code)) is not None},
            "fields": group_fields(report, status=request.query_params.get("status", ""),
                                   field_code=request.query_params.get("field", ""),
                                   query=request.query_params.get("q", "")[:100], open_code=""),
            "file_ids": {f.relative: f.id for f in version_files},
            "files": {f.file: f for f in report.files}, "raw_files": data.raw_files(run),
            "framework_check": check_framework(report.framework, fresh.province, fresh.unit,
                                               fresh.year or report.year),
            "listing": {c.code: evidence.criterion_files(c.code, c.evidence, [f.relative for f in version_files
                                                                             if f.role == "evidence"])
                        for c in report.criteria},
            "replies": replies.replies_of(s, sub.id), "reply_files": replies.files_of,
            "deduction_notes": deduction_notes(report, lang),
            "moves": dossiers.moves_for(status, principal.role),
            "move_label": lambda m: dossiers.MOVE_LABELS[m][1 if lang == "en" else 0],
            "filters": {k: request.query_params.get(k, "") for k in ("status", "field", "q")},
            "statuses": sorted({c.status.value for c in report.criteria}),
            "notice": notice, "error": error,
        }
    return render(request, "council_review.html", context, status_code, principal)


def unsaved_rows(typed: dict[str, str], recorded: dict[str, Any], leaves: set[str]) -> set[str]:
    """The rows whose typed score or opinion differs from what is recorded: kept on the page, not saved."""
    out = set()
    for code in leaves:
        key = f"score__{code}"
        if key not in typed:
            continue
        rec = recorded.get(code)
        score = appraisals.parse_score(typed[key]) if typed[key].strip() else None
        was = appraisals.stored(rec.score) if rec is not None else None
        opinion = typed.get(f"opinion__{code}", "").strip()
        if (typed[key].strip() and score is None) or score != was or opinion != (rec.opinion if rec else ""):
            out.add(code)
    return out


@router.get("/ui/council/{submission_id}/review", response_class=HTMLResponse)
def review(submission_id: str, request: Request, saved: str | None = None) -> Response:
    principal = principal_or_redirect(request)
    tr = i18n.helpers(i18n.request_lang(request))["tr"]
    notice = tr(f"Đã lưu {saved} thay đổi.", f"{saved} change(s) recorded.") if saved and saved.isdigit() else None
    return _review(request, principal, submission_id, notice=notice)


def _action(form: Any, leaves: list[str]) -> tuple[str, set[str]]:
    """What was pressed: ("save", every row), ("accept", the rows "Đồng ý đề xuất" covers: one row,
    the ticked rows or a whole field) or ("clear", the one row of its "Xoá điểm")."""
    pressed, clear = str(form.get("accept") or ""), str(form.get("clear") or "")
    if clear in leaves:
        return "clear", {clear}
    if pressed == "selected":
        return "accept", {code for code in leaves if form.get(f"select__{code}")}
    if pressed.startswith("field:"):
        return "accept", {code for code in leaves if code.split(".", 1)[0] == pressed[6:]}
    if pressed in leaves:
        return "accept", {pressed}
    return "save", set(leaves)


def _typed(form: Any, leaves: list[str]) -> dict[str, str]:
    """What is on the page, row by row; rows not on it (filtered out) are absent, never 'emptied'."""
    typed: dict[str, str] = {}
    for code in leaves:
        score, opinion = form.get(f"score__{code}"), form.get(f"opinion__{code}")
        if isinstance(score, str):
            typed[f"score__{code}"] = score
            typed[f"opinion__{code}"] = opinion if isinstance(opinion, str) else ""
        if form.get(f"select__{code}"):
            typed[f"select__{code}"] = "1"
    return typed


def _entries(action: str, rows: set[str], typed: dict[str, str],
             recorded: dict[str, Any]) -> list[appraisals.Entry]:
    """The entries one press records. "Lưu": every row on the page (an emptied score clears it).
    "Đồng ý đề xuất": only the covered rows' suggestions, each keeping its recorded opinion; nothing
    else typed is saved. "Xoá điểm": only that row."""
    if action == "accept":
        return [appraisals.Entry(code, "", recorded[code].opinion if code in recorded else "", accepted=True)
                for code in sorted(rows)]
    if action == "clear":
        return [appraisals.Entry(code, "", "", clear=True) for code in sorted(rows)]
    return [appraisals.Entry(code, typed[f"score__{code}"], typed.get(f"opinion__{code}", ""), clear=True)
            for code in sorted(rows) if f"score__{code}" in typed]


@router.post("/ui/council/{submission_id}/review", response_class=HTMLResponse)
async def record(submission_id: str, request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    form = await request.form(max_files=0, max_fields=3_000)
    token = form.get("csrf")
    if not await run_in_threadpool(csrf_ok, request, token if isinstance(token, str) else None):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))

    def save() -> tuple[str, set[str], int, dict[str, str], list[appraisals.RowError]]:
        sub = visible_submission(request, principal, Op.APPRAISE, submission_id)
        with session_scope(settings_of(request).database_url) as s:
            fresh = s.get_one(Submission, sub.id)
            run = latest_done_run(s, sub.id)
            if run is None:
                raise HTTPException(409, detail={"message_vi": "Chưa có kết quả kiểm tra", "message_en": "No report"})
            leaves = list(appraisals.limits_of(report_object(run, fresh)))
            action, rows = _action(form, leaves)
            typed = _typed(form, leaves)
            current = dossiers.APPRAISAL_ROUND.get(status_of(fresh)) or 1
            entries = _entries(action, rows, typed, appraisals.latest(s, sub.id, current))
            _round, count, errors = appraise(s, fresh, principal, None, entries)
            return action, rows, count, typed, errors

    try:
        action, rows, count, typed, errors = await run_in_threadpool(save)
    except HTTPException as exc:
        if exc.status_code == 409:
            return await run_in_threadpool(_review, request, principal, submission_id, None, None, None,
                                           error_text(exc.detail, i18n.request_lang(request)), 409)
        return refusal(request, principal, exc)
    tr = i18n.helpers(i18n.request_lang(request))["tr"]
    if errors:
        return await run_in_threadpool(
            _review, request, principal, submission_id, typed, {e.criterion: e for e in errors}, None,
            tr(f"Chưa lưu: {len(errors)} ô chưa hợp lệ (xem ghi chú bên cạnh ô).",
               f"Nothing saved: {len(errors)} value(s) refused (see the note beside each)."), 422)
    if action == "save":
        return see_other(f"/ui/council/{submission_id}/review?saved={count}")
    # "Đồng ý đề xuất" / "Xoá điểm" recorded only their rows: whatever else was typed stays on the
    # page, unsaved, and the page says so (a redirect would silently drop it).
    left = {k: v for k, v in typed.items() if k.split("__", 1)[1] not in rows}
    done = (tr(f"Đã ghi {count} điểm theo đề xuất.", f"{count} suggestion(s) recorded.") if action == "accept"
            else tr(f"Đã xoá điểm {', '.join(sorted(rows))}.", f"Score of {', '.join(sorted(rows))} cleared."))
    return await run_in_threadpool(_review, request, principal, submission_id, left, None, done)
@router.get("/ui/council/deadlines", response_class=HTMLResponse)
def deadlines_page(request: Request, year: str | None = None) -> Response:
    principal = principal_or_redirect(request)
    try:
        require(request, principal, Op.MANAGE)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    with session_scope(settings_of(request).database_url) as s:
        chosen = int(year) if year and year.isdigit() and 2000 <= int(year) <= 2100 else \
            dossiers.default_year(s, principal.province or "")
        current = dossiers.province_deadlines(s, principal.province or "", chosen)
    return render(request, "deadlines.html", {"year": chosen, "current": current, "phases": list(Phase),
                                              "phase_label": lambda p: dossiers.PHASE_LABELS[p][
                                                  1 if i18n.request_lang(request) == "en" else 0]},
                  principal=principal)


@router.post("/ui/council/deadlines", response_class=HTMLResponse)
async def set_deadlines(request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    form = await request.form(max_files=0, max_fields=20)
    token = form.get("csrf")
    if not await run_in_threadpool(csrf_ok, request, token if isinstance(token, str) else None):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    try:
        require(request, principal, Op.MANAGE)
        year = int(str(form.get("year") or ""))
        if not 2000 <= year <= 2100:
            raise ValueError(year)
        set_any = False
        with session_scope(settings_of(request).database_url) as s:
            for phase in Phase:
                day = str(form.get(f"day__{phase.value}") or "").strip()
                if not day:
                    continue
                due = parse_vn_local(day, str(form.get(f"time__{phase.value}") or "17:00"))
                dossiers.set_deadline(s, principal, province=principal.province or "", year=year, phase=phase,
                                      due_at=due)
                set_any = True
    except HTTPException as exc:
        return refusal(request, principal, exc)
    except (ValueError, WorkflowError):
        return refusal(request, principal, HTTPException(422, detail={
            "message_vi": "Năm hoặc ngày không hợp lệ (ngày dạng dd/mm/yyyy, giờ HH:MM)",
            "message_en": "Invalid year or date (dd/mm/yyyy, HH:MM)"}))
    return see_other(f"/ui/council/deadlines?year={year}&saved={int(set_any)}")
