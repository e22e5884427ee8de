"""The HTTP edge through the real app (embedded mode, SQLite): security headers on every kind of
response, crafted uploads answered 422 with a typed error naming the entry, the audit date edge,
per-submission budgets refused in both languages, readiness that follows the database, and the
start-up sweep of staging folders and orphan blobs."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from service.auth.accounts import create_account
from service.auth.tokens import Role, create_token
from service.storage.models import Blob, Submission
from service.storage.session import dispose_engines, session_scope
from service.workflow import units
from tests.service.stack import SAMPLE, SMALL_EVIDENCE, free_port

pytestmark = pytest.mark.service
UNIT = "Huyện Kon Rẫy"
BASE = "http://testserver"
PASSWORD = "mật-khẩu-đủ-dài"
HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options")


@dataclass
class App:
    client: TestClient
    url: str
    home: Path
    unit: dict[str, str]
    auditor: dict[str, str]


def _clear(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    for key in list(os.environ):
        if key.startswith("VERIFIER_") or key == "DATABASE_URL":
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VERIFIER_HOME", str(home))
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(home / "cache"))


@pytest.fixture()
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    _clear(monkeypatch, tmp_path)
    monkeypatch.setenv("VERIFIER_BUDGET_FILES", "4")
    monkeypatch.setenv("VERIFIER_BUDGET_TABLE_ROWS", "500")
    from service.api.app import create_app
    from service.config import load_settings

    settings = load_settings()
    with TestClient(create_app(settings), base_url=BASE) as client:
        with session_scope(settings.database_url) as s:
            unit = create_token(s, Role.UNIT, unit=UNIT, province="kontum")
            auditor = create_token(s, Role.AUDITOR, province="kontum")
            units.ensure(s, "kontum", UNIT, actor="test")
            create_account(s, username="kiemtra", display_name="Lê Văn C", password=PASSWORD, role=Role.AUDITOR,
                           province="kontum", actor="test")
        yield App(client, settings.database_url, tmp_path, {"Authorization": f"Bearer {unit}"},
                  {"Authorization": f"Bearer {auditor}"})
    dispose_engines()


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _table() -> bytes:
    return (SAMPLE / "assessment.tsv").read_bytes()


def _pdf(i: int = 0) -> bytes:
    return (SAMPLE / SMALL_EVIDENCE[i]).read_bytes()


def _submissions(url: str) -> int:
    with session_scope(url) as s:
        return int(s.execute(select(func.count()).select_from(Submission)).scalar_one())


def test_every_response_carries_the_security_headers(app: App) -> None:
    c = app.client
    responses = {
        "api json": c.get("/submissions/ffffffffffffffffffffffffffffffff", headers=app.unit),
        "health": c.get("/health"),
        "unauthenticated": c.get("/status"),
        "page": c.get("/ui/signin"),
        "not found": c.get("/no/such/path"),
        "validation error": c.post("/submissions", headers=app.unit, data={"year": "x"}),
        "static": c.get("/docs"),
    }
    for what, resp in responses.items():
        assert resp.status_code < 500, (what, resp.status_code)
        missing = [h for h in HEADERS if h not in resp.headers]
        assert not missing, f"{what} ({resp.request.url.path}) lacks {missing}"
        assert resp.headers["x-frame-options"] == "DENY" and resp.headers["x-content-type-options"] == "nosniff"
    page_csp = responses["page"].headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page_csp and "script-src 'self';" in page_csp


@pytest.mark.parametrize("case", ["file_and_folder_form", "file_and_folder_zip", "long_name_form",
                                  "long_name_zip", "deep_zip", "same_name_twice_case"])
def test_crafted_uploads_are_refused_with_a_typed_422(app: App, case: str) -> None:
    long = "a" * 4000 + "/" + "b" * 996 + ".pdf"             # a 5,000-byte entry name
    deep = "/".join(["d"] * 60) + "/x.pdf"
    table = ("assessment", ("assessment.tsv", _table(), "text/tab-separated-values"))
    if case == "file_and_folder_form":
        files = [table, ("evidence", ("1.1.1/KH.pdf", _pdf(), "application/pdf")),
                 ("evidence", ("1.1.1/KH.pdf/inner.pdf", _pdf(1), "application/pdf"))]
    elif case == "long_name_form":
        files = [table, ("evidence", (long, _pdf(), "application/pdf"))]
    elif case == "same_name_twice_case":
        files = [table, ("evidence", ("1.1.1/KH.pdf", _pdf(), "application/pdf")),
                 ("evidence", ("1.1.1/kh.PDF", _pdf(1), "application/pdf"))]
    else:
        entries = {"assessment.tsv": _table()}
        if case == "file_and_folder_zip":
            entries |= {"evidence/1.1.1/KH.pdf": _pdf(), "evidence/1.1.1/KH.pdf/inner.pdf": _pdf(1)}
        elif case == "long_name_zip":
            entries |= {f"evidence/{long}": _pdf()}
        else:
            entries |= {f"evidence/{deep}": _pdf()}
        files = [("archive", ("nop.zip", _zip(entries), "application/zip"))]
    before = _submissions(app.url)
    resp = app.client.post("/submissions", headers=app.unit, files=files)
    assert resp.status_code == 422, (resp.status_code, resp.text[:300])
    body = resp.json()
    body = body.get("detail", body)
    assert body["code"] in ("E_ARCHIVE_ENTRY", "E_SUBMISSION", "E_MULTIPART"), body
    assert body["message_vi"] and body["message_en"] and "\n" not in body["message_en"]
    assert _submissions(app.url) == before                   # nothing half-stored
    staging = app.home / "var" / "staging"
    assert not staging.exists() or not any(staging.iterdir())   # and nothing left in staging


def test_audit_date_edges_answer_4xx(app: App) -> None:
    for value in ("9999-12-31", "0001-01-01", "2026-13-45", "99999-01-01T00:00:00"):
        resp = app.client.get("/audit", params={"until": value}, headers=app.auditor)
        assert 400 <= resp.status_code < 500, (value, resp.status_code)
    page = app.client.get("/ui/signin")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    signed = app.client.post("/ui/signin", data={"username": "kiemtra", "password": PASSWORD, "csrf": csrf.group(1)},
                             headers={"Origin": BASE}, follow_redirects=False)
    assert signed.status_code in (302, 303), signed.text[:200]
    for value in ("9999-12-31", "0001-01-01"):
        resp = app.client.get("/ui/audit", params={"until": value})
        assert resp.status_code < 500, (value, resp.status_code)
    assert app.client.get("/ui/audit", params={"until": "9999-12-31"}).status_code in (200, 400, 422)


def test_budgets_refuse_in_both_languages_before_storing(app: App) -> None:
    before = _submissions(app.url)
    files = [("assessment", ("assessment.tsv", _table(), "text/tab-separated-values"))]
    files += [("evidence", (rel.removeprefix("evidence/"), _pdf(i), "application/pdf"))
              for i, rel in enumerate(SMALL_EVIDENCE[:5])]
    resp = app.client.post("/submissions", headers=app.unit, files=files)
    assert resp.status_code == 422 and resp.json()["code"] == "E_BUDGET", resp.text
    body = resp.json()
    assert "5 > 4" in body["message_en"] and "5 > 4" in body["message_vi"] and "số tệp" in body["message_vi"]
    rows = b"".join(b"1.%d\tTi\xc3\xaau ch\xc3\xad\t1\t1\t\n" % i for i in range(600))
    big = [("assessment", ("Bảng tự đánh giá.tsv", _table() + rows, "text/tab-separated-values")),
           ("evidence", ("1.1.1/KH.pdf", _pdf(), "application/pdf"))]
    resp = app.client.post("/submissions", headers=app.unit, files=big)
    assert resp.status_code == 422 and resp.json()["code"] == "E_BUDGET", resp.text
    assert "Bảng tự đánh giá.tsv" in resp.json()["message_en"] and "table rows" in resp.json()["message_en"]
    assert _submissions(app.url) == before


def test_readiness_follows_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(monkeypatch, tmp_path)
    port = free_port()                                      # no PostgreSQL listens here
    monkeypatch.setenv("DATABASE_URL", f"postgresql://postgres@127.0.0.1:{port}/nothing")
    monkeypatch.setenv("VERIFIER_AUTO_MIGRATE", "0")
    monkeypatch.setenv("VERIFIER_CHECKPOINT_INTERVAL_S", "0")
    from service.api.app import create_app
    from service.config import load_settings

    with TestClient(create_app(load_settings()), base_url=BASE) as c:
        ready = c.get("/health")
        assert ready.status_code == 503 and ready.json()["database"] == "error", ready.text
        assert c.get("/live").status_code == 200
        status = c.get("/status", headers={"Authorization": "Bearer pv_whatever"})
        assert status.status_code == 503 and status.json()["code"] == "E_UNAVAILABLE", status.text
        assert "content-security-policy" in status.headers
    dispose_engines()


def test_start_up_sweeps_old_staging_folders_and_orphan_blobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(monkeypatch, tmp_path)
    from service.api.app import create_app
    from service.config import load_settings
    from service.storage.blobs import BlobStore

    settings = load_settings()
    with TestClient(create_app(settings), base_url=BASE) as c:    # first start: schema, nothing to sweep
        with session_scope(settings.database_url) as s:
            token = create_token(s, Role.UNIT, unit=UNIT, province="kontum")
        resp = c.post("/submissions", headers={"Authorization": f"Bearer {token}"},
                      files=[("assessment", ("assessment.tsv", _table(), "text/plain")),
                             ("evidence", ("1.1.1/KH.pdf", _pdf(), "application/pdf"))])
        assert resp.status_code == 202, resp.text
    dispose_engines()
    # What an API killed mid-upload leaves: a staging folder and a blob with no row, both old; and the
    # same things young (another API process storing an upload right now).
    staging = tmp_path / "var" / "staging"
    old_stage, young_stage = staging / "tmpold", staging / "tmpyoung"
    for folder in (old_stage, young_stage):
        (folder / "evidence").mkdir(parents=True)
        (folder / "evidence" / "x.pdf").write_bytes(b"%PDF-1.4 partial")
    store = BlobStore(settings.blob_dir)
    old_blob, _ = store.put_stream(io.BytesIO(b"orphan content, old"), name="o", max_bytes=1000)
    young_blob, _ = store.put_stream(io.BytesIO(b"orphan content, young"), name="y", max_bytes=1000)
    past = time.time() - 2 * 3600
    for path in [old_stage, *old_stage.rglob("*"), store.path(old_blob)]:
        os.utime(path, (past, past), follow_symlinks=False)
    with session_scope(settings.database_url) as s:
        kept = list(s.execute(select(Blob.sha256)).scalars())
    for sha in kept:                                       # stored blobs are old too, and must stay
        os.utime(store.path(sha), (past, past))
    with TestClient(create_app(settings), base_url=BASE):
        pass
    dispose_engines()
    assert not old_stage.exists() and young_stage.exists()
    assert not store.exists(old_blob) and store.exists(young_blob)
    assert kept and all(store.exists(sha) for sha in kept)


def test_a_stalled_upload_is_cut_off_with_408(stack_factory: type, tmp_path: Path) -> None:
    import socket as sock

    from tests.service.stack import wait_for

    home = tmp_path / "home"
    stack = stack_factory(home, f"sqlite:///{home / 'var' / 'verifier.db'}", None,
                          VERIFIER_UPLOAD_IDLE_TIMEOUT_S="3")
    stack.upgrade()
    token = stack.token("unit", unit=UNIT, province="kontum")
    port = int(stack.start_api().rsplit(":", 1)[1])
    body_start = (b"--b\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"1.1.1/x.pdf\"\r\n"
                  b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n")
    head = (f"POST /submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n").encode()
    with sock.create_connection(("127.0.0.1", port), timeout=60) as conn:
        conn.sendall(head + body_start)                  # then nothing more: a client that stalls
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = conn.recv(4096)
            if not chunk:
                break
            received += chunk
    assert received.startswith(b"HTTP/1.1 408"), received[:200]
    assert b"E_UPLOAD_TIMEOUT" in received or b"content-length" in received.lower()
    staging = home / "var" / "staging"
    wait_for(lambda: not staging.exists() or not any(staging.iterdir()), 10, "the staging folder removed")


def test_even_an_unexpected_500_carries_the_security_headers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(monkeypatch, tmp_path)
    from service.api.app import create_app
    from service.config import load_settings

    application = create_app(load_settings())

    def boom() -> None:
        raise RuntimeError("a bug")

    application.add_api_route("/test-only-boom", boom)
    with TestClient(application, base_url=BASE, raise_server_exceptions=False) as c:
        resp = c.get("/test-only-boom")
    assert resp.status_code == 500 and "a bug" not in resp.text
    assert all(h in resp.headers for h in HEADERS), dict(resp.headers)
    dispose_engines()


def test_units_uploading_the_same_content_at_once_all_get_202(stack_factory: type, fresh_pg: str,
                                                               tmp_path: Path) -> None:
    """Every unit sends the same template table: concurrent inserts of one blob must not become a 500
    (found by benchmarks/load_bench.py: 9 of 20 uploads failed on blobs_pkey)."""
    import threading

    from tests.service.stack import zip_folder

    stack = stack_factory(tmp_path / "home", fresh_pg, None, VERIFIER_INLINE_JOBS="1")
    stack.upgrade()
    tokens = [stack.token("unit", unit=f"Xã Đồng Thời {i}", province="kontum") for i in range(8)]
    stack.start_api()
    folder = tmp_path / "sub"
    (folder / "evidence" / "1.1.1").mkdir(parents=True)
    (folder / "assessment.tsv").write_bytes(_table())
    (folder / "evidence" / "1.1.1" / "KH.pdf").write_bytes(_pdf())
    body = zip_folder(folder)
    statuses: list[int] = []
    go = threading.Event()

    def send(token: str) -> None:
        with stack.client(token) as client:
            go.wait()
            statuses.append(client.post("/submissions", files={"archive": ("nop.zip", body, "application/zip")})
                            .status_code)

    threads = [threading.Thread(target=send, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    go.set()
    for t in threads:
        t.join()
    assert sorted(statuses) == [202] * len(tokens), statuses
    with session_scope(fresh_pg) as s:
        assert s.execute(select(func.count()).select_from(Blob)).scalar_one() == 2    # one table, one PDF
    dispose_engines()


def test_runs_and_audit_lists_come_in_pages(app: App) -> None:
    c = app.client
    first = c.post("/submissions", headers=app.unit,
                   files=[("assessment", ("assessment.tsv", _table(), "text/plain")),
                          ("evidence", ("1.1.1/KH.pdf", _pdf(), "application/pdf"))])
    assert first.status_code == 202, first.text
    sub_id = first.json()["id"]
    for i in (1, 2):
        more = c.post(f"/submissions/{sub_id}/files", headers=app.unit,
                      files=[("evidence", (f"1.1.1/more-{i}.pdf", _pdf(i), "application/pdf"))])
        assert more.status_code == 202, more.text
    page = c.get(f"/submissions/{sub_id}", headers=app.unit, params={"runs_limit": 2}).json()
    assert [r["round"] for r in page["runs"]] == [2, 3] and page["runs_next_before"] is not None
    older = c.get(f"/submissions/{sub_id}", headers=app.unit,
                  params={"runs_limit": 2, "runs_before": page["runs_next_before"]}).json()
    assert [r["round"] for r in older["runs"]] == [1] and older["runs_next_before"] is None
    seen: list[int] = []
    before = None
    for _ in range(50):
        params: dict[str, object] = {"order": "newest", "limit": 3}
        if before is not None:
            params["before"] = before
        resp = c.get("/audit", headers=app.auditor, params=params)
        assert resp.status_code == 200, resp.text
        rows = resp.json()
        seen += [r["seq"] for r in rows]
        before = resp.headers.get("x-next-before")
        if before is None:
            break
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) > 3
    assert c.get("/audit", headers=app.auditor, params={"limit": 10**9}).status_code == 200
