"""Which language a page is shown in, and the template helpers that read the message catalogue.

``?lang=en`` (or ``vi``) on any page switches the language and remembers it in a cookie; without
either the page is Vietnamese.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.requests import Request

from verifier.report import messages
from verifier.results import FindingKind, Severity, Status

LANG_COOKIE = "pv_lang"

# Words of the workflow pages that the report's catalogue (verifier/report/messages.py) lacks.
EXTRA: dict[str, tuple[str, str]] = {
    "no_dossier": ("Chưa có hồ sơ", "No dossier yet"),
    "conflict": ("Chưa thực hiện được", "Not possible now"),
    "too_many": ("Quá nhiều lần thử", "Too many attempts"),
    "sign_in_failed": ("Tên đăng nhập hoặc mật khẩu không đúng", "Wrong username or password"),
    "username": ("Tên đăng nhập", "Username"),
    "password": ("Mật khẩu", "Password"),
    "admin": ("Quản trị", "Administration"),
    "account": ("Tài khoản", "Account"),
    "role_admin": ("Quản trị", "Administrator"),
}
# The scoring archetypes (verifier/score/archetypes.py) in words, for the council's form.
RULES: dict[str, tuple[str, str]] = {
    "binary_by_deadline": ("Có văn bản, đúng hạn: tối đa; không: 0", "Document present and on time: max, else 0"),
    "linear_ratio": ("Theo tỷ lệ", "Proportional"),
    "threshold_capped_ratio": ("Đạt ngưỡng: tối đa; dưới ngưỡng: theo tỷ lệ",
                               "Max at the threshold, else proportional"),
    "hard_threshold": ("Đạt ngưỡng: tối đa; dưới ngưỡng: 0", "Max at the threshold, else 0"),
    "weighted_task_completion": ("Theo tỷ lệ nhiệm vụ hoàn thành đúng hạn", "By tasks done on time"),
    "checklist": ("Theo danh mục nội dung", "By checklist"),
    "manual_review": ("Hội đồng xem xét", "The council decides"),
    "no_violation": ("Không vi phạm: tối đa", "No violation: max"),
    "deduction": ("Điểm trừ", "Deduction"),
    "not_assessed": ("Không đánh giá", "Not assessed"),
    "sum": ("Tổng các mục con", "Sum of its parts"),
}


def request_lang(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return messages.lang_of(chosen)


def helpers(lang: str) -> dict[str, Any]:
    """Functions every template gets, bound to the page's language."""

    def t(key: str, **params: object) -> str:
        if key in EXTRA:
            return EXTRA[key][1 if lang == "en" else 0].format(**params)
        return messages.t(key, lang, **params)

    def tr(vi: str, en: str) -> str:
        """A page's own words, both languages side by side in the template."""
        return en if lang == "en" else vi

    def status(value: str) -> str:
        return messages.status_label(Status(value), lang)

    def kind(value: str) -> str:
        return messages.kind_label(FindingKind(value), lang)

    def kind_help(value: str) -> str:
        return messages.kind_help(FindingKind(value), lang)

    def severity(value: str) -> str:
        return messages.severity_label(Severity(value), lang)

    def score(value: object) -> str:
        if isinstance(value, str):          # scores are stored as text (service/storage/models.py)
            try:
                number = Decimal(value)
            except InvalidOperation:
                return value
            return messages.format_score(number, lang) if number.is_finite() else value
        return messages.format_score(value, lang)

    def band(value: str) -> str:
        return messages.band_label(value, lang)

    def rule(value: str) -> str:
        pair = RULES.get(value)
        return (pair[1] if lang == "en" else pair[0]) if pair else value

    return {"t": t, "tr": tr, "rule_label": rule, "status_label": status, "kind_label": kind, "kind_help": kind_help,
            "severity_label": severity, "score": score, "band_label": band, "lang": lang,
            "finding_kinds": [k.value for k in FindingKind]}
