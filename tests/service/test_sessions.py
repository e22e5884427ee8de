"""Accounts and sessions on the real app: sign-in needs the form's CSRF value and this origin, a
session is a random id of its own (never a token) that sign-out, expiry, a disabled account or a
new password end; failed sign-ins and bad tokens are counted and rate-limited, never chained one
audit entry each; API tokens expire and are revoked from the command line."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from service.auth.accounts import create_account
from service.auth.tokens import Role, create_token
from service.storage.models import Account, ApiToken, AuditEntry, AuthFailure, WebSession
from service.storage.session import dispose_engines, session_scope
from service.workflow import units

pytestmark = pytest.mark.service
REPO = Path(__file__).resolve().parents[2]
BASE = "http://testserver"
PASSWORD = "mật-khẩu-đủ-dài"


@dataclass
class App:
    client: TestClient
    url: str
    home: Path


@pytest.fixture()
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    for key in ("VERIFIER_BROKER_URL", "DATABASE_URL", "VERIFIER_BLOB_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    monkeypatch.setenv("VERIFIER_AUTH_FAILURES_PER_MINUTE", "5")
    monkeypatch.setenv("VERIFIER_LOGIN_FAILURES_PER_ACCOUNT", "3")
    from service.api.app import create_app
    from service.config import load_settings

    settings = load_settings()
    with TestClient(create_app(settings), base_url=BASE) as client:
        with session_scope(settings.database_url) as s:
            unit = units.ensure(s, "kontum", "Huyện Kon Rẫy", actor="test")
            create_account(s, username="donvi.konray", display_name="Nguyễn Văn A", password=PASSWORD,
                           role=Role.UNIT, unit_id=unit.id, actor="test")
            create_account(s, username="hoidong", display_name="Trần Thị B", password=PASSWORD,
                           role=Role.COUNCIL, province="kontum", actor="test")
        yield App(client, settings.database_url, tmp_path)
    dispose_engines()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF value on the page"
    return found.group(1)


def sign_in(c: TestClient, username: str, password: str = PASSWORD, origin: str | None = BASE,
            csrf: str | None = None) -> object:
    page = c.get("/ui/signin")
    headers = {"Origin": origin} if origin else {}
    return c.post("/ui/signin", data={"username": username, "password": password,
                                      "csrf": csrf if csrf is not None else _csrf(page.text)},
                  headers=headers, follow_redirects=False)


def audit_rows(app: App) -> int:
    with session_scope(app.url) as s:
        return int(s.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def test_sign_in_makes_a_server_side_session_that_sign_out_ends(app: App) -> None:
    c = app.client
    resp = sign_in(c, "DonVi.KonRay")                          # usernames are case-insensitive
    assert resp.status_code == 303 and resp.headers["location"] == "/ui/unit"   # type: ignore[attr-defined]
    cookie = c.cookies.get("pv_session")
    assert cookie and not cookie.startswith("pv_")             # its own random id, not an API token
    set_cookie = resp.headers["set-cookie"]                    # type: ignore[attr-defined]
    assert "HttpOnly" in set_cookie and "SameSite=strict" in set_cookie
    with session_scope(app.url) as s:
        stored = s.execute(select(WebSession.id)).scalars().all()
    assert cookie not in stored                                # only its hash is stored
    home = c.get("/ui/unit")
    assert home.status_code == 200 and "Nguyễn Văn A" in home.text
    c.post("/ui/signout", data={"csrf": _csrf(home.text)})
    c.cookies.set("pv_session", cookie)                        # a copy of the cookie kept by someone
    assert c.get("/ui/unit", follow_redirects=False).status_code == 303


def test_sign_in_refuses_another_origin_and_a_missing_csrf_value(app: App) -> None:
    c = app.client
    assert sign_in(c, "hoidong", origin="https://evil.example").status_code == 403   # type: ignore[attr-defined]
    assert sign_in(c, "hoidong", csrf="").status_code == 403                          # type: ignore[attr-defined]
    c.cookies.clear()
    forged = c.post("/ui/signin", data={"username": "hoidong", "password": PASSWORD, "csrf": "x" * 32},
                    headers={"Origin": BASE}, follow_redirects=False)
    assert forged.status_code == 403 and "pv_session" not in forged.cookies
    assert sign_in(c, "hoidong").status_code == 303                                   # type: ignore[attr-defined]


def test_sessions_expire_and_end_with_a_disabled_account_or_a_new_password(app: App) -> None:
    c = app.client
    sign_in(c, "hoidong")
    assert c.get("/ui/council").status_code == 200
    with session_scope(app.url) as s:
        s.execute(update(WebSession).values(expires_at=dt.datetime(2000, 1, 1)))
    assert c.get("/ui/council", follow_redirects=False).status_code == 303
    sign_in(c, "hoidong")
    with session_scope(app.url) as s:
        s.execute(update(WebSession).values(last_seen_at=dt.datetime(2000, 1, 1)))   # idle too long
    assert c.get("/ui/council", follow_redirects=False).status_code == 303
    sign_in(c, "hoidong")
    page = c.get("/ui/account")
    changed = c.post("/ui/account", data={"csrf": _csrf(page.text), "old": PASSWORD, "new": "mật khẩu mới dài",
                                          "again": "mật khẩu mới dài"}, follow_redirects=False)
    assert changed.status_code == 303
    assert c.get("/ui/council", follow_redirects=False).status_code == 303
    assert sign_in(c, "hoidong").status_code == 401                                   # type: ignore[attr-defined]
    assert sign_in(c, "hoidong", "mật khẩu mới dài").status_code == 303              # type: ignore[attr-defined]
    with session_scope(app.url) as s:
        account = s.execute(select(Account).where(Account.username == "hoidong")).scalar_one()
        from service.auth.accounts import set_disabled

        set_disabled(s, account, True, actor="test")
    assert c.get("/ui/council", follow_redirects=False).status_code == 303


def test_failed_sign_ins_are_counted_and_limited_not_chained(app: App) -> None:
    c = app.client
    before = audit_rows(app)
    codes = [sign_in(c, "hoidong", "sai mật khẩu").status_code for _ in range(4)]   # type: ignore[attr-defined]
    assert codes == [401, 401, 401, 429]                       # 3 per account in 15 minutes, then 429
    assert sign_in(c, "hoidong").status_code == 429            # type: ignore[attr-defined]
    assert audit_rows(app) == before                           # no chained row per failure
    c.app.state.failure_book.flush()                           # type: ignore[attr-defined]
    with session_scope(app.url) as s:
        counted = s.execute(select(func.sum(AuthFailure.count))).scalar_one()
    assert counted == 3


def test_an_anonymous_flood_does_not_grow_the_log(app: App) -> None:
    c = app.client
    with session_scope(app.url) as s:
        token = create_token(s, Role.COUNCIL, province="kontum")
    before = audit_rows(app)
    started = time.monotonic()
    statuses = [c.get("/submissions/x", headers={"Authorization": f"Bearer pv_bad{i}"}).status_code
                for i in range(300)]
    flood_s = time.monotonic() - started
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    real = c.get("/status", headers={"Authorization": f"Bearer {token}"})
    assert real.status_code == 200                            # a real token still works from the same address
    c.app.state.failure_book.flush()                          # type: ignore[attr-defined]
    with session_scope(app.url) as s:
        counted = s.execute(select(func.sum(AuthFailure.count))).scalar_one()
        rows = s.execute(select(func.count()).select_from(AuthFailure)).scalar_one()
    assert audit_rows(app) == before + 1                       # the real request's token_used, nothing else
    assert counted == 300 and rows == 1
    print(f"\nflood: 300 bad tokens in {flood_s:.2f} s, audit rows added 0, counter rows 1")


def _cli(home: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "DATABASE_URL": url, "VERIFIER_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_tokens_expire_and_the_cli_revokes_them(app: App) -> None:
    c = app.client
    made = _cli(app.home, app.url, "token", "create", "--role", "council", "--province", "kontum", "--days", "30")
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    auth = {"Authorization": f"Bearer {secret}"}
    assert c.get("/status", headers=auth).status_code == 200
    with session_scope(app.url) as s:
        row = s.execute(select(ApiToken).where(ApiToken.prefix == secret[:10])).scalar_one()
        assert row.expires_at is not None and row.expires_at > dt.datetime.now() + dt.timedelta(days=29)
    revoked = _cli(app.home, app.url, "token", "revoke", secret[:10])
    assert revoked.returncode == 0 and secret[:10] in revoked.stdout
    assert c.get("/status", headers=auth).status_code == 401
    other = create_token_expired(app)
    assert c.get("/status", headers={"Authorization": f"Bearer {other}"}).status_code == 401
    missing = _cli(app.home, app.url, "token", "revoke", "pv_nothere")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


def create_token_expired(app: App) -> str:
    with session_scope(app.url) as s:
        secret = create_token(s, Role.AUDITOR, days=1)
        s.execute(update(ApiToken).where(ApiToken.prefix == secret[:10]).values(expires_at=dt.datetime(2000, 1, 1)))
    return secret


def test_the_first_admin_is_created_on_the_command_line_and_signs_in(app: App) -> None:
    made = subprocess.run([sys.executable, "-m", "cli.main", "account", "create", "--username", "quantri",
                           "--name", "Quản trị Sở Nội vụ", "--role", "admin", "--province", "kontum",
                           "--password-stdin"], input="mot mat khau rat dai\n", cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO),
                                                       "DATABASE_URL": app.url, "VERIFIER_HOME": str(app.home)})
    assert made.returncode == 0, made.stderr
    short = _cli(app.home, app.url, "account", "create", "--username", "x", "--role", "auditor", "--password-stdin")
    assert short.returncode == 2 and short.stderr.count("\n") == 1
    resp = sign_in(app.client, "quantri", "mot mat khau rat dai")
    assert resp.status_code == 303 and resp.headers["location"] == "/ui/admin"         # type: ignore[attr-defined]
    admin = app.client.get("/ui/admin")
    assert admin.status_code == 200 and "Kon Tum" in admin.text                      # the province by its name
