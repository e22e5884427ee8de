"""The authorisation matrix: every role x every endpoint x own/other unit, on the real app (SQLite,
in-process runner). Refusals are 401/403/404 exactly as the table below says, a 404 for another
unit's submission is byte-identical to the one for an id that does not exist, and every refusal
leaves one ``access_denied`` entry in the audit log."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from service.auth.tokens import Role, create_token
from service.storage.models import AuditEntry
from service.storage.session import dispose_engines, session_scope
from tests.service.stack import SAMPLE, SMALL_EVIDENCE, small_submission, zip_folder

pytestmark = pytest.mark.service

OWN_UNIT, OTHER_UNIT = "Huyện Kon Rẫy", "Huyện Đăk Hà"

# principal -> (role, unit, province)
PRINCIPALS: dict[str, tuple[Role, str | None, str | None]] = {
    "unit_own": (Role.UNIT, OWN_UNIT, "kontum"),
    "unit_other": (Role.UNIT, OTHER_UNIT, "kontum"),
    "council_own": (Role.COUNCIL, None, "kontum"),
    "council_other": (Role.COUNCIL, None, "gialai"),
    "auditor": (Role.AUDITOR, None, None),
    "admin": (Role.ADMIN, None, None),
}

OK = "ok"
# endpoint -> principal -> expected status ("ok" = the request is served: 2xx, or 409 "no report yet")
MATRIX: dict[str, dict[str, int | str]] = {
    "get_submission": {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404,
                       "auditor": OK, "admin": 403, "anonymous": 401},
    "get_report": {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404,
                   "auditor": OK, "admin": 403, "anonymous": 401},
    "add_files": {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404,
                  "auditor": 403, "admin": 403, "anonymous": 401},
    "appraisal": {"unit_own": 403, "unit_other": 403, "council_own": OK, "council_other": 404,
                  "auditor": 403, "admin": 403, "anonymous": 401},
    "create_for_own_unit": {"unit_own": OK, "unit_other": 403, "council_own": OK, "council_other": OK,
                            "auditor": 403, "admin": 403, "anonymous": 401},
    "audit": {"unit_own": 403, "unit_other": 403, "council_own": 403, "council_other": 403,
              "auditor": OK, "admin": 403, "anonymous": 401},
    "tokens": {"unit_own": 403, "unit_other": 403, "council_own": 403, "council_other": 403,
               "auditor": 403, "admin": OK, "anonymous": 401},
    "status": {"unit_own": 403, "unit_other": 403, "council_own": OK, "council_other": OK,
               "auditor": OK, "admin": OK, "anonymous": 401},
}


@pytest.fixture()
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, dict[str, str], str]]:
    for key in ("VERIFIER_BROKER_URL", "DATABASE_URL", "VERIFIER_BLOB_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_INLINE_JOBS", "1")
    from service.api.app import create_app
    from service.config import load_settings

    settings = load_settings()
    with TestClient(create_app(settings)) as client:
        tokens: dict[str, str] = {}
        with session_scope(settings.database_url) as s:
            for name, (role, unit, province) in PRINCIPALS.items():
                tokens[name] = create_token(s, role, unit=unit, province=province)
        folder = small_submission(tmp_path / "sub", count=2)
        resp = client.post("/submissions", headers=_auth(tokens["unit_own"]),
                           files={"archive": ("s.zip", zip_folder(folder), "application/zip")})
        assert resp.status_code == 202, resp.text
        yield client, tokens, resp.json()["id"]
    dispose_engines()


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def _supplement() -> dict[str, Any]:
    pdf = (SAMPLE / SMALL_EVIDENCE[2]).read_bytes()
    return {"files": {"evidence": ("2.1.1/KH-61.pdf", pdf, "application/pdf")}}


def _call(client: TestClient, endpoint: str, sub_id: str, headers: dict[str, str], tmp: Path) -> Any:
    if endpoint == "get_submission":
        return client.get(f"/submissions/{sub_id}", headers=headers)
    if endpoint == "get_report":
        return client.get(f"/submissions/{sub_id}/report", headers=headers)
    if endpoint == "add_files":
        return client.post(f"/submissions/{sub_id}/files", headers=headers, **_supplement())
    if endpoint == "appraisal":
        return client.post(f"/submissions/{sub_id}/appraisal", headers=headers,
                           json={"scores": [{"criterion": "1.1.1", "score": "0,5", "opinion": "Đạt"}]})
    if endpoint == "create_for_own_unit":
        folder = small_submission(tmp / "again", count=1)
        return client.post("/submissions", headers=headers, data={"unit": OWN_UNIT},
                           files={"archive": ("s.zip", zip_folder(folder), "application/zip")})
    if endpoint == "audit":
        return client.get("/audit", headers=headers, params={"unit": OWN_UNIT})
    if endpoint == "tokens":
        return client.post("/tokens", headers=headers, json={"role": "auditor"})
    if endpoint == "status":
        return client.get("/status", headers=headers)
    raise AssertionError(endpoint)


def _denials(client: TestClient) -> int:
    url = client.app.state.settings.database_url  # type: ignore[attr-defined]
    with session_scope(url) as s:
        return int(s.execute(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "access_denied")).scalar_one())


def test_authorisation_matrix(app_env: tuple[TestClient, dict[str, str], str], tmp_path: Path) -> None:
    client, tokens, sub_id = app_env
    not_found_body = client.get("/submissions/0123456789abcdef0123456789abcdef",
                                headers=_auth(tokens["unit_own"])).content
    failures: list[str] = []
    for endpoint, row in MATRIX.items():
        for principal, expected in row.items():
            before = _denials(client)
            resp = _call(client, endpoint, sub_id, _auth(tokens.get(principal)), tmp_path / f"{endpoint}-{principal}")
            logged = _denials(client) - before
            got = resp.status_code
            if expected == OK:
                if not (200 <= got < 300 or (endpoint == "get_report" and got == 409)) or logged:
                    failures.append(f"{endpoint} as {principal}: {got} {resp.text[:120]} (denials logged {logged})")
            elif got != expected or logged != 1:
                failures.append(f"{endpoint} as {principal}: {got}, expected {expected} (denials logged {logged})")
            elif got == 404 and resp.content != not_found_body:
                failures.append(f"{endpoint} as {principal}: the 404 differs from a missing id's")
    assert not failures, "\n".join(failures)


def test_health_needs_no_token_and_ids_cannot_be_probed(app_env: tuple[TestClient, dict[str, str], str]) -> None:
    client, tokens, sub_id = app_env
    assert client.get("/health").json() == {"status": "ok"}
    other = client.get(f"/submissions/{sub_id}", headers=_auth(tokens["unit_other"]))
    missing = client.get("/submissions/ffffffffffffffffffffffffffffffff", headers=_auth(tokens["unit_other"]))
    assert (other.status_code, other.content) == (missing.status_code, missing.content)
    revoked = client.get(f"/submissions/{sub_id}", headers=_auth(tokens["unit_own"] + "x"))
    assert revoked.status_code == 401


def test_unit_cannot_name_another_unit_in_its_upload(app_env: tuple[TestClient, dict[str, str], str],
                                                     tmp_path: Path) -> None:
    client, tokens, _ = app_env
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("assessment.tsv", (SAMPLE / "assessment.tsv").read_text(encoding="utf-8"))
    resp = client.post("/submissions", headers=_auth(tokens["unit_own"]), data={"unit": OTHER_UNIT},
                       files={"archive": ("s.zip", buf.getvalue(), "application/zip")})
    assert resp.status_code == 403
