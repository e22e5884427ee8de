"""The log in words: action names, actors and a one-line summary of each entry, in both languages.

The stored entry keeps its stable codes (``appraisal_recorded``, ``user:nguyenvana``); these labels
are for pages and exports only.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.models import Account, ApiToken
from service.workflow.dossiers import LABELS as STATUS_LABELS
from service.workflow.dossiers import MOVE_LABELS, DossierStatus, Move

ACTIONS: dict[str, tuple[str, str]] = {
    "submission_received": ("Nhận hồ sơ", "Dossier received"),
    "file_stored": ("Lưu tệp", "File stored"),
    "file_removed": ("Gỡ tệp", "File removed"),
    "extraction": ("Đọc tệp", "File read"),
    "quarantined": ("Cách ly tệp lỗi", "File quarantined"),
    "verification_run": ("Kiểm tra hồ sơ", "Verification run"),
    "finding": ("Phát hiện", "Finding"),
    "suggested_score": ("Điểm đề xuất", "Suggested score"),
    "appraisal_recorded": ("Hội đồng chấm điểm", "Council score recorded"),
    "export": ("Xuất dữ liệu", "Export"),
    "token_created": ("Tạo mã truy cập", "Token created"),
    "token_used": ("Dùng mã truy cập", "Token used"),
    "token_revoked": ("Thu hồi mã truy cập", "Token revoked"),
    "access_denied": ("Từ chối truy cập", "Access denied"),
    "audit_query": ("Tra cứu nhật ký", "Audit query"),
    "dossier_status": ("Chuyển trạng thái hồ sơ", "Dossier status changed"),
    "deadline_set": ("Đặt hạn", "Deadline set"),
    "reply_recorded": ("Đơn vị giải trình", "Explanation received"),
    "account_created": ("Tạo tài khoản", "Account created"),
    "account_changed": ("Đổi tài khoản", "Account changed"),
    "signed_in": ("Đăng nhập", "Signed in"),
    "signed_out": ("Đăng xuất", "Signed out"),
    "unit_created": ("Thêm đơn vị", "Unit added"),
    "auth_failures": ("Xác thực sai (tổng hợp)", "Failed authentications (summary)"),
    "checkpoint": ("Mốc kiểm tra nhật ký", "Log checkpoint"),
}
ROLES = {"unit": ("Đơn vị", "Unit"), "council": ("Hội đồng thẩm định", "Appraisal council"),
         "auditor": ("Kiểm tra viên", "Auditor"), "admin": ("Quản trị", "Administrator")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def action_label(action: str, lang: str = "vi") -> str:
    pair = ACTIONS.get(action)
    return _pick(pair, lang) if pair else action


def actor_names(session: Session, actors: set[str]) -> dict[str, str]:
    """Display names of the accounts and tokens among ``actors`` (one query each)."""
    users = {a.split(":", 1)[1] for a in actors if a.startswith("user:")}
    prefixes = {a.rsplit(":", 1)[1] for a in actors if a.count(":") == 2}
    out: dict[str, str] = {}
    if users:
        for name, shown, role in session.execute(select(Account.username, Account.display_name, Account.role)
                                                 .where(Account.username.in_(users))).all():
            out[f"user:{name}"] = f"{shown} ({_pick(ROLES.get(role, (role, role)), 'vi')})"
    if prefixes:
        for prefix, label in session.execute(select(ApiToken.prefix, ApiToken.label)
                                             .where(ApiToken.prefix.in_(prefixes))).all():
            out[f"token:{prefix}"] = label
    return out


def actor_label(actor: str, names: dict[str, str], lang: str = "vi") -> str:
    en = lang == "en"
    if actor in names:
        return names[actor]
    if actor == "anonymous":
        return "Không xác thực" if not en else "Unauthenticated"
    if actor.startswith("system:"):
        return "Hệ thống (máy kiểm tra)" if not en else "System (verification worker)"
    if actor.startswith("cli:"):
        return (f"Dòng lệnh trên máy chủ ({actor[4:]})" if not en else f"Server command line ({actor[4:]})")
    if actor.startswith("user:"):
        return actor[5:]
    parts = actor.split(":")
    if len(parts) == 3:
        role, scope, prefix = parts
        label = names.get(f"token:{prefix}")
        who = _pick(ROLES.get(role, (role, role)), lang)
        where = "" if scope == "*" else f" {scope}"
        token = f"mã {prefix}…" if not en else f"token {prefix}…"
        return f"{who}{where} ({label + ', ' if label else ''}{token})"
    return actor


def _num(value: Any, lang: str) -> str:
    """'0.50' -> '0,5' (Vietnamese) or '0.5'."""
    try:
        text = format(Decimal(str(value)).normalize(), "f")
    except (InvalidOperation, ValueError):
        return str(value)
    return text if lang == "en" else text.replace(".", ",")


def summary(action: str, d: dict[str, Any], kind: str | None, lang: str = "vi") -> str:
    """One line saying what the entry records."""
    en = lang == "en"
    if action == "appraisal_recorded":
        prev = _num(d["previous"], lang) if d.get("previous") is not None else None
        rnd = d.get("round")
        if d.get("score") is None:   # a cleared score is recorded as an entry without one
            text = f"Vòng {rnd}: xoá điểm" if not en else f"Round {rnd}: score cleared"
        else:
            score = _num(d.get("score"), lang)
            text = f"Vòng {rnd}: {score} điểm" if not en else f"Round {rnd}: {score}"
        text += (f" (trước: {prev})" if not en else f" (was {prev})") if prev is not None else ""
        if d.get("source") == "accepted":
            text += " — đồng ý đề xuất" if not en else " — suggestion accepted"
        if d.get("opinion"):
            text += f"; {d['opinion']}"
        return text
    if action == "dossier_status":
        try:
            move = _pick(MOVE_LABELS[Move(d.get("move", ""))], lang)
            to = _pick(STATUS_LABELS[DossierStatus(d.get("to", ""))], lang)
        except ValueError:
            return str(d)
        return f"{move} → {to}" + (f" ({d['note']})" if d.get("note") else "")
    if action == "finding":
        return str(d.get("message", ""))
    if action in ("file_stored", "file_removed"):
        return str(d.get("file", ""))
    if action == "suggested_score":
        suggested, own = _num(d.get("suggested"), lang), _num(d.get("self"), lang)
        return f"Đề xuất {suggested} / tự chấm {own}" if not en else f"Suggested {suggested} / self {own}"
    if action == "access_denied":
        return f"{d.get('method', '')} {d.get('path', '')} → {d.get('status', '')}"
    if action == "auth_failures":
        return (f"{d.get('count')} lần xác thực sai từ mốc trước" if not en
                else f"{d.get('count')} failed authentications since the previous checkpoint")
    if action == "reply_recorded":
        return str(d.get("text", ""))[:300]
    if action == "deadline_set":
        return f"{d.get('phase')}: {d.get('due_at')}"
    if action in ("account_created", "account_changed"):
        return f"{d.get('username')}: {d.get('change', d.get('role', ''))}"
    if action == "verification_run":
        return f"{d.get('status')} ({d.get('framework') or d.get('error') or ''})"
    if kind:
        return kind
    return ", ".join(f"{k}={v}" for k, v in sorted(d.items()) if isinstance(v, str | int | float))[:300]
