"""The authorisation matrix of the pages: every role (signed in with an account) x every page and form
x own/other unit and province. Refused as the table says (403 for a role that may never, the same 404
as a missing dossier for one outside the scope), each refusal logged once; without a session every
page sends the browser to the sign-in page."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from service.auth.accounts import create_account
from service.auth.tokens import Role, create_token
from service.storage.models import AuditEntry, RoundFile
from service.storage.session import dispose_engines, session_scope
from service.workflow import units
from tests.service.stack import SMALL_EVIDENCE, small_submission, zip_folder

pytestmark = [pytest.mark.service, pytest.mark.slow]   # one real check, six sign-ins: ~1 min
BASE = "http://testserver"
PASSWORD = "mat-khau-cua-thu-nghiem"
OK = "ok"
# name -> (role, unit name or None, province)
ACCOUNTS: dict[str, tuple[Role, str | None, str]] = {
    "unit_own": (Role.UNIT, "Huyện Kon Rẫy", "kontum"),
    "unit_other": (Role.UNIT, "Huyện Kon Rấy", "kontum"),     # one accent away: another unit
    "council_own": (Role.COUNCIL, None, "kontum"),
    "council_other": (Role.COUNCIL, None, "gialai"),
    "auditor": (Role.AUDITOR, None, "kontum"),
    "admin": (Role.ADMIN, None, "kontum"),
}
Row = dict[str, int | str]
READ: Row = {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404, "auditor": OK, "admin": 403}
CHANGE: Row = {"unit_own": OK, "unit_other": 404, "council_own": OK, "council_other": 404, "auditor": 403, "admin": 403}
COUNCIL_ONLY: Row = {"unit_own": 403, "unit_other": 403, "council_own": OK, "council_other": 404, "auditor": 403,
                "admin": 403}
PROVINCE_BOARD: Row = {"unit_own": 403, "unit_other": 403, "council_own": OK, "council_other": OK, "auditor": OK,
                  "admin": 403}
ROLE: dict[Role, Row] = {r: {n: (OK if ACCOUNTS[n][0] is r else 403) for n in ACCOUNTS} for r in Role}
# page or form -> expectations; {id} is the dossier, {file} one of its files
PAGES: dict[str, dict[str, int | str]] = {
    "GET /ui/unit": {**ROLE[Role.UNIT], "council_own": OK, "council_other": OK},
    "GET /ui/submissions/{id}": READ,
    "GET /ui/submissions/{id}/progress.json": READ,
    "GET /ui/submissions/{id}/files/{file}": READ,
    "GET /ui/submissions/{id}/files/{file}/page.png": READ,
    "GET /ui/submissions/{id}/files/{file}/download": READ,
    "GET /ui/submissions/{id}/export.xlsx": READ,
    "GET /ui/submissions/{id}/report.json": READ,
    "GET /ui/council": PROVINCE_BOARD,
    "GET /ui/council/export.xlsx": PROVINCE_BOARD,
    "GET /ui/council/{id}/review": COUNCIL_ONLY,
    "GET /ui/council/deadlines": {**ROLE[Role.COUNCIL], "council_other": OK},
    "GET /ui/audit": ROLE[Role.AUDITOR],
    "GET /ui/audit.csv": ROLE[Role.AUDITOR],
    "GET /ui/admin": ROLE[Role.ADMIN],
    "POST /ui/submissions/{id}/move": CHANGE,
    "POST /ui/submissions/{id}/files/remove": CHANGE,
    "POST /ui/council/{id}/review": COUNCIL_ONLY,
    "POST /ui/admin/units": ROLE[Role.ADMIN],
}


@dataclass
class Env:
    client: TestClient
    url: str
    sub_id: str
    file_id: int


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    import os

    home = tmp_path_factory.mktemp("pages-authz")
    saved = {k: os.environ.get(k) for k in ("VERIFIER_HOME", "DATABASE_URL", "VERIFIER_BROKER_URL",
                                            "VERIFIER_INLINE_JOBS", "VERIFIER_AUTH_FAILURES_PER_MINUTE")}
    os.environ.update({"VERIFIER_HOME": str(home), "VERIFIER_INLINE_JOBS": "1",
                       "VERIFIER_AUTH_FAILURES_PER_MINUTE": "1000"})
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("VERIFIER_BROKER_URL", None)
    from service.api.app import create_app
    from service.config import load_settings

    settings = load_settings()
    try:
        with TestClient(create_app(settings), base_url=BASE) as client:
            with session_scope(settings.database_url) as s:
                for name, (role, unit, province) in ACCOUNTS.items():
                    unit_id = units.ensure(s, province, unit, actor="test").id if unit else None
                    create_account(s, username=name.replace("_", "."), display_name=name, password=PASSWORD,
                                   role=role, unit_id=unit_id, province=province, actor="test")
                token = create_token(s, Role.UNIT, unit="Huyện Kon Rẫy", province="kontum")
            folder = small_submission(home / "sub", count=1)
            resp = client.post("/submissions", headers={"Authorization": f"Bearer {token}"},
                               files={"archive": ("s.zip", zip_folder(folder), "application/zip")})
            sub_id = resp.json()["id"]
            deadline = time.monotonic() + 120
            while client.get(f"/submissions/{sub_id}", headers={"Authorization": f"Bearer {token}"}
                             ).json()["status"] not in ("done", "failed"):
                assert time.monotonic() < deadline, "the check did not finish"
                time.sleep(0.3)
            with session_scope(settings.database_url) as s:
                file_id = s.execute(select(RoundFile.id).where(RoundFile.relative == SMALL_EVIDENCE[0])).scalar_one()
            yield Env(client, settings.database_url, sub_id, file_id)
    finally:
        dispose_engines()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    return found.group(1) if found else ""


def _sign_in(c: TestClient, name: str) -> str:
    c.cookies.clear()
    page = c.get("/ui/signin")
    resp = c.post("/ui/signin", data={"username": name.replace("_", "."), "password": PASSWORD,
                                      "csrf": _csrf(page.text)}, headers={"Origin": BASE}, follow_redirects=False)
    assert resp.status_code == 303, f"sign-in as {name}: {resp.status_code}"
    return _csrf(c.get("/ui/account").text)


def _denials(env: Env) -> int:
    with session_scope(env.url) as s:
        return int(s.execute(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "access_denied")).scalar_one())


def _request(env: Env, page: str, csrf: str) -> int:
    method, path = page.split(" ", 1)
    path = path.replace("{id}", env.sub_id).replace("{file}", str(env.file_id))
    if method == "GET":
        return int(env.client.get(path, follow_redirects=False).status_code)
    data = {"csrf": csrf, "move": "send", "file": "evidence/9.9/none.pdf", "name": "Xã Thử", "score__1.1.1": ""}
    return int(env.client.post(path, data=data, follow_redirects=False).status_code)


def test_every_page_and_form_refuses_exactly_as_the_matrix_says(env: Env) -> None:
    failures: list[str] = []
    for name in ACCOUNTS:
        csrf = _sign_in(env.client, name)
        for page, row in PAGES.items():
            expected = row[name]
            before = _denials(env)
            got = _request(env, page, csrf)
            logged = _denials(env) - before
            if expected == OK:
                if got in (401, 403, 404) or got >= 500 or logged:
                    failures.append(f"{page} as {name}: {got} (denials logged {logged})")
            elif got != expected or logged != 1:
                failures.append(f"{page} as {name}: {got}, expected {expected} (denials logged {logged})")
    assert not failures, "\n".join(failures)


def test_without_a_session_every_page_goes_to_sign_in(env: Env) -> None:
    env.client.cookies.clear()
    for page in PAGES:
        got = _request(env, page, "")
        assert got in (303, 403), f"{page}: {got}"     # a form without a session is refused (its CSRF too)
        if page.startswith("GET"):
            assert got == 303, page


def test_forms_without_the_sessions_csrf_value_are_refused(env: Env) -> None:
    _sign_in(env.client, "council_own")
    for page in [p for p in PAGES if p.startswith("POST")]:
        assert _request(env, page, "wrong") == 403, page
