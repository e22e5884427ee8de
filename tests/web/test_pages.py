"""Page rules that need no browser: sign-in redirect, CSRF, class bands, input errors as pages."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.web.bands import Bands, index_of


@pytest.fixture()
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, dict[str, str]]]:
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("VERIFIER_BROKER_URL", raising=False)
    from service.api.app import create_app
    from service.auth.tokens import Role, create_token
    from service.config import load_settings
    from service.storage.session import dispose_engines, session_scope, upgrade

    settings = load_settings()
    app = create_app(settings)
    assert any(str(getattr(r, "path", "")).startswith("/ui") for r in app.router.routes)
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as s:
        tokens = {"unit": create_token(s, Role.UNIT, unit="Huyện Kon Rẫy", province="kontum"),
                  "auditor": create_token(s, Role.AUDITOR, province="kontum")}
    with TestClient(app) as c:
        yield c, tokens
    dispose_engines()


def test_pages_need_a_session_and_a_known_token(client: tuple[TestClient, dict[str, str]]) -> None:
    c, _ = client
    r = c.get("/ui/unit", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ui/signin"
    r = c.post("/ui/signin", data={"token": "pv_not-a-token"}, follow_redirects=False)
    assert r.status_code == 401 and "Mã truy cập không hợp lệ" in r.text
    assert "pv_session" not in r.cookies


def test_session_cookie_is_http_only_and_posts_need_the_csrf_value(client: tuple[TestClient, dict[str, str]]) -> None:
    c, tokens = client
    r = c.post("/ui/signin", data={"token": tokens["unit"]}, follow_redirects=False)
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    files = {"archive": ("x.zip", b"PK\x05\x06" + b"\x00" * 18, "application/zip")}
    r = c.post("/ui/submissions", data={"csrf": "wrong"}, files=files, follow_redirects=False)
    assert r.status_code == 403
    page = c.get("/ui/unit").text
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    r = c.post("/ui/submissions", data={"csrf": csrf}, files=files, follow_redirects=False)
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]   # a typed error, as a page
    assert "Hồ sơ" in r.text and "Traceback" not in r.text


def test_audit_page_refuses_a_unit_and_reports_bad_input(client: tuple[TestClient, dict[str, str]]) -> None:
    c, tokens = client
    c.post("/ui/signin", data={"token": tokens["unit"]})
    assert c.get("/ui/audit").status_code == 403
    c.cookies.clear()
    c.post("/ui/signin", data={"token": tokens["auditor"]})
    r = c.get("/ui/audit", params={"year": "hai nghìn"})
    assert r.status_code == 422 and "hai nghìn" in r.text
    r = c.get("/ui/audit", params={"action": "token_used", "until": "2999-12-31"})
    assert r.status_code == 200 and "token_used" in r.text and "Nguyên vẹn" in r.text


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
