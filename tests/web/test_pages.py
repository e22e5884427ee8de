"""Page rules that need no browser: sign-in redirect, CSRF, class bands, input errors as pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.web.bands import Bands, index_of

BASE = "http://testserver"
PASSWORD = "mat khau thu nghiem"


@pytest.fixture()
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("VERIFIER_BROKER_URL", raising=False)
    from service.api.app import create_app
    from service.auth.accounts import create_account
    from service.auth.tokens import Role
    from service.config import load_settings
    from service.storage.session import dispose_engines, session_scope, upgrade
    from service.workflow import units

    settings = load_settings()
    app = create_app(settings)
    assert any(str(getattr(r, "path", "")).startswith("/ui") for r in app.router.routes)
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as s:
        unit = units.ensure(s, "kontum", "Huyện Kon Rẫy", actor="test")
        create_account(s, username="donvi", display_name="Đơn vị", password=PASSWORD, role=Role.UNIT,
                       unit_id=unit.id, actor="test")
        create_account(s, username="kiemtra", display_name="Kiểm tra", password=PASSWORD, role=Role.AUDITOR,
                       province="kontum", actor="test")
    with TestClient(app, base_url=BASE) as c:
        yield c
    dispose_engines()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def _sign_in(c: TestClient, username: str, password: str = PASSWORD) -> object:
    form = c.get("/ui/signin").text
    return c.post("/ui/signin", data={"username": username, "password": password, "csrf": _csrf(form)},
                  headers={"Origin": BASE}, follow_redirects=False)


def test_pages_need_a_session_and_a_known_account(client: TestClient) -> None:
    r = client.get("/ui/unit", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ui/signin"
    r = _sign_in(client, "donvi", "sai")
    assert r.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng" in r.text  # type: ignore[attr-defined]
    assert "pv_session" not in r.cookies                                                    # type: ignore[attr-defined]


def test_session_cookie_is_http_only_and_posts_need_the_csrf_value(client: TestClient) -> None:
    r = _sign_in(client, "donvi")
    cookie = r.headers["set-cookie"]                                                        # type: ignore[attr-defined]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    files = {"archive": ("x.zip", b"PK\x05\x06" + b"\x00" * 18, "application/zip")}
    r = client.post("/ui/submissions", data={"csrf": "wrong"}, files=files, follow_redirects=False)
    assert r.status_code == 403
    csrf = _csrf(client.get("/ui/unit").text)
    r = client.post("/ui/submissions", data={"csrf": csrf}, files=files, follow_redirects=False)
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]   # a typed error, as a page
    assert "Hồ sơ" in r.text and "Traceback" not in r.text


def test_audit_page_refuses_a_unit_and_reports_bad_input(client: TestClient) -> None:
    _sign_in(client, "donvi")
    assert client.get("/ui/audit").status_code == 403
    client.cookies.clear()
    _sign_in(client, "kiemtra")
    r = client.get("/ui/audit", params={"year": "hai nghìn"})
    assert r.status_code == 422 and "hai nghìn" in r.text
    for bad in ("9999-12-31", "0001-01-01", "2024-02-30", "x"):
        r = client.get("/ui/audit", params={"until": bad})
        assert r.status_code == 422 and bad in r.text, bad
        assert client.get("/ui/audit.csv", params={"until": bad}).status_code == 422
        assert client.get("/ui/audit", params={"since": bad}).status_code == 422
    r = client.get("/ui/audit", params={"action": "signed_in", "until": "2099-12-31"})
    assert r.status_code == 200 and "Đăng nhập" in r.text and "Nguyên vẹn" in r.text


def test_class_bands_and_their_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    bands = Bands()
    assert [bands.band(Decimal(v)) for v in ("93.73", "90", "89.99", "86.47", "70", "69.99", "50", "12")] == [
        "xuat_sac", "xuat_sac", "tot", "tot", "kha", "trung_binh", "trung_binh", "yeu"]
    assert index_of(Decimal("89.21"), Decimal("97")) == Decimal("91.97")     # domain.md 0.2
    monkeypatch.setenv("VERIFIER_CLASS_BANDS", "95,85,75,55")
    assert Bands.from_env().band(Decimal("93.73")) == "tot"
    monkeypatch.setenv("VERIFIER_CLASS_BANDS", "50,60,70,80")
    with pytest.raises(ValueError):
        Bands.from_env()
