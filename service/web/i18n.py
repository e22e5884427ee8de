"""Which language a page is shown in, and the template helpers that read the message catalogue.

``?lang=en`` (or ``vi``) on any page switches the language and remembers it in a cookie; without
either the page is Vietnamese.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from verifier.report import messages
from verifier.results import FindingKind, Severity, Status

LANG_COOKIE = "pv_lang"


def request_lang(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return messages.lang_of(chosen)


def helpers(lang: str) -> dict[str, Any]:
    """Functions every template gets, bound to the page's language."""

    def t(key: str, **params: object) -> str:
        return messages.t(key, lang, **params)

    def status(value: str) -> str:
        return messages.status_label(Status(value), lang)

    def kind(value: str) -> str:
        return messages.kind_label(FindingKind(value), lang)

    def kind_help(value: str) -> str:
        return messages.kind_help(FindingKind(value), lang)

    def severity(value: str) -> str:
        return messages.severity_label(Severity(value), lang)

    def score(value: object) -> str:
        return messages.format_score(value, lang)

    def band(value: str) -> str:
        return messages.band_label(value, lang)

    return {"t": t, "status_label": status, "kind_label": kind, "kind_help": kind_help,
            "severity_label": severity, "score": score, "band_label": band, "lang": lang,
            "finding_kinds": [k.value for k in FindingKind]}
