"""The authorisation matrix: every role x every API endpoint x own/other unit, on the real app
(SQLite, in-process runner). Refusals are 401/403/404 exactly as the table below says, a 404 for
another unit's dossier is byte-identical to the one for an id that does not exist, every refusal of
a known principal leaves one ``access_denied`` entry, and an unknown or missing token leaves none
(it is counted instead). The pages have their own matrix in tests/service/test_authz_pages.py."""

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
# endpoint -> principal -> expected status. "ok": authorisation let the request through, whatever the
# dossier's state then says (2xx, or 409/422 for a move the status does not allow, a missing file).
MATRIX: dict[str, dict[str, int | str]] = {
    "get_submission": {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404,
                       "auditor": OK, "admin": 403, "anonymous": 401},
    "get_report": {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404,
                   "auditor": OK, "admin": 403, "anonymous": 401},
    "add_files": {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404,
                  "auditor": 403, "admin": 403, "anonymous": 401},
    "appraisal": {"unit_own": 403, "unit_other": 403, "council_own": OK, "council_other": 404,
                  "auditor": 403, "admin": 403, "anonymous": 401},
    # Another province's council cannot even name the unit: it is not one of its province's (422).
    "create_for_own_unit": {"unit_own": OK, "unit_other": 403, "council_own": OK, "council_other": 422,
                            "auditor": 403, "admin": 403, "anonymous": 401},
    "send": {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404,
             "auditor": 403, "admin": 403, "anonymous": 401},
    "start_round": {"unit_own": 403, "unit_other": 403, "council_own": OK, "council_other": 404,
                    "auditor": 403, "admin": 403, "anonymous": 401},
    "deadline": {"unit_own": 403, "unit_other": 403, "council_own": OK, "council_other": OK,
                 "auditor": 403, "admin": 403, "anonymous": 401},
    "criterion_files": {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404,
                        "auditor": 403, "admin": 403, "anonymous": 401},
    "remove_files": {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404,
                     "auditor": 403, "admin": 403, "anonymous": 401},
    "reply": {"unit_own": OK, "unit_other": 404, "council_own": 403, "council_other": 403,
              "auditor": 403, "admin": 403, "anonymous": 401},
    "list_tokens": {"unit_own": 403, "unit_other": 403, "council_own": 403, "council_other": 403,
                    "auditor": 403, "admin": OK, "anonymous": 401},
    "revoke_token": {"unit_own": 403, "unit_other": 403, "council_own": 403, "council_other": 403,
                     "auditor": 403, "admin": OK, "anonymous": 401},
    "create_account": {"unit_own": 403, "unit_other": 403, "council_own": 403, "council_other": 403,
                       "auditor": 403, "admin": OK, "anonymous": 401},
    "list_accounts": {"unit_own": 403, "unit_other": 403, "council_own": 403, "council_other": 403,
                      "auditor": 403, "admin": OK, "anonymous": 401},
    "create_unit": {"unit_own": 403, "unit_other": 403, "council_own": 403, "council_other": 403,
                    "auditor": 403, "admin": OK, "anonymous": 401},
    "list_units": {"unit_own": 403, "unit_other": 403, "council_own": OK, "council_other": OK,
                   "auditor": OK, "admin": OK, "anonymous": 401},
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
    # The matrix makes ~25 anonymous calls in a row; the rate limit has its own test (test_flood.py).
    monkeypatch.setenv("VERIFIER_AUTH_FAILURES_PER_MINUTE", "1000")
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
    if endpoint == "send":
        return client.post(f"/submissions/{sub_id}/moves", headers=headers, json={"move": "send"})
    if endpoint == "start_round":
        return client.post(f"/submissions/{sub_id}/moves", headers=headers, json={"move": "start_round1"})
    if endpoint == "deadline":
        return client.post("/deadlines", headers=headers,
                           json={"year": 2023, "phase": "reply", "due_at": "2099-01-15T17:00:00+07:00"})
    if endpoint == "criterion_files":
        pdf = (SAMPLE / SMALL_EVIDENCE[3]).read_bytes()
        return client.post(f"/submissions/{sub_id}/criteria/2.2.4/files", headers=headers,
                           files={"file": ("BC-473.pdf", pdf, "application/pdf")})
    if endpoint == "remove_files":
        return client.post(f"/submissions/{sub_id}/files/remove", headers=headers,
                           json={"files": ["evidence/9.9/none.pdf"]})
    if endpoint == "reply":
        return client.post(f"/submissions/{sub_id}/criteria/1.1.1/reply", headers=headers, data={"text": "Đã bổ sung"})
    if endpoint == "list_tokens":
        return client.get("/tokens", headers=headers)
    if endpoint == "revoke_token":
        made = client.post("/tokens", headers=ADMIN_HEADERS[0], json={"role": "auditor", "label": "to revoke"}).json()
        return client.post(f"/tokens/{made['id']}/revoke", headers=headers)
    if endpoint == "create_account":
        name = f"acct{len(tmp.name)}{abs(hash(tmp.name)) % 100000}"
        return client.post("/accounts", headers=headers, json={"username": name, "password": "mot-mat-khau-dai",
                                                              "role": "auditor"})
    if endpoint == "list_accounts":
        return client.get("/accounts", headers=headers)
    if endpoint == "create_unit":
        return client.post("/units", headers=headers, json={"name": f"Xã {tmp.name}"})
    if endpoint == "list_units":
        return client.get("/units", headers=headers, params={"q": "kon ray"})
    raise AssertionError(endpoint)


ADMIN_HEADERS: list[dict[str, str]] = []


def _denials(client: TestClient) -> int:
    url = client.app.state.settings.database_url  # type: ignore[attr-defined]
    with session_scope(url) as s:
        return int(s.execute(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "access_denied")).scalar_one())


def test_authorisation_matrix(app_env: tuple[TestClient, dict[str, str], str], tmp_path: Path) -> None:
    client, tokens, sub_id = app_env
    ADMIN_HEADERS[:] = [_auth(tokens["admin"])]
    not_found_body = client.get("/submissions/0123456789abcdef0123456789abcdef",
                                headers=_auth(tokens["unit_own"])).content
    failures: list[str] = []
    for endpoint, row in MATRIX.items():
        for principal, expected in row.items():
            before = _denials(client)
            resp = _call(client, endpoint, sub_id, _auth(tokens.get(principal)), tmp_path / f"{endpoint}-{principal}")
            logged = _denials(client) - before
            got = resp.status_code
            expected_logged = 1 if expected in (403, 404) else 0
            if expected == OK:
                if got in (401, 403, 404) or got >= 500 or logged:
                    failures.append(f"{endpoint} as {principal}: {got} {resp.text[:120]} (denials logged {logged})")
            elif got != expected or logged != expected_logged:
                failures.append(f"{endpoint} as {principal}: {got}, expected {expected} (denials logged {logged})")
            elif got == 404 and resp.content != not_found_body:
                failures.append(f"{endpoint} as {principal}: the 404 differs from a missing id's")
    assert not failures, "\n".join(failures)


def test_health_needs_no_token_and_ids_cannot_be_probed(app_env: tuple[TestClient, dict[str, str], str]) -> None:
    client, tokens, sub_id = app_env
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/live").json() == {"status": "ok"}
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
